#!/usr/bin/env bash
# Installs code-server and playwright-core into tests/editors/vscode-e2e/node_modules without
# running any install script that downloads: native modules are built from source here and
# ripgrep comes from Debian. Installs the Debian packages in APT_PACKAGES below if missing. Idempotent:
# a finished install leaves a stamp and is not redone.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
stamp="node_modules/.mail-lsp-e2e-installed"
[ -f "$stamp" ] && exit 0

APT_PACKAGES=(libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep chromium fonts-noto-cjk)
missing=()
for p in "${APT_PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ "${#missing[@]}" -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
(cd node_modules/argon2 && npx --yes @mapbox/node-pre-gyp rebuild --build-from-source --loglevel=error >/dev/null)
vscode=node_modules/code-server/lib/vscode
(
  cd "$vscode"
  npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error
  while IFS= read -r gyp; do
    m="$(dirname "$gyp")"
    case "$m" in *ripgrep*) continue ;; esac
    (cd "$m" && npx --yes node-gyp rebuild --loglevel=error >/dev/null 2>&1) || { echo "building $m failed" >&2; exit 1; }
  done < <(find node_modules -maxdepth 4 -name binding.gyp)
  mkdir -p node_modules/@vscode/ripgrep/bin
  ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
  ln -sfn node_modules node_modules.asar
  (cd extensions && npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error)
)
touch "$stamp"
