#!/usr/bin/env python3
"""Checks .vsix packages made by `vsce package` (editors/vscode/scripts/package.mjs): each holds
the bundled extension and every file the manifest needs, and nothing from the source tree; a
platform package (linux-x64) also holds an executable server, a universal one none.

    check_vsix.py editors/vscode/mail-lsp-0.1.0.vsix editors/vscode/mail-lsp-linux-x64-0.1.0.vsix
"""
import json
import re
import stat
import sys
import zipfile

results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(f"{'ok' if ok else 'not ok'} - {name}{f' ({detail})' if detail and not ok else ''}")


REQUIRED = [
    "extension/package.json",
    "extension/package.nls.json",
    "extension/package.nls.fr.json",
    "extension/package.nls.it.json",
    "extension/package.nls.ja.json",
    "extension/l10n/bundle.l10n.fr.json",
    "extension/l10n/bundle.l10n.it.json",
    "extension/l10n/bundle.l10n.ja.json",
    "extension/dist/extension.js",
    "extension/syntaxes/email.tmLanguage.json",
    "extension/language-configuration.json",
    "extension/log-language-configuration.json",
    "extension/map-language-configuration.json",
    "extension/license.txt",
    "extension/changelog.md",
    "extension/readme.md",
    "extension.vsixmanifest",
]
FORBIDDEN = re.compile(r"^extension/(src/|test/|out/|node_modules/|scripts/|tsconfig\.json$)|\.ts$|\.map$")


def main(paths):
    for path in paths:
        name = path.rsplit("/", 1)[-1]
        platform = "linux-x64" in name
        with zipfile.ZipFile(path) as vsix:
            infos = {info.filename: info for info in vsix.infolist()}
            files = set(infos)
            # vsce writes readme, changelog and license names in its own case.
            lowered = {f.lower() for f in files}
            missing = [f for f in REQUIRED if f.lower() not in lowered]
            check(f"{name}: holds the extension and every file it names", not missing, f"missing {missing}")
            extra = sorted(f for f in files if FORBIDDEN.search(f))
            check(f"{name}: holds nothing from the source tree", not extra, f"{extra[:5]}")
            manifest = json.loads(vsix.read("extension/package.json"))
            check(f"{name}: main is the bundle", manifest.get("main") == "./dist/extension.js")
            bundle = vsix.read("extension/dist/extension.js").decode()
            requires = sorted(set(re.findall(r'require\("([^"./][^"]*)"\)', bundle)))
            foreign = [r for r in requires if r != "vscode" and not r.startswith("node:") and r not in NODE_BUILTINS]
            check(f"{name}: the bundle needs only vscode and Node built-ins", not foreign, str(foreign))
            for grammar in manifest["contributes"]["grammars"]:
                check(f"{name}: grammar {grammar['path']} is inside", "extension/" + grammar["path"].lstrip("./") in files)
            vsixmanifest = vsix.read("extension.vsixmanifest").decode()
            server = infos.get("extension/server/mail-lsp")
            if platform:
                check(f"{name}: targets linux-x64", 'TargetPlatform="linux-x64"' in vsixmanifest)
                check(f"{name}: carries the server", server is not None)
                if server is not None:
                    mode = server.external_attr >> 16
                    check(f"{name}: the server is executable", bool(mode & stat.S_IXUSR), oct(mode))
                    with vsix.open(server) as handle:
                        check(f"{name}: the server is an ELF binary", handle.read(4) == b"\x7fELF")
            else:
                check(f"{name}: is universal", "TargetPlatform" not in vsixmanifest)
                check(f"{name}: carries no server", not any(f.startswith("extension/server/") for f in files))


NODE_BUILTINS = {
    "assert", "buffer", "child_process", "crypto", "events", "fs", "net", "os", "path", "process",
    "stream", "string_decoder", "tty", "url", "util", "worker_threads", "zlib", "readline",
}

if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
    passed = sum(results)
    print(f"{passed} passed, {len(results) - passed} failed")
    sys.exit(0 if passed == len(results) else 1)
