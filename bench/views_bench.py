#!/usr/bin/env python3
"""View latencies over LSP on one large log, each row from the same run of the release binary.

Measures: final diagnostics with no other request; final diagnostics when hover, outline, inlay
hints and folding are sent right after didOpen (as VS Code and Neovim do), and when that hover is
answered; then, on the analysed document, documentSymbol (first and repeated), foldingRange,
inlayHint for 50 lines, and references on a queue ID; and the analyses the version cost
(`mailLsp/documentStatus`).

    python3 bench/views_bench.py FILE [--binary target/release/mail-lsp] [--language-id mail-log]
"""
import argparse, json, os, queue, re, subprocess, sys, threading, time


def frame(obj):
    body = json.dumps(obj, ensure_ascii=False).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class Client:
    def __init__(self, binary):
        self.proc = subprocess.Popen([binary], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, env=dict(os.environ, RUST_LOG="warn"))
        self.inbox = queue.Queue()
        self.seen = []
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        stream = self.proc.stdout
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    self.inbox.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            self.inbox.put((time.perf_counter(), json.loads(stream.read(length))))

    def send(self, obj):
        self.proc.stdin.write(frame(obj))
        self.proc.stdin.flush()

    def send_request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return self.next_id, time.perf_counter()

    def wait(self, accept):
        """The first message (seen earlier or arriving) satisfying `accept`, with its arrival time."""
        for at, msg in self.seen:
            if accept(msg):
                return at, msg
        while True:
            item = self.inbox.get(timeout=600)
            if item is None:
                sys.exit("server closed its output")
            at, msg = item
            if "id" in msg and "method" in msg:
                result = [None] if msg["method"] == "workspace/configuration" else None
                self.send({"jsonrpc": "2.0", "id": msg["id"], "result": result})
                continue
            self.seen.append((at, msg))
            if accept(msg):
                return at, msg

    def response(self, rid):
        return self.wait(lambda m: m.get("id") == rid and "method" not in m)

    def request(self, method, params):
        rid, started = self.send_request(method, params)
        at, msg = self.response(rid)
        return (at - started) * 1000, msg

    def final_diagnostics(self, uri, version):
        def accept(msg):
            if msg.get("method") != "textDocument/publishDiagnostics":
                return False
            params = msg["params"]
            if params["uri"] != uri or params.get("version") != version:
                return False
            return not any(d.get("code") == "reading" for d in params["diagnostics"])
        return self.wait(accept)

    def start(self, uri, language_id, text):
        self.request("initialize", {"processId": None, "rootUri": None,
                                    "capabilities": {"general": {"positionEncodings": ["utf-16"]}}})
        self.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        started = time.perf_counter()
        self.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": {"uri": uri, "languageId": language_id, "version": 1, "text": text}}})
        return started

    def stop(self):
        self.request("shutdown", None)
        self.send({"jsonrpc": "2.0", "method": "exit"})
        self.proc.wait(timeout=10)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--binary", default="target/release/mail-lsp")
    ap.add_argument("--language-id", default="mail-log")
    args = ap.parse_args()
    text = open(args.file, encoding="utf-8", errors="replace").read()
    lines = text.split("\n")
    uri = "file://" + os.path.abspath(args.file)
    doc = {"uri": uri}
    middle = len(lines) // 2
    visible = {"start": {"line": middle, "character": 0}, "end": {"line": middle + 50, "character": 0}}
    # A queue ID in the middle of the log: the token before ": " after the syslog tag.
    queue_line, queue_char = middle, 0
    for offset in range(2000):
        match = re.search(r"\]: ([0-9A-Za-z]{8,}): ", lines[middle + offset])
        if match:
            queue_line, queue_char = middle + offset, match.start(1) + 2
            break
    result = {"file_bytes": len(text.encode("utf-8"))}

    # 1. No requests: the baseline for the final diagnostics.
    client = Client(args.binary)
    started = client.start(uri, args.language_id, text)
    at, _ = client.final_diagnostics(uri, 1)
    result["final_diagnostics_alone_s"] = round(at - started, 3)
    client.stop()

    # 2. The requests editors send right after didOpen.
    client = Client(args.binary)
    started = client.start(uri, args.language_id, text)
    hover_id, _ = client.send_request("textDocument/hover", {"textDocument": doc, "position": {"line": middle, "character": 10}})
    client.send_request("textDocument/documentSymbol", {"textDocument": doc})
    client.send_request("textDocument/inlayHint", {"textDocument": doc, "range": visible})
    client.send_request("textDocument/foldingRange", {"textDocument": doc})
    at, _ = client.final_diagnostics(uri, 1)
    result["final_diagnostics_with_requests_s"] = round(at - started, 3)
    at, _ = client.response(hover_id)
    result["hover_sent_during_analysis_answered_s"] = round(at - started, 3)

    # 3. Each view on the analysed document.
    for name, method, params in [
        ("document_symbol_ms", "textDocument/documentSymbol", {"textDocument": doc}),
        ("document_symbol_again_ms", "textDocument/documentSymbol", {"textDocument": doc}),
        ("folding_range_ms", "textDocument/foldingRange", {"textDocument": doc}),
        ("inlay_hint_50_lines_ms", "textDocument/inlayHint", {"textDocument": doc, "range": visible}),
        ("references_queue_id_ms", "textDocument/references", {"textDocument": doc, "position": {"line": queue_line, "character": queue_char}, "context": {"includeDeclaration": True}}),
    ]:
        took, msg = client.request(method, params)
        result[name] = round(took, 1)
        if name == "references_queue_id_ms":
            result["references_found"] = len(msg.get("result") or [])
    _, status = client.request("mailLsp/documentStatus", {"textDocument": doc})
    result["analyses_of_version_1"] = status["result"]["analyses"]
    result["structure_builds_of_version_1"] = status["result"]["structures"]
    client.stop()
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
