// One settings schema for the server and every editor: editors/settings.json must list exactly the
// keys the server reads (server/src/settings.rs), with the server's defaults and accepted values,
// and editors/README.md must document each of them. The editors' own tests compare their copies
// with editors/settings.json (VS Code: editors/vscode/test/manifest.test.ts, Neovim:
// tests/editors/neovim/test_lsp.lua, Emacs: tests/editors/emacs/mail-lsp-test.el, Helix:
// tests/editors/check_helix.py).
//
//   node --test tests/editors/settings.test.mjs
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const read = (path) => readFileSync(join(repo, path), 'utf8');
const shared = JSON.parse(read('editors/settings.json'));
const rust = read('server/src/settings.rs');
const readme = read('editors/README.md');

/** The match arms of `Settings::set`: the key literals of each arm and the arm's text. */
function serverArms() {
  const body = rust.slice(rust.indexOf('fn set('), rust.indexOf('/// Flattens nested objects'));
  const starts = [...body.matchAll(/^ {12}("[\w.]+"(?:\s*\|\s*"[\w.]+")*)\s*=>/gm)];
  assert.ok(starts.length >= 10, `found only ${starts.length} arms in Settings::set`);
  return starts.map((match, index) => ({
    keys: [...match[1].matchAll(/"([\w.]+)"/g)].map((m) => m[1]),
    text: body.slice(match.index, starts[index + 1]?.index ?? body.length),
  }));
}

/** Settings::default(), keyed by setting name through the fields' doc comments. */
function serverDefaults() {
  const struct = rust.slice(rust.indexOf('pub struct Settings'), rust.indexOf('impl Default for Settings'));
  const keyOfField = {};
  for (const m of struct.matchAll(/\/\/\/ `([\w.]+)`[^\n]*\n(?:\s*\/\/\/[^\n]*\n)*\s*pub (\w+):/g)) {
    keyOfField[m[2]] = m[1];
  }
  const impl = rust.slice(rust.indexOf('impl Default for Settings'), rust.indexOf('/// The log formats'));
  const defaults = {};
  for (const m of impl.matchAll(/^\s*(\w+): (.+),$/gm)) {
    const key = keyOfField[m[1]];
    assert.ok(key, `field ${m[1]} has no \`key\` in its doc comment`);
    const raw = m[2].trim();
    let value;
    if (raw === 'None') value = 'auto'; // `auto` is what clears these options
    else if (raw === 'Vec::new()') value = [];
    else if (raw === 'true' || raw === 'false') value = raw === 'true';
    else if (/^\d+$/.test(raw)) value = Number(raw);
    else if (/^"[^"]*"\.into\(\)$/.test(raw)) value = raw.slice(1, raw.indexOf('"', 1));
    else assert.fail(`cannot read the default of ${m[1]}: ${raw}`);
    defaults[key] = value;
  }
  return defaults;
}

const logFormats = [...rust.slice(rust.indexOf('pub const LOG_FORMATS'), rust.indexOf('];', rust.indexOf('pub const LOG_FORMATS'))).matchAll(/"(\w+)"/g)].map((m) => m[1]);

describe('editors/settings.json and the server', () => {
  const arms = serverArms();

  it('lists exactly the settings the server reads', () => {
    const clientKeys = shared.client.map((s) => s.key);
    const serverKeys = arms
      .filter((arm) => !arm.keys.some((key) => clientKeys.includes(key)))
      .map((arm) => arm.keys[0]);
    assert.deepEqual(serverKeys.sort(), shared.server.map((s) => s.key).sort());
  });

  it('uses only client keys the server accepts and ignores', () => {
    const ignored = arms.find((arm) => arm.keys.includes('server.path'));
    assert.ok(ignored, 'the server has no arm for server.path');
    assert.deepEqual(ignored.keys.sort(), shared.client.map((s) => s.key).sort());
    assert.match(ignored.text, /=> \{\}/);
  });

  it("spells VS Code's variants as aliases the server knows", () => {
    for (const setting of shared.server.filter((s) => s.vscodeKey)) {
      const arm = arms.find((a) => a.keys[0] === setting.key);
      assert.ok(arm.keys.includes(setting.vscodeKey), `${setting.vscodeKey} is not an alias of ${setting.key}`);
    }
  });

  it("has the server's defaults", () => {
    const defaults = serverDefaults();
    for (const setting of shared.server) {
      assert.deepEqual(setting.default, defaults[setting.key], setting.key);
    }
  });

  it('offers the values the server accepts', () => {
    for (const setting of shared.server.filter((s) => s.enum)) {
      const arm = arms.find((a) => a.keys[0] === setting.key);
      const listed = /one of ([\w, ]+)"/.exec(arm.text)?.[1]?.split(', ') ?? (arm.text.includes('LOG_FORMATS') ? logFormats : undefined);
      assert.ok(listed, `no accepted values found for ${setting.key}`);
      assert.deepEqual(setting.enum, listed, setting.key);
    }
  });

  it('keeps numbers within what the server clamps to', () => {
    const debounce = shared.server.find((s) => s.key === 'diagnostics.debounceMs');
    assert.match(arms.find((a) => a.keys[0] === 'diagnostics.debounceMs').text, new RegExp(`min\\(${debounce.maximum.toLocaleString('en').replace(',', '_')}\\)`));
    const max = shared.server.find((s) => s.key === 'diagnostics.maxPerDocument');
    assert.match(arms.find((a) => a.keys[0] === 'diagnostics.maxPerDocument').text, new RegExp(`n > ${max.minimum - 1}`));
  });
});

describe('editors/README.md', () => {
  it('documents every setting once, with its default and values', () => {
    for (const setting of shared.server) {
      const rows = readme.split('\n').filter((line) => line.startsWith(`| \`${setting.key}\` |`));
      assert.equal(rows.length, 1, `${setting.key}: ${rows.length} rows`);
      assert.ok(rows[0].includes(`\`${JSON.stringify(setting.default)}\``), `${setting.key}: default ${JSON.stringify(setting.default)}`);
      for (const value of setting.enum ?? []) {
        assert.ok(rows[0].includes(`\`${value}\``), `${setting.key}: value ${value}`);
      }
    }
  });

  it("names each client setting of VS Code", () => {
    for (const setting of shared.client) {
      assert.ok(readme.includes(`mailLsp.${setting.key}`), setting.key);
    }
  });
});
