import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { type DiscoveryInput, findServer, format, missingMessage, pathCandidates } from '../src/discovery';

/** A machine where exactly `files` are executable. */
function machine(files: string[], overrides: Partial<DiscoveryInput> = {}): DiscoveryInput {
  const present = new Set(files);
  return {
    env: { PATH: '/usr/local/bin:/usr/bin' },
    setting: '',
    extensionPath: '/ext/mail-lsp',
    platform: 'linux',
    homedir: '/home/ann',
    workspaceFolder: '/work/bounces',
    isExecutable: (file) => present.has(file),
    ...overrides,
  };
}

describe('server discovery', () => {
  it('prefers MAIL_LSP_PATH over everything else', () => {
    const input = machine(['/opt/dev/mail-lsp', '/ext/mail-lsp/server/mail-lsp', '/usr/bin/mail-lsp'], {
      env: { PATH: '/usr/bin', MAIL_LSP_PATH: '/opt/dev/mail-lsp' },
      setting: '/usr/bin/mail-lsp',
    });
    assert.deepEqual(findServer(input), { kind: 'found', path: '/opt/dev/mail-lsp', source: 'env' });
  });

  it('reports a wrong MAIL_LSP_PATH instead of falling back silently', () => {
    const input = machine(['/usr/bin/mail-lsp'], { env: { PATH: '/usr/bin', MAIL_LSP_PATH: '/nope/mail-lsp' } });
    assert.deepEqual(findServer(input), { kind: 'missing', reason: 'env', tried: '/nope/mail-lsp' });
  });

  it('uses the setting next, expanding ~ and resolving relative paths in the workspace', () => {
    assert.deepEqual(findServer(machine(['/home/ann/bin/mail-lsp'], { setting: '~/bin/mail-lsp' })), {
      kind: 'found',
      path: '/home/ann/bin/mail-lsp',
      source: 'setting',
    });
    assert.deepEqual(findServer(machine(['/work/bounces/tools/mail-lsp'], { setting: 'tools/mail-lsp' })), {
      kind: 'found',
      path: '/work/bounces/tools/mail-lsp',
      source: 'setting',
    });
    assert.deepEqual(
      findServer(machine(['/work/bounces/target/release/mail-lsp'], { setting: '${workspaceFolder}/target/release/mail-lsp' })),
      { kind: 'found', path: '/work/bounces/target/release/mail-lsp', source: 'setting' },
    );
  });

  it('names the setting when it points nowhere', () => {
    const found = findServer(machine(['/usr/bin/mail-lsp'], { setting: '/typo/mail-lsp' }));
    assert.deepEqual(found, { kind: 'missing', reason: 'setting', tried: '/typo/mail-lsp' });
    assert.ok(found.kind === 'missing');
    const message = missingMessage(found, format);
    assert.match(message, /mailLsp\.server\.path/);
    assert.match(message, /\/typo\/mail-lsp/);
  });

  it('uses the bundled binary of a platform package before PATH', () => {
    const input = machine(['/ext/mail-lsp/server/mail-lsp', '/usr/bin/mail-lsp']);
    assert.deepEqual(findServer(input), { kind: 'found', path: '/ext/mail-lsp/server/mail-lsp', source: 'bundled' });
  });

  it('searches PATH in order', () => {
    const input = machine(['/usr/bin/mail-lsp', '/usr/local/bin/mail-lsp']);
    assert.deepEqual(findServer(input), { kind: 'found', path: '/usr/local/bin/mail-lsp', source: 'path' });
  });

  it('treats blank values as unset', () => {
    const input = machine(['/usr/bin/mail-lsp'], { env: { PATH: '/usr/bin', MAIL_LSP_PATH: '  ' }, setting: ' ' });
    assert.deepEqual(findServer(input), { kind: 'found', path: '/usr/bin/mail-lsp', source: 'path' });
  });

  it('finds mail-lsp.exe on Windows through Path and PATHEXT', () => {
    const env = { Path: 'C:\\tools;C:\\cargo\\bin', PATHEXT: '.COM;.EXE' };
    assert.deepEqual(pathCandidates(env, 'win32'), [
      'C:\\tools\\mail-lsp.com',
      'C:\\tools\\mail-lsp.exe',
      'C:\\cargo\\bin\\mail-lsp.com',
      'C:\\cargo\\bin\\mail-lsp.exe',
    ]);
    const input = machine(['C:\\ext\\server\\mail-lsp.exe'], { env, platform: 'win32', extensionPath: 'C:\\ext' });
    assert.deepEqual(findServer(input), { kind: 'found', path: 'C:\\ext\\server\\mail-lsp.exe', source: 'bundled' });
  });

  it('says what to do when the server is nowhere', () => {
    const found = findServer(machine([]));
    assert.deepEqual(found, { kind: 'missing', reason: 'nowhere' });
    assert.ok(found.kind === 'missing');
    assert.equal(
      missingMessage(found, format),
      'mail-lsp: the language server was not found. Set mailLsp.server.path to the path of the mail-lsp executable, or install mail-lsp on PATH.',
    );
  });
});
