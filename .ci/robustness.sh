#!/usr/bin/env bash
# Robustness checks beyond `cargo test`: the dependency policy (cargo deny, offline), no `unsafe`
# in our code, and a short run of every fuzz target.
#
# Usage: bash .ci/robustness.sh
#   FUZZ_SECS=30        seconds per fuzz target (0 skips fuzzing, reported as skipped)
#   INSTALL_TOOLS=1     install cargo-deny / cargo-fuzz from crates.io when missing (0: report the
#                       checks that need them as skipped)
# It runs on its own on a fresh machine: it fetches every crate the offline checks read (all
# platforms', which `cargo test` never downloads) and installs the tools it needs, saying so.
# On a machine with the tools installed it takes about 1 min plus the fuzz time; installing
# cargo-deny and cargo-fuzz and the first sanitizer build add about 10 min.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
FUZZ_SECS="${FUZZ_SECS:-30}"
INSTALL_TOOLS="${INSTALL_TOOLS:-1}"
TARGETS=(message log rules auth edits framing bytes jsonrpc encodings msg stream)
failed=()
skipped=()

step() { printf '\n==> %s (%s)\n' "$*" "$(date -u +%H:%M:%S)"; }

# Succeeds when `cargo TOOL` works, installing it first when allowed. An install that fails
# prints cargo's own error and counts as a failure of the run, never as a skip.
have_or_install() {
    local tool="$1"
    if cargo "$tool" --version >/dev/null 2>&1; then
        return 0
    fi
    if [ "$INSTALL_TOOLS" != 1 ]; then
        return 1
    fi
    echo "installing cargo-$tool from crates.io"
    local log="/tmp/mail-lsp-install-$tool.log"
    if ! cargo install --locked "cargo-$tool" >"$log" 2>&1; then
        echo "FAILED: installing cargo-$tool (log: $log)"
        tail -20 "$log"
        failed+=("install cargo-$tool")
        return 2
    fi
    cargo "$tool" --version
}

step "no unsafe in our code"
# The library forbids it (`#![forbid(unsafe_code)]`); this also covers the binary, tests and fuzz code.
if ! grep -q '^#!\[forbid(unsafe_code)\]' server/src/lib.rs; then
    echo "server/src/lib.rs lost #![forbid(unsafe_code)]"
    failed+=("forbid(unsafe_code)")
fi
if grep -rnw --include='*.rs' 'unsafe' server tests fuzz/src fuzz/fuzz_targets | grep -v 'forbid(unsafe_code)'; then
    echo "unsafe found above"
    failed+=("no unsafe")
else
    echo "none"
fi

step "dependency policy (cargo deny, offline: licenses, bans, sources)"
# `cargo deny` reads the manifest of every crate in the lock file, for every platform; fetch them
# all first so the offline check never needs the network.
if ! cargo fetch --locked; then
    echo "FAILED: cargo fetch --locked"
    failed+=("cargo fetch")
fi
status=0
have_or_install deny || status=$?
case "$status" in
    0) cargo deny --offline check licenses bans sources || failed+=("cargo deny") ;;
    1) echo "SKIPPED: cargo-deny is not installed and INSTALL_TOOLS=0"; skipped+=("cargo deny") ;;
    *) ;;
esac

if [ "$FUZZ_SECS" = 0 ]; then
    echo
    echo "SKIPPED: fuzz targets (FUZZ_SECS=0)"
    skipped+=("fuzz smoke run")
else
    step "fuzz targets, ${FUZZ_SECS}s each"
    status=0
    have_or_install fuzz || status=$?
    if [ "$status" = 1 ]; then
        echo "SKIPPED: cargo-fuzz is not installed and INSTALL_TOOLS=0 (the stable replay in"
        echo "tests/hostile/fuzz_loop.rs still runs with cargo test)"
        skipped+=("fuzz smoke run")
    elif [ "$status" = 0 ]; then
        # cargo fuzz needs nightly flags; a stable toolchain accepts them with RUSTC_BOOTSTRAP.
        export RUSTC_BOOTSTRAP=1
        echo "building the fuzz targets (release, AddressSanitizer)"
        if (cd fuzz && cargo fuzz build -O >/tmp/mail-lsp-fuzz-build.log 2>&1); then
            bin=fuzz/target/x86_64-unknown-linux-gnu/release
            for target in "${TARGETS[@]}"; do
                mkdir -p "fuzz/corpus/$target" "fuzz/artifacts/$target" "fuzz/seeds/$target"
                extra=()
                case "$target" in
                    message | log | rules | auth | bytes | stream) extra=(tests/e2e/fixtures) ;;
                    msg) extra=(tests/fixtures/msg) ;;
                esac
                log="/tmp/mail-lsp-fuzz-$target.log"
                if "$bin/$target" "fuzz/corpus/$target" "fuzz/seeds/$target" "${extra[@]}" \
                    -max_total_time="$FUZZ_SECS" -max_len=16384 -timeout=10 -rss_limit_mb=4096 \
                    -artifact_prefix="fuzz/artifacts/$target/" -print_final_stats=1 >"$log" 2>&1; then
                    runs=$(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}')
                    echo "$target: ${runs:-?} executions, no crash"
                else
                    echo "$target: FAILED (log: $log, input under fuzz/artifacts/$target/)"
                    grep -m3 -A3 'panicked\|ERROR' "$log" || true
                    failed+=("fuzz $target")
                fi
            done
        else
            echo "FAILED: the fuzz targets did not build (log: /tmp/mail-lsp-fuzz-build.log)"
            tail -20 /tmp/mail-lsp-fuzz-build.log
            failed+=("fuzz build")
        fi
    fi
fi

step "robustness summary"
if [ "${#skipped[@]}" -gt 0 ]; then printf "skipped: %s\n" "${skipped[@]}"; fi
if [ "${#failed[@]}" -gt 0 ]; then
    printf 'failed: %s\n' "${failed[@]}"
    exit 1
fi
echo "all robustness checks passed"
