/**
 * Outlook `.msg` files shown as text. A `.msg` is binary (a compound file); `mail-lsp convert`
 * prints the message text the server analyses, and the extension shows that text as a
 * read-only document under its own URI scheme, in the `email` language, so every feature of
 * the language server works on it.
 *
 * Why the `convert` command and not a request to the running server: the same conversion is
 * what `check` reports positions in and what Neovim shows, so one tested path serves all three;
 * it needs no server state, and it works while the language server is restarting.
 *
 * This module holds what can be tested without VS Code: the URI mapping and the process call.
 */
import { execFile } from 'node:child_process';

/** The scheme of converted `.msg` documents. */
export const MSG_SCHEME = 'mail-msg';

/**
 * The suffix added to a `.msg` path in its converted document's URI: the tab reads
 * `Undeliverable.msg.eml`, and VS Code gives the document the `email` language by extension.
 */
export const TEXT_SUFFIX = '.eml';

/** The first eight bytes of every compound file, hence of every Outlook `.msg`. */
const SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/**
 * Whether a file's first bytes are a compound file's. Other formats use the `.msg` extension
 * for text (ROS message definitions), and those open as the text they are.
 */
export function isCompoundFile(head: Uint8Array): boolean {
  return SIGNATURE.every((byte, i) => head[i] === byte);
}

/** Whether a path names an Outlook message. */
export function isMsgPath(path: string): boolean {
  return path.toLowerCase().endsWith('.msg');
}

/** The path of the converted document for a `.msg` path. */
export function textPathFor(msgPath: string): string {
  return msgPath + TEXT_SUFFIX;
}

/** The `.msg` path back from a converted document's path; `undefined` for any other path. */
export function msgPathOf(textPath: string): string | undefined {
  if (!textPath.endsWith(TEXT_SUFFIX)) {
    return undefined;
  }
  const msgPath = textPath.slice(0, -TEXT_SUFFIX.length);
  return isMsgPath(msgPath) ? msgPath : undefined;
}

/** The largest converted text accepted from the server binary. */
const MAX_TEXT = 64 * 1024 * 1024;

/** What `mail-lsp convert` gave: the text, or the server's own error line. */
export type Conversion = { ok: true; text: string } | { ok: false; error: string };

/** Runs `server convert file` and collects its output. */
export function convertMsg(server: string, file: string): Promise<Conversion> {
  return new Promise((resolve) => {
    execFile(
      server,
      ['convert', file],
      { encoding: 'utf8', maxBuffer: MAX_TEXT, windowsHide: true },
      (error, stdout, stderr) => {
        if (error === null) {
          resolve({ ok: true, text: stdout });
        } else {
          resolve({ ok: false, error: stderr.trim() || error.message });
        }
      },
    );
  });
}
