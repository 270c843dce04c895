#!/usr/bin/env bash
# Robustness checks beyond `cargo test`: the dependency policy (cargo deny, offline), no `unsafe`
# in our code, and a short run of every fuzz target.
#
# Usage: bash .ci/robustness.sh
#   FUZZ_SECS=30        seconds per fuzz target (0 skips fuzzing)
#   INSTALL_TOOLS=1     install cargo-deny / cargo-fuzz from crates.io when missing (0: skip them)
# On a machine with the tools installed it takes about 1 min plus 6 x FUZZ_SECS; installing
# cargo-deny and cargo-fuzz and the first sanitizer build add about 10 min.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
FUZZ_SECS="${FUZZ_SECS:-30}"
INSTALL_TOOLS="${INSTALL_TOOLS:-1}"
TARGETS=(message log rules auth edits framing)
failed=0

step() { printf '\n==> %s (%s)\n' "$*" "$(date -u +%H:%M:%S)"; }

have_or_install() {
    local tool="$1"
    if cargo "$tool" --version >/dev/null 2>&1; then
        return 0
    fi
    if [ "$INSTALL_TOOLS" = 1 ]; then
        cargo install --locked "cargo-$tool" >/dev/null 2>&1 || true
    fi
    cargo "$tool" --version >/dev/null 2>&1
}

step "no unsafe in our code"
# The library forbids it (`#![forbid(unsafe_code)]`); this also covers the binary, tests and fuzz code.
grep -q '^#!\[forbid(unsafe_code)\]' server/src/lib.rs || { echo "server/src/lib.rs lost #![forbid(unsafe_code)]"; failed=1; }
if grep -rnw --include='*.rs' 'unsafe' server tests fuzz/src fuzz/fuzz_targets | grep -v 'forbid(unsafe_code)'; then
    echo "unsafe found above"
    failed=1
else
    echo "none"
fi

step "dependency policy (cargo deny, offline: licenses, bans, sources)"
if have_or_install deny; then
    cargo deny --offline check licenses bans sources || failed=1
else
    echo "cargo-deny is not available here; skipped"
fi

if [ "$FUZZ_SECS" != 0 ]; then
    step "fuzz targets, ${FUZZ_SECS}s each"
    if have_or_install fuzz; then
        # cargo fuzz needs nightly flags; a stable toolchain accepts them with RUSTC_BOOTSTRAP.
        export RUSTC_BOOTSTRAP=1
        if (cd fuzz && cargo fuzz build -O >/tmp/mail-lsp-fuzz-build.log 2>&1); then
            bin=fuzz/target/x86_64-unknown-linux-gnu/release
            for target in "${TARGETS[@]}"; do
                mkdir -p "fuzz/corpus/$target" "fuzz/artifacts/$target"
                extra=()
                case "$target" in
                    message | log | rules | auth) extra=(tests/e2e/fixtures) ;;
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
                    failed=1
                fi
            done
        else
            echo "the fuzz targets did not build (log: /tmp/mail-lsp-fuzz-build.log); the stable"
            echo "fallback in tests/hostile/fuzz_loop.rs still runs with cargo test"
            tail -5 /tmp/mail-lsp-fuzz-build.log
        fi
    else
        echo "cargo-fuzz is not available here; the stable fallback (cargo test --test hostile) covers the targets"
    fi
fi

step "done"
exit "$failed"
