#!/usr/bin/env bash
# Runs the Neovim plugin's tests in a headless Neovim against the built server, then checks that
# every server Neovim started is gone once Neovim has quit.
#   NVIM=path/to/nvim MAIL_LSP_BIN=target/release/mail-lsp bash tests/editors/neovim.sh
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
NVIM="${NVIM:-$repo/.venv-nvim/bin/nvim}"
export MAIL_LSP_BIN="${MAIL_LSP_BIN:-$repo/target/release/mail-lsp}"
[ -e "$MAIL_LSP_BIN" ] && MAIL_LSP_BIN="$(realpath "$MAIL_LSP_BIN")"
artifacts="$repo/tests/artifacts/neovim"
mkdir -p "$artifacts"
export MAIL_LSP_PID_FILE="$artifacts/server-pids"
rm -f "$MAIL_LSP_PID_FILE"

"$NVIM" --version | head -1
status=0
timeout 180 "$NVIM" --clean --headless -l "$repo/tests/editors/neovim/test_lsp.lua" || status=$?

# The servers were Neovim's children; once it has quit they must end too.
mapfile -t pids < <(cat "$MAIL_LSP_PID_FILE" 2>/dev/null || true)
if [ "${#pids[@]}" -eq 0 ]; then
  echo "not ok - the server exits when Neovim quits (no server was running at the end)"
  status=1
else
  leftover=("${pids[@]}")
  for _ in $(seq 1 50); do
    still=()
    for pid in "${leftover[@]}"; do
      if kill -0 "$pid" 2>/dev/null && grep -q mail-lsp "/proc/$pid/cmdline" 2>/dev/null; then
        still+=("$pid")
      fi
    done
    leftover=("${still[@]+"${still[@]}"}")
    [ "${#leftover[@]}" -eq 0 ] && break
    sleep 0.1
  done
  if [ "${#leftover[@]}" -eq 0 ]; then
    echo "ok - the server exits when Neovim quits (${#pids[@]} server process(es))"
  else
    echo "not ok - the server exits when Neovim quits (still running: ${leftover[*]})"
    status=1
  fi
fi
exit "$status"
