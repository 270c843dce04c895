#!/usr/bin/env bash
# Takes a screenshot of a mail-lsp hover in a real Neovim: Neovim runs in a detached tmux pane,
# opens the Japanese bounce, and hovers its first status code; the pane is captured with its
# colours and rendered to a PNG (tests/editors/render_ansi.py). Also checks that the hover text
# is on screen.
#   MAIL_LSP_BIN=target/release/mail-lsp bash tests/editors/neovim-screenshot.sh [copy-to.png]
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
NVIM="${NVIM:-$repo/.venv-nvim/bin/nvim}"
PYTHON="${PYTHON:-$repo/.venv-nvim/bin/python}"
export MAIL_LSP_BIN="${MAIL_LSP_BIN:-$repo/target/release/mail-lsp}"
[ -e "$MAIL_LSP_BIN" ] && MAIL_LSP_BIN="$(realpath "$MAIL_LSP_BIN")"
export MAIL_LSP_REPO="$repo"
out="$repo/tests/artifacts/neovim"
mkdir -p "$out"
export MAIL_LSP_READY_FILE="$out/hover-ready"
rm -f "$MAIL_LSP_READY_FILE"
cols=116 rows=42
socket="mail-lsp-shot-$$"
session="shot"
cleanup() { tmux -L "$socket" kill-server 2>/dev/null || true; }
trap cleanup EXIT

tmux -L "$socket" -f /dev/null new-session -d -s "$session" -x "$cols" -y "$rows" \
  -e "MAIL_LSP_BIN=$MAIL_LSP_BIN" -e "MAIL_LSP_REPO=$repo" -e "MAIL_LSP_READY_FILE=$MAIL_LSP_READY_FILE" \
  -e "COLORTERM=truecolor" -e "LANG=C.UTF-8" \
  "$NVIM --clean -u $repo/tests/editors/neovim/screenshot_init.lua $repo/tests/editors/fixtures/bounce-ja.eml"
tmux -L "$socket" set-option -g default-terminal tmux-256color >/dev/null
for _ in $(seq 1 100); do
  [ -f "$MAIL_LSP_READY_FILE" ] && break
  sleep 0.1
done
if [ ! -f "$MAIL_LSP_READY_FILE" ]; then
  tmux -L "$socket" capture-pane -p -t "$session" >"$out/hover.txt" || true
  echo "not ok - Neovim hover screenshot (no hover after 10 s; screen in $out/hover.txt)"
  exit 1
fi
tmux -L "$socket" capture-pane -e -p -t "$session" >"$out/hover.ansi"
tmux -L "$socket" capture-pane -p -t "$session" >"$out/hover.txt"
"$PYTHON" "$repo/tests/editors/render_ansi.py" "$out/hover.ansi" "$out/hover.png" --cols "$cols" --rows "$rows"
# A bordered float with the code in it; the headless test checks the hover's content in full.
if grep -q "╭" "$out/hover.txt" && grep -q "│550 5.1.1" "$out/hover.txt"; then
  echo "ok - Neovim hover screenshot ($out/hover.png)"
else
  echo "not ok - Neovim hover screenshot: hover text not on screen (see $out/hover.txt)"
  exit 1
fi
if [ $# -ge 1 ]; then
  mkdir -p "$(dirname "$1")"
  cp "$out/hover.png" "$1"
fi
