#!/usr/bin/env python3
"""Checks editors/helix/languages.toml: it parses as TOML, has the shape Helix expects, names the
languages the server knows, claims the right files, and mirrors editors/settings.json.

Helix itself is not packaged for Debian 12, so this is a static check; the other editors are
tested live.
"""
import json
import sys
import tomllib
from pathlib import Path

repo = Path(__file__).resolve().parents[2]
results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(f"{'ok' if ok else 'not ok'} - {name}{f' ({detail})' if detail and not ok else ''}")


def flatten(value, prefix=""):
    out = {}
    for key, inner in value.items():
        full = f"{prefix}{key}"
        if isinstance(inner, dict):
            out.update(flatten(inner, full + "."))
        else:
            out[full] = inner
    return out


config = tomllib.loads((repo / "editors/helix/languages.toml").read_text())
shared = json.loads((repo / "editors/settings.json").read_text())

server = config.get("language-server", {}).get("mail-lsp", {})
check("declares the mail-lsp language server", server.get("command") == "mail-lsp", str(server))

settings = flatten(server.get("config", {}).get("mailLsp", {}))
want = {s["key"]: s["default"] for s in shared["server"]}
check("config.mailLsp holds every server setting with its default", settings == want,
      f"extra {sorted(set(settings) - set(want))}, missing {sorted(set(want) - set(settings))}, "
      f"different {sorted(k for k in set(want) & set(settings) if want[k] != settings[k])}")

languages = {lang.get("name"): lang for lang in config.get("language", [])}
check("declares email, mail-log and postfix-access", sorted(languages) == ["email", "mail-log", "postfix-access"],
      str(sorted(languages)))
for name, lang in languages.items():
    missing = [key for key in ("name", "scope", "file-types", "language-servers") if key not in lang]
    check(f"{name}: has name, scope, file-types and language-servers", not missing, f"missing {missing}")
    check(f"{name}: uses mail-lsp", "mail-lsp" in lang.get("language-servers", []))
    kinds_ok = all(isinstance(ft, str) or (isinstance(ft, dict) and set(ft) == {"glob"}) for ft in lang.get("file-types", []))
    check(f"{name}: file-types are extensions or globs", kinds_ok)
    check(f"{name}: no unknown keys", set(lang) <= {"name", "scope", "file-types", "roots", "comment-token",
                                                     "language-servers", "language-id"}, str(sorted(lang)))


def claims(name):
    return [ft if isinstance(ft, str) else ft["glob"] for ft in languages.get(name, {}).get("file-types", [])]


check("email claims eml and mbox, never msg", claims("email") == ["eml", "mbox"], str(claims("email")))
check("mail-log claims mail.log, maillog, exim_mainlog and MSGTRK*.LOG",
      {"mail.log", "maillog", "exim_mainlog", "MSGTRK*.LOG"} <= set(claims("mail-log")))
check("postfix-access claims *_access and *_checks", {"*_access", "*_checks"} <= set(claims("postfix-access")))

passed = sum(results)
print(f"{passed} passed, {len(results) - passed} failed")
sys.exit(0 if passed == len(results) else 1)
