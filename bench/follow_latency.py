"""How long a line written to a growing log takes to come out of `mail-lsp check` as a JSON record.

    python3 bench/follow_latency.py [--lines N] [--binary PATH]

Appends a bounced Postfix line N times (one every 137 ms, off the 250 ms poll period) to a log
followed with `check --format json --follow`, then writes the same line N times to the stdin of
`check --format json -`, and prints the median and largest delay from the write to the read of
its `recipient` record, for each. Throughput and memory of a whole log piped in: `bench/stream_vs_file.sh`.
"""

import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time

LINE = (
    "Nov  4 09:12:02 mx postfix/smtp[2103]: 4XkQ1R2bZ9z9v: to=<bob@fabrikam.com>, "
    "relay=mx.fabrikam.com[203.0.113.5]:25, dsn=5.1.1, status=bounced (host "
    "mx.fabrikam.com[203.0.113.5] said: 550 5.1.1 <bob@fabrikam.com>: User unknown "
    "(in reply to RCPT TO command))\n"
)


def measure(binary, lines, follow):
    log = os.path.join(tempfile.mkdtemp(prefix="mail-lsp-latency-"), "mail.log")
    open(log, "w").close()
    args = [binary, "check", "--format", "json"] + (["--follow", log] if follow else ["-"])
    child = subprocess.Popen(
        args,
        stdin=None if follow else subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(1.0)
    delays = []
    try:
        for number in range(1, lines + 1):
            written = time.monotonic()
            if follow:
                with open(log, "a") as f:
                    f.write(LINE)
            else:
                child.stdin.write(LINE.encode())
                child.stdin.flush()
            while True:
                record = json.loads(child.stdout.readline())
                if record["kind"] == "recipient" and record["start"]["line"] == number:
                    delays.append((time.monotonic() - written) * 1000)
                    break
            time.sleep(0.137)
    finally:
        child.kill()
        child.wait()
    return statistics.median(delays), max(delays)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=40)
    parser.add_argument("--binary", default="target/release/mail-lsp")
    options = parser.parse_args()
    for name, follow in [("check --follow FILE", True), ("check - (a pipe)", False)]:
        median, worst = measure(options.binary, options.lines, follow)
        print(f"{name}: {options.lines} lines, median {median:.0f} ms, max {worst:.0f} ms")


if __name__ == "__main__":
    main()
