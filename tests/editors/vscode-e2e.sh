#!/usr/bin/env bash
# The VS Code end-to-end test: installs code-server and playwright-core (once, under
# tests/editors/vscode-e2e/node_modules), packages the linux-x64 .vsix with the server bundled,
# and runs tests/editors/vscode-e2e/e2e.mjs MAIL_LSP_E2E_RUNS times in a row (default 1).
# Artifacts (screenshots, Problems and hover text, code-server log) go to tests/artifacts/vscode/.
#
#   MAIL_LSP_BIN=target/release/mail-lsp bash tests/editors/vscode-e2e.sh
#   MAIL_LSP_E2E_RUNS=3 bash tests/editors/vscode-e2e.sh      # the stability check
#   bash tests/editors/vscode-e2e.sh docs/screenshots/vscode-hover.png   # also copy the hover shot
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export MAIL_LSP_BIN="${MAIL_LSP_BIN:-$repo/target/release/mail-lsp}"
[ -e "$MAIL_LSP_BIN" ] && MAIL_LSP_BIN="$(realpath "$MAIL_LSP_BIN")"
runs="${MAIL_LSP_E2E_RUNS:-1}"
artifacts="$repo/tests/artifacts/vscode"
mkdir -p "$artifacts"

started=$(date +%s)
bash "$repo/tests/editors/vscode-e2e/install.sh"
echo "code-server ready ($(( $(date +%s) - started )) s)"

# The platform package (server inside) and the universal one (no server), as .ci/editors.sh
# makes them; made here when missing.
vsix="$repo/editors/vscode/mail-lsp-linux-x64-0.1.0.vsix"
universal="$repo/editors/vscode/mail-lsp-0.1.0.vsix"
if [ ! -f "$vsix" ] || [ ! -f "$universal" ]; then
  (
    cd "$repo/editors/vscode"
    [ -d node_modules ] || npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
    node scripts/package.mjs >"$artifacts/package.log" 2>&1 &&
      node scripts/package.mjs --target linux-x64 --server "$MAIL_LSP_BIN" >>"$artifacts/package.log" 2>&1
  ) || { cat "$artifacts/package.log"; exit 1; }
fi
echo "extension: $vsix, $universal"

passed=0 failed=0
for run in $(seq 1 "$runs"); do
  echo "--- VS Code e2e run $run of $runs"
  if node "$repo/tests/editors/vscode-e2e/e2e.mjs" --vsix "$vsix" --universal-vsix "$universal" --out "$artifacts/run-$run"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
  fi
done
if [ $# -ge 1 ] && [ -f "$artifacts/run-1/bundled/hover.png" ]; then
  mkdir -p "$(dirname "$1")"
  cp "$artifacts/run-1/bundled/hover.png" "$1"
fi
echo "VS Code e2e runs: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
