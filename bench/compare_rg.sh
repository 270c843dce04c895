#!/usr/bin/env bash
# `mail-lsp check --format json` against ripgrep on the same file, in the same run.
#
#   bash bench/compare_rg.sh [FILE]      (default: a generated 200 MB Postfix log)
#
# ripgrep only finds code-shaped tokens; mail-lsp also checks their SMTP context, classifies each
# code through the catalog and writes a JSON record per finding. Prints each median and the ratio.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v rg >/dev/null || { echo "ripgrep (rg) is required: apt-get install ripgrep" >&2; exit 2; }
file=${1:-}
if [ -z "$file" ]; then
  file=target/bench/postfix-200M.log
  mkdir -p target/bench
  [ -s "$file" ] || python3 bench/gen_log.py --format postfix --size 200M --seed 1 > "$file"
fi
cargo build --release -q -p mail-lsp
bin=${CARGO_TARGET_DIR:-target}/release/mail-lsp
pattern='\b[245]\.[0-9]{1,3}\.[0-9]{1,3}\b'
runs=${RUNS:-5}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
time_of() { local s e; s=$(date +%s.%N); "$@" > /dev/null; e=$(date +%s.%N); echo "$e - $s" | bc -l; }

cat "$file" > /dev/null   # warm the page cache for everyone
ours=$(for _ in $(seq "$runs"); do time_of "$bin" check --format json "$file" || true; done | median)
rgo=$(for _ in $(seq "$runs"); do time_of rg -o "$pattern" "$file"; done | median)
rgc=$(for _ in $(seq "$runs"); do time_of rg -c "$pattern" "$file"; done | median)
findings=$("$bin" check --format json "$file" | wc -l || true)
tokens=$(rg -o "$pattern" "$file" | wc -l)
printf 'file: %s (%s bytes)\n' "$file" "$(stat -c %s "$file")"
printf 'mail-lsp check --format json : %6.3f s  (%s findings)\n' "$ours" "$findings"
printf 'rg -o code-shaped tokens     : %6.3f s  (%s tokens)\n' "$rgo" "$tokens"
printf 'rg -c code-shaped tokens     : %6.3f s\n' "$rgc"
printf 'ratio mail-lsp / rg -o       : %6.2f (target <= 1.5)\n' "$(echo "$ours / $rgo" | bc -l)"
printf 'ratio mail-lsp / rg -c       : %6.2f\n' "$(echo "$ours / $rgc" | bc -l)"
