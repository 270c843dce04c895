#!/usr/bin/env bash
# Bounces per second through one `mail-lsp check` process, over the corpus in tests/.
#
#   bash bench/bounces_per_second.sh [REPEAT]     (default 20 passes over the 217 bounces)
#
# `check` reads each file once however often it is named (links and repeats are folded), so
# the passes are copies of the corpus in a temporary directory.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repeat=${1:-20}
dir=tests/corpus/sisimai/eml
[ -d "$dir" ] || { echo "missing $dir" >&2; exit 2; }
cargo build --release -q -p mail-lsp
count=$(find "$dir" -name '*.eml' | wc -l)
copies=$(mktemp -d)
trap 'rm -rf "$copies"' EXIT
for pass in $(seq "$repeat"); do cp -r "$dir" "$copies/$pass"; done
start=$(date +%s.%N)
target/release/mail-lsp check --format json "$copies" > /dev/null 2>&1 || true
end=$(date +%s.%N)
total=$((count * repeat))
seconds=$(echo "$end - $start" | bc -l)
printf 'bounces: %d (%d files x %d passes) in %.3f s = %.0f bounces/s (target >= 25000)\n' \
  "$total" "$count" "$repeat" "$seconds" "$(echo "$total / $seconds" | bc -l)"
