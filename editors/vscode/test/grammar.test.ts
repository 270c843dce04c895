import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { before, describe, it } from 'node:test';

import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, type IGrammar, parseRawGrammar, Registry } from 'vscode-textmate';

const root = resolve(__dirname, '..', '..');
let grammar: IGrammar;

before(async () => {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
  const registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async () => {
      const file = join(root, 'syntaxes', 'email.tmLanguage.json');
      return parseRawGrammar(readFileSync(file, 'utf8'), file);
    },
  });
  const loaded = await registry.loadGrammar('text.email.mail-lsp');
  assert.ok(loaded);
  grammar = loaded;
});

/** Each token of the text as [text, its innermost scope], line by line. */
function tokenize(text: string): Array<[string, string]> {
  let state = INITIAL;
  const out: Array<[string, string]> = [];
  for (const line of text.split('\n')) {
    const result = grammar.tokenizeLine(line, state);
    for (const token of result.tokens) {
      out.push([line.slice(token.startIndex, token.endIndex), token.scopes[token.scopes.length - 1]]);
    }
    state = result.ruleStack;
  }
  return out;
}

const scopeOf = (tokens: Array<[string, string]>, text: string) => tokens.find(([t]) => t === text)?.[1];

describe('message header grammar', () => {
  const message = [
    'From: Microsoft Outlook <postmaster@contoso.com>',
    'Subject: =?UTF-8?B?6YWN5L+h44Gn44GN44G+44Gb44KT?=',
    'Authentication-Results: spf=fail (sender IP is 192.0.2.1)',
    ' smtp.mailfrom=contoso.com; dkim=none',
    '',
    'Body: this line is in the body.',
    'Remote Server returned 550 5.1.1 RESOLVER.ADR.RecipNotFound',
  ].join('\n');
  let cached: Array<[string, string]> | undefined;
  const tokens = () => (cached ??= tokenize(message));

  it('marks field names', () => {
    assert.equal(scopeOf(tokens(), 'From'), 'keyword.other.header-name.email');
    assert.equal(scopeOf(tokens(), 'Authentication-Results'), 'keyword.other.header-name.email');
  });

  it('marks encoded words and their charset', () => {
    assert.equal(scopeOf(tokens(), 'UTF-8'), 'constant.other.charset.email');
    assert.equal(scopeOf(tokens(), '6YWN5L+h44Gn44GN44G+44Gb44KT'), 'string.unquoted.encoded-text.email');
  });

  it('marks addresses and verdicts, also on folded lines', () => {
    assert.equal(scopeOf(tokens(), 'postmaster@contoso.com'), 'markup.underline.link.address.email');
    assert.equal(scopeOf(tokens(), 'fail'), 'constant.language.verdict.email');
    assert.equal(scopeOf(tokens(), 'dkim'), 'variable.other.property.email');
  });

  it('leaves the body alone but for status codes', () => {
    assert.notEqual(scopeOf(tokens(), 'Body'), 'keyword.other.header-name.email');
    assert.equal(scopeOf(tokens(), '5.1.1'), 'constant.numeric.status-code.email');
    assert.equal(scopeOf(tokens(), '550'), 'constant.numeric.reply-code.email');
  });
});

describe('message structure', () => {
  it('gives each MIME part its own headers and keeps bodies plain', () => {
    const tokens = tokenize(
      [
        'Content-Type: multipart/report; boundary="b1"',
        '',
        'Note: the body starts here.',
        '--b1',
        'Content-Type: message/delivery-status',
        '',
        '--b1--',
      ].join('\n'),
    );
    const names = tokens.filter(([, scope]) => scope === 'keyword.other.header-name.email').map(([text]) => text);
    assert.deepEqual(names, ['Content-Type', 'Content-Type']);
  });
});
