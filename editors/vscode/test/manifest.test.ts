import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';

import { FILE_NAMES, OWN_LANGUAGES, SHARED_LANGUAGES } from '../src/selector';
import { LAUNCH_KEYS, SERVER_KEYS } from '../src/settings';

/** The extension's folder: tests run from out/test/. */
const root = resolve(__dirname, '..', '..');
const readJson = (file: string) => JSON.parse(readFileSync(join(root, file), 'utf8'));

interface Language {
  id: string;
  extensions?: string[];
  filenames?: string[];
  filenamePatterns?: string[];
  firstLine?: string;
}

const manifest = readJson('package.json');
const properties: Record<string, { markdownDescription?: string; default?: unknown; enum?: unknown[] }> =
  manifest.contributes.configuration.properties;
const languages: Language[] = manifest.contributes.languages;
const shared = JSON.parse(readFileSync(join(root, '..', 'settings.json'), 'utf8'));

describe('package.json', () => {
  it('contributes every setting of editors/settings.json, with the same defaults and values', () => {
    const expected = [
      ...shared.client.map((s: { key: string }) => s.key),
      ...shared.server.map((s: { key: string; vscodeKey?: string }) => s.vscodeKey ?? s.key),
    ].map((key: string) => `mailLsp.${key}`);
    assert.deepEqual(Object.keys(properties).sort(), expected.sort());
    for (const setting of [...shared.server, ...shared.client]) {
      const property = properties[`mailLsp.${setting.vscodeKey ?? setting.key}`];
      assert.deepEqual(property.default, setting.default, setting.key);
      assert.deepEqual(property.enum, setting.enum, setting.key);
    }
  });

  it('sends the server every server setting and restarts it for the launch settings', () => {
    assert.deepEqual(
      [...SERVER_KEYS].sort(),
      shared.server.map((s: { key: string; vscodeKey?: string }) => s.vscodeKey ?? s.key).sort(),
    );
    assert.deepEqual([...LAUNCH_KEYS].sort(), shared.client.map((s: { key: string }) => s.key).sort());
  });

  it('has every %placeholder% in English, French, Italian and Japanese', () => {
    const placeholders = JSON.stringify(manifest)
      .match(/%[\w.]+%/g)
      ?.map((p) => p.slice(1, -1));
    assert.ok(placeholders && placeholders.length > 10);
    for (const file of ['package.nls.json', 'package.nls.fr.json', 'package.nls.it.json', 'package.nls.ja.json']) {
      const nls = readJson(file);
      assert.deepEqual(Object.keys(nls).sort(), [...new Set(placeholders)].sort(), file);
      for (const [key, text] of Object.entries(nls)) {
        assert.ok(typeof text === 'string' && text.trim().length > 0, `${file}: ${key}`);
      }
    }
  });

  it('translates every runtime message the extension shows', () => {
    const sources = ['src/extension.ts', 'src/discovery.ts', 'src/msgView.ts', 'src/diskLogs.ts', 'src/mailLogView.ts'].map((f) => readFileSync(join(root, f), 'utf8')).join('\n');
    // Messages are the first argument of t(...) / l10n.t(...), written on the line after the call.
    const messages = [...sources.matchAll(/\bt\(\s*'((?:[^'\\]|\\.)+)'/g)].map((m) => m[1].replace(/\\'/g, "'"));
    assert.ok(messages.length >= 7, `found ${messages.length} messages`);
    for (const file of readdirSync(join(root, 'l10n'))) {
      const bundle = readJson(join('l10n', file));
      for (const message of messages) {
        assert.ok(message in bundle, `${file} lacks: ${message}`);
        const holes = (text: string) => (text.match(/\{\d\}/g) ?? []).sort().join();
        assert.equal(holes(bundle[message]), holes(message), `${file}: placeholders of ${message}`);
      }
    }
  });

  it('declares the languages the selector offers, and PowerShell only as a guest', () => {
    assert.deepEqual(languages.map((l) => l.id).sort(), [...OWN_LANGUAGES].sort());
    for (const language of SHARED_LANGUAGES) {
      assert.ok(manifest.activationEvents.includes(`onLanguage:${language}`), language);
    }
    assert.ok(!languages.some((l) => l.id === 'powershell'), 'must not redefine PowerShell');
  });

  it('claims .eml and .mbox for messages but never .msg, which is Outlook binary', () => {
    const email = languages.find((l) => l.id === 'email');
    assert.deepEqual(email?.extensions, ['.eml', '.mbox']);
    for (const language of languages) {
      assert.ok(!(language.extensions ?? []).includes('.msg'), language.id);
      assert.ok(!(language.filenamePatterns ?? []).some((p) => p.toLowerCase().endsWith('.msg')), language.id);
    }
  });

  it('recognises mail logs by name and by their first line', () => {
    const log = languages.find((l) => l.id === 'mail-log');
    assert.ok(log?.filenames?.includes('mail.log') && log.filenames.includes('exim_mainlog'));
    assert.ok(log?.filenamePatterns?.includes('MSGTRK*.LOG'));
    const firstLine = new RegExp(log?.firstLine ?? '(?!)');
    for (const line of [
      '#Software: Microsoft Exchange Server',
      '#Log-type: SMTP Receive Protocol Log',
      '"date_time_utc","client_ip","client_hostname","server_ip"',
      '\uFEFF"origin_timestamp_utc","sender_address","recipient_status"',
      'origin_timestamp_utc,sender_address,recipient_status,message_subject',
      '"Received","SenderAddress","RecipientAddress","Subject","Status"',
    ]) {
      assert.match(line, firstLine);
    }
    for (const line of ['Date,Amount,Payee', 'Received: from mx.example.com', '# notes']) {
      assert.doesNotMatch(line, firstLine);
    }
  });

  it('gives the large-file detection the same file names as the languages it declares', () => {
    for (const language of languages) {
      const names = FILE_NAMES[language.id];
      assert.deepEqual(names?.filenames ?? [], language.filenames ?? [], language.id);
      assert.deepEqual(names?.filenamePatterns ?? [], language.filenamePatterns ?? [], language.id);
      assert.deepEqual(names?.extensions ?? [], language.extensions ?? [], language.id);
    }
  });

  it('offers the server\'s analyzeFile command in the palette and a localized "Mail log" view', () => {
    const command = manifest.contributes.commands.find((c: { command: string }) => c.command === 'mail-lsp.analyzeFile');
    assert.equal(command?.title, '%command.analyzeFile.title%');
    assert.deepEqual(
      manifest.contributes.views.explorer.map((v: { id: string; name: string }) => [v.id, v.name]),
      [['mailLsp.mailLog', '%view.mailLog.name%']],
    );
  });

  it('ships the files the manifest names', () => {
    for (const language of manifest.contributes.languages) {
      readJson(language.configuration);
    }
    for (const grammar of manifest.contributes.grammars) {
      readJson(grammar.path);
    }
  });
});
