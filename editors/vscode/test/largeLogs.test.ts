import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { countFindings, filesClosed, filesToRead, SYNC_LIMIT_BYTES, type TabFile } from '../src/largeLogs';
import { languageOfFileName } from '../src/selector';

const MB = 1024 * 1024;

function tab(fsPath: string, scheme = 'file'): TabFile {
  return { uri: `${scheme}://${fsPath}`, scheme, fsPath };
}

/** A disk where each path has the size given, and every other path is missing. */
function disk(sizes: Record<string, number>): (fsPath: string) => number | undefined {
  return (fsPath) => sizes[fsPath];
}

describe('large files the server reads from disk', () => {
  it('asks for a 60 MB mail.log that VS Code did not hand over, as a mail log', () => {
    const tabs = [tab('/var/log/mail.log')];
    assert.deepEqual(filesToRead(tabs, new Set(), disk({ '/var/log/mail.log': 60 * MB })), [
      { uri: 'file:///var/log/mail.log', fsPath: '/var/log/mail.log', languageId: 'mail-log' },
    ]);
  });

  it('leaves a document VS Code handed over to the language client, however large', () => {
    const tabs = [tab('/var/log/mail.log')];
    const open = new Set(['file:///var/log/mail.log']);
    assert.deepEqual(filesToRead(tabs, open, disk({ '/var/log/mail.log': SYNC_LIMIT_BYTES + 10 })), []);
  });

  it('waits for a small file whose tab is not loaded yet: VS Code hands it over once shown', () => {
    const tabs = [tab('/var/log/maillog')];
    assert.deepEqual(filesToRead(tabs, new Set(), disk({ '/var/log/maillog': 2 * MB })), []);
    assert.deepEqual(filesToRead(tabs, new Set(), disk({ '/var/log/maillog': SYNC_LIMIT_BYTES })), [], 'at the limit');
    assert.equal(filesToRead(tabs, new Set(), disk({ '/var/log/maillog': SYNC_LIMIT_BYTES + 1 })).length, 1);
  });

  it('reads only file: URIs with a name of the selector, each once', () => {
    const big = 80 * MB;
    const tabs = [
      tab('/data/dump.sql'),
      tab('/data/bounces.mbox'),
      tab('/data/bounces.mbox'),
      tab('/logs/MSGTRK2024010101-1.LOG'),
      tab('/remote/mail.log', 'vscode-remote'),
      tab('/logs/missing/mail.log'),
      tab('/logs/notes.txt'),
    ];
    const sizes = disk({
      '/data/dump.sql': big,
      '/data/bounces.mbox': big,
      '/logs/MSGTRK2024010101-1.LOG': big,
      '/remote/mail.log': big,
      '/logs/notes.txt': big,
    });
    assert.deepEqual(
      filesToRead(tabs, new Set(), sizes).map((f) => [f.fsPath, f.languageId]),
      [
        ['/data/bounces.mbox', 'email'],
        ['/logs/MSGTRK2024010101-1.LOG', 'mail-log'],
      ],
    );
  });

  it('forgets a file once its last tab is closed', () => {
    const read = ['file:///var/log/mail.log', 'file:///var/log/mail.log.1'];
    const tabs = [tab('/var/log/mail.log'), tab('/etc/postfix/main.cf')];
    assert.deepEqual(filesClosed(read, tabs), ['file:///var/log/mail.log.1']);
    assert.deepEqual(filesClosed(read, [...tabs, tab('/var/log/mail.log.1')]), []);
  });
});

describe('file names of the selector', () => {
  it('gives the language VS Code would: file name, then pattern, then extension', () => {
    assert.equal(languageOfFileName('mail.log'), 'mail-log');
    assert.equal(languageOfFileName('Mail.Log'), 'mail-log');
    assert.equal(languageOfFileName('mail.log.3'), 'mail-log');
    assert.equal(languageOfFileName('exim_mainlog'), 'mail-log');
    assert.equal(languageOfFileName('sender_access'), 'postfix-access');
    assert.equal(languageOfFileName('archive.eml'), 'email');
    assert.equal(languageOfFileName('syslog.log'), 'log');
    assert.equal(languageOfFileName('syslog.log.1'), 'log');
  });

  it('claims nothing else', () => {
    for (const name of ['main.cf', 'notes.txt', 'report.msg', 'mail.logger', 'maillog.py', 'transport-rule.ps1']) {
      assert.equal(languageOfFileName(name), undefined, name);
    }
  });
});

describe('the status bar count', () => {
  it('counts mail-lsp findings, not its notes about the document nor other sources', () => {
    const diagnostics = [
      { source: 'mail-lsp', code: '5.1.1' },
      { source: 'mail-lsp', code: '4.7.1' },
      { source: 'mail-lsp', code: 'reading' },
      { source: 'spell', code: 'typo' },
    ];
    assert.deepEqual(countFindings(diagnostics), { count: 2, capped: false });
  });

  it('says when the per-document cap cut the list', () => {
    const diagnostics = [{ source: 'mail-lsp', code: '5.1.1' }, { source: 'mail-lsp', code: 'max-per-document' }];
    assert.deepEqual(countFindings(diagnostics), { count: 1, capped: true });
  });
});
