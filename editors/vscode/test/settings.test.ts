import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { documentSelector } from '../src/selector';
import { launchArgs, launchEnv, openSettingsCommand, reactionTo, serverSettings } from '../src/settings';

describe('settings sent to the server', () => {
  it('nests dotted keys and leaves unset keys to the server', () => {
    const values: Record<string, unknown> = {
      language: 'ja',
      'diagnostics.maxPerDocument': 50,
      'diagnostics.successCodes': true,
      'catalog.extraPaths': ['/etc/mail-lsp/org.toml'],
      'trace.server': 'verbose',
      'server.path': '/must/not/be/sent',
    };
    assert.deepEqual(
      serverSettings((key) => values[key]),
      {
        language: 'ja',
        diagnostics: { maxPerDocument: 50, successCodes: true },
        catalog: { extraPaths: ['/etc/mail-lsp/org.toml'] },
        trace: { server: 'verbose' },
      },
    );
  });

  it('restarts the server only for launch settings', () => {
    const changed = (keys: string[]) => (section: string) =>
      keys.some((key) => key === section || key.startsWith(`${section}.`));
    assert.equal(reactionTo(changed(['mailLsp.server.path'])), 'restart');
    assert.equal(reactionTo(changed(['mailLsp.server.extraEnv'])), 'restart');
    assert.equal(reactionTo(changed(['mailLsp.language'])), 'notify');
    assert.equal(reactionTo(changed(['editor.fontSize'])), 'none');
  });

  it('keeps only well-typed launch arguments and environment', () => {
    assert.deepEqual(launchArgs(['--log-file', 3, '/tmp/l']), ['--log-file', '/tmp/l']);
    assert.deepEqual(launchArgs('--stdio'), []);
    assert.deepEqual(launchEnv({ RUST_LOG: 'debug', N: 1 }), { RUST_LOG: 'debug' });
    assert.deepEqual(launchEnv(null), {});
  });
});

describe('the "Open Settings" button', () => {
  it('opens the setting on the Remote tab in remote windows, where machine settings live', () => {
    assert.deepEqual(openSettingsCommand('mailLsp.server.path', undefined), {
      command: 'workbench.action.openSettings',
      args: { query: 'mailLsp.server.path' },
    });
    assert.equal(openSettingsCommand('mailLsp.server.path', 'ssh-remote').command, 'workbench.action.openRemoteSettings');
  });
});

describe('documents offered to the server', () => {
  it('offers files, untitled documents and converted .msg files, never output channels', () => {
    const selector = documentSelector();
    assert.ok(selector.some((f) => f.language === 'email' && f.scheme === 'file'));
    assert.ok(selector.some((f) => f.language === 'plaintext' && f.scheme === 'untitled'));
    assert.ok(selector.some((f) => f.language === 'powershell' && f.scheme === 'file'));
    assert.deepEqual(
      selector.filter((f) => f.scheme !== 'file' && f.scheme !== 'untitled'),
      [{ language: 'email', scheme: 'mail-msg' }],
    );
  });
});
