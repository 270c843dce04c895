import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { convertMsg, isCompoundFile, isMsgPath, msgPathOf, textPathFor } from '../src/msg';

/** A stand-in for the server binary: a shell script answering `convert FILE`. */
function fakeServer(body: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'mail-lsp-msg-'));
  const file = join(dir, 'mail-lsp');
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

describe('Outlook .msg documents', () => {
  it('map a .msg path to an .eml document path and back', () => {
    assert.equal(textPathFor('/mail/Undeliverable.msg'), '/mail/Undeliverable.msg.eml');
    assert.equal(msgPathOf('/mail/Undeliverable.msg.eml'), '/mail/Undeliverable.msg');
    assert.equal(msgPathOf('/mail/Report.MSG.eml'), '/mail/Report.MSG');
    assert.equal(msgPathOf('/mail/bounce.eml'), undefined);
    assert.equal(msgPathOf('/mail/Undeliverable.msg'), undefined);
    assert.ok(isMsgPath('C:/Users/a/Desktop/Undeliverable.MSG'));
    assert.ok(!isMsgPath('/mail/bounce.eml'));
  });

  it('are told from text files sharing the extension by the compound-file signature', () => {
    const outlook = Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0x00, 0x00]);
    assert.ok(isCompoundFile(outlook));
    assert.ok(!isCompoundFile(new TextEncoder().encode('# ROS message\nfloat64 x\n')));
    assert.ok(!isCompoundFile(outlook.subarray(0, 7)));
  });

  it('take the text mail-lsp convert prints', async () => {
    const server = fakeServer('[ "$1" = convert ] && printf "Subject: converted %s\\n\\nbody\\n" "$2"');
    assert.deepEqual(await convertMsg(server, '/mail/a.msg'), {
      ok: true,
      text: 'Subject: converted /mail/a.msg\n\nbody\n',
    });
  });

  it("report the server's error line when conversion fails", async () => {
    const server = fakeServer('echo "mail-lsp: cannot convert $2: not an Outlook .msg file" >&2; exit 2');
    assert.deepEqual(await convertMsg(server, '/mail/b.msg'), {
      ok: false,
      error: 'mail-lsp: cannot convert /mail/b.msg: not an Outlook .msg file',
    });
  });
});
