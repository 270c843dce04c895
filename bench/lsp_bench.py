#!/usr/bin/env python3
"""LSP-level benchmark: drives the release `mail-lsp` binary over stdio like an editor.

Measures, for one file: time from didOpen to the first publishDiagnostics; time from a one-character
edit in the middle to the refreshed diagnostics, and that time less the 15 ms pause that folds a
burst of keystrokes into one publication; hover latency p50/p99 over random positions; the server's
peak RSS (VmHWM) and its RSS once the analysis is done and published (steady). With `--disk` the
text is not sent: the server reads the file itself (`mailLsp/analyzeFile`), and the edit and hover
figures are left out (the editor cannot edit such a document).

    python3 bench/lsp_bench.py FILE [--binary target/release/mail-lsp] [--hovers 1000] [--language-id mail-log] [--disk]
"""
import argparse, json, os, random, subprocess, sys, threading, time, queue


def frame(obj):
    body = json.dumps(obj, ensure_ascii=False).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def reader(stream, out):
    while True:
        length = None
        while True:
            line = stream.readline()
            if not line:
                out.put(None)
                return
            line = line.strip()
            if not line:
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        out.put((time.perf_counter(), json.loads(stream.read(length))))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--binary", default="target/release/mail-lsp")
    ap.add_argument("--hovers", type=int, default=1000)
    ap.add_argument("--language-id", default="mail-log")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--server-log", help="write the server's stderr (RUST_LOG=info) to this file")
    ap.add_argument("--disk", action="store_true", help="let the server read the file (mailLsp/analyzeFile)")
    args = ap.parse_args()
    random.seed(args.seed)
    size = os.path.getsize(args.file)
    text = "" if args.disk else open(args.file, encoding="utf-8", errors="replace").read()
    lines = text.split("\n")
    stderr = open(args.server_log, "w") if args.server_log else subprocess.DEVNULL
    env = dict(os.environ, RUST_LOG=os.environ.get("RUST_LOG", "info"))
    proc = subprocess.Popen([args.binary], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr, env=env)
    inbox = queue.Queue()
    threading.Thread(target=reader, args=(proc.stdout, inbox), daemon=True).start()
    next_id = [0]

    def send(obj):
        proc.stdin.write(frame(obj))
        proc.stdin.flush()

    def request(method, params):
        next_id[0] += 1
        rid = next_id[0]
        started = time.perf_counter()
        send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        while True:
            item = inbox.get(timeout=120)
            if item is None:
                sys.exit("server closed its output")
            at, msg = item
            if msg.get("id") == rid and "method" not in msg:
                return at - started, msg
            if "id" in msg and "method" in msg:
                send({"jsonrpc": "2.0", "id": msg["id"], "result": None if msg["method"] != "workspace/configuration" else [None]})

    def wait_diagnostics_final(version, since, first, count):
        # The first publish may already be the complete one (small files get no preview).
        try:
            return wait_diagnostics(version, since, final=True) if preview_seen[0] else (first, count)
        except queue.Empty:
            return first, count

    preview_seen = [False]

    def wait_diagnostics(version, since, final=False):
        while True:
            item = inbox.get(timeout=300)
            if item is None:
                sys.exit("server closed its output")
            at, msg = item
            if "id" in msg and "method" in msg:
                send({"jsonrpc": "2.0", "id": msg["id"], "result": [None]})
            if msg.get("method") == "textDocument/publishDiagnostics" and msg["params"].get("version") == version:
                diagnostics = msg["params"]["diagnostics"]
                # A large log first gets a preview of its first lines, marked by a `reading` note.
                if any(d.get("code") == "reading" for d in diagnostics):
                    preview_seen[0] = True
                    if final:
                        continue
                return at - since, len(diagnostics)

    uri = "file://" + os.path.abspath(args.file)
    request("initialize", {"processId": None, "rootUri": None, "capabilities": {"general": {"positionEncodings": ["utf-16"]}}})
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    def memory():
        found = {}
        with open(f"/proc/{proc.pid}/status") as status:
            for row in status:
                if row.startswith(("VmHWM:", "VmRSS:")):
                    found[row.split(":")[0]] = int(row.split()[1])
        return found

    t0 = time.perf_counter()
    if args.disk:
        next_id[0] += 1
        send({"jsonrpc": "2.0", "id": next_id[0], "method": "mailLsp/analyzeFile", "params": {"uri": uri, "languageId": args.language_id}})
    else:
        send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": args.language_id, "version": 1, "text": text}}})
    sent = time.perf_counter() - t0
    first, count = wait_diagnostics(1, t0)
    complete, count = (first, count) if first is None else wait_diagnostics_final(1, t0, first, count)
    time.sleep(1.0)  # let the analysis threads finish and hand their memory back
    steady_kb = memory().get("VmRSS", 0)
    if args.disk:
        peak_kb = memory().get("VmHWM", 0)
        request("shutdown", None)
        send({"jsonrpc": "2.0", "method": "exit"})
        proc.wait(timeout=5)
        print(json.dumps({
            "file_bytes": size,
            "read": "from disk (mailLsp/analyzeFile)",
            "first_diagnostics_s": round(first, 3),
            "complete_diagnostics_s": round(complete, 3),
            "diagnostics_published": count,
            "peak_rss_mb": round(peak_kb / 1024, 1),
            "peak_rss_over_file": round(peak_kb * 1024 / size, 2),
            "steady_rss_mb": round(steady_kb / 1024, 1),
            "steady_rss_over_file": round(steady_kb * 1024 / size, 2),
        }, indent=2))
        return
    middle = len(lines) // 2
    t1 = time.perf_counter()
    send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": uri, "version": 2},
        "contentChanges": [{"range": {"start": {"line": middle, "character": 0}, "end": {"line": middle, "character": 0}}, "text": "x"}]}})
    edit, _ = wait_diagnostics(2, t1, final=True)
    latencies = []
    for _ in range(args.hovers):
        line = random.randrange(len(lines))
        character = random.randrange(max(1, len(lines[line]) + 1))
        took, _ = request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
        latencies.append(took * 1000)
    latencies.sort()
    rss_kb = memory().get("VmHWM", 0)
    request("shutdown", None)
    send({"jsonrpc": "2.0", "method": "exit"})
    proc.wait(timeout=5)
    result = {
        "file_bytes": size,
        "didopen_write_s": round(sent, 3),
        "first_diagnostics_s": round(first, 3),
        "complete_diagnostics_s": round(complete, 3),
        "diagnostics_published": count,
        "edit_to_diagnostics_ms": round(edit * 1000, 1),
        "debounce_ms_included": 15,
        "edit_after_debounce_ms": round(edit * 1000 - 15, 1),
        "hover_p50_ms": round(latencies[len(latencies) // 2], 3),
        "hover_p99_ms": round(latencies[int(len(latencies) * 0.99) - 1], 3),
        "peak_rss_mb": round(rss_kb / 1024, 1),
        "peak_rss_over_file": round(rss_kb * 1024 / size, 2),
        "steady_rss_mb": round(steady_kb / 1024, 1),
        "steady_rss_over_file": round(steady_kb * 1024 / size, 2),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
