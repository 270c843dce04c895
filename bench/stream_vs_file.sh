#!/usr/bin/env bash
# `check --format json` on a log named on the command line (read whole) and on the same log
# piped to `check -` (streamed), in the same run: time, peak memory, and the same records.
#
#   bash bench/stream_vs_file.sh [FILE]      (default: a generated 50 MB Postfix log)
#   MAIL_LSP_BIN=path/to/mail-lsp bash bench/stream_vs_file.sh    (a binary already built)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
file=${1:-}
if [ -z "$file" ]; then
  file=target/bench/postfix-50M.log
  mkdir -p target/bench
  [ -s "$file" ] || python3 bench/gen_log.py --format postfix --size 50M --seed 1 > "$file"
fi
bin=${MAIL_LSP_BIN:-}
if [ -z "$bin" ]; then
  cargo build --release -q -p mail-lsp
  bin=target/release/mail-lsp
fi
out=$(mktemp -d)
cat "$file" > /dev/null   # warm the page cache
/usr/bin/time -f "file:  %e s, peak RSS %M KB" "$bin" check --format json "$file" > "$out/file.jsonl" || true
/usr/bin/time -f "stdin: %e s, peak RSS %M KB" sh -c "cat '$file' | '$bin' check --format json - > '$out/stdin.jsonl'" || true
if diff <(sed 's/"path":"[^"]*"//' "$out/file.jsonl") <(sed 's/"path":"[^"]*"//' "$out/stdin.jsonl") > /dev/null; then
  echo "same $(wc -l < "$out/file.jsonl") records"
else
  echo "the records differ" >&2
  exit 1
fi
