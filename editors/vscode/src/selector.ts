import { MSG_SCHEME } from './msg';

/**
 * Which documents the client sends to the server. The server decides for itself what each
 * document is (language id, file name, content), so the client may offer broad languages such
 * as PowerShell and plain text: a document with nothing mail-related in it stays quiet.
 *
 * Only `file` and `untitled` documents are offered: output channels are `log` documents too,
 * and sending the server its own trace would feed it back into itself. The one other scheme is
 * `mail-msg`, the converted text of Outlook `.msg` files (see `msg.ts`), in the `email` language.
 */
export interface DocumentFilter {
  language: string;
  scheme: string;
}

/** Languages this extension contributes. */
export const OWN_LANGUAGES = ['email', 'mail-log', 'postfix-access'] as const;

/** Languages owned by VS Code or other extensions that mail-lsp also reads. */
export const SHARED_LANGUAGES = ['powershell', 'log', 'plaintext'] as const;

export const SCHEMES = ['file', 'untitled'] as const;

export function documentSelector(): DocumentFilter[] {
  return [
    ...[...OWN_LANGUAGES, ...SHARED_LANGUAGES].flatMap((language) =>
      SCHEMES.map((scheme) => ({ language, scheme })),
    ),
    { language: 'email', scheme: MSG_SCHEME },
  ];
}

/**
 * The file names each language claims, as in package.json's `contributes.languages` (a test
 * keeps the two equal), plus the `.log` names of VS Code's own `log` language. A document VS Code
 * does not hand to extensions (see `largeLogs.ts`) has no language id to match the selector with,
 * so its file name decides. Plain text and PowerShell are left out: a large `.txt` or `.ps1` is
 * rarely a mail log, and the server would read it whole for nothing.
 */
export const FILE_NAMES: Readonly<Record<string, { filenames?: string[]; filenamePatterns?: string[]; extensions?: string[] }>> = {
  email: { extensions: ['.eml', '.mbox'] },
  'mail-log': {
    filenames: [
      'mail.log',
      'maillog',
      'mail.err',
      'mail.warn',
      'mail.info',
      'exim_mainlog',
      'exim_rejectlog',
      'mainlog',
      'rejectlog',
      'paniclog',
    ],
    filenamePatterns: [
      'mail.log.*',
      'maillog-*',
      'MSGTRK*.LOG',
      'MSGTRK*.log',
      'msgtrk*.log',
      'RECV*.LOG',
      'RECV*.log',
      'SEND*.LOG',
      'SEND*.log',
    ],
  },
  'postfix-access': {
    filenames: [
      'access',
      'sender_access',
      'recipient_access',
      'client_access',
      'helo_access',
      'header_checks',
      'body_checks',
      'mime_header_checks',
      'nested_header_checks',
      'smtp_header_checks',
    ],
    filenamePatterns: ['*_access', '*_access.pcre', '*_access.regexp', '*_checks', '*_checks.pcre', '*_checks.regexp'],
  },
  log: { extensions: ['.log'], filenamePatterns: ['*.log.?'] },
};

/** A `*`/`?` file-name pattern as a regular expression, case-insensitive like VS Code's. */
function patternRegExp(pattern: string): RegExp {
  const body = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 'i');
}

/**
 * The language of a file by its base name, in VS Code's order: an exact file name first, then a
 * pattern, then an extension; undefined when no language of the selector claims it.
 */
export function languageOfFileName(name: string): string | undefined {
  const lower = name.toLowerCase();
  const entries = Object.entries(FILE_NAMES);
  return (
    entries.find(([, n]) => n.filenames?.some((f) => f.toLowerCase() === lower))?.[0] ??
    entries.find(([, n]) => n.filenamePatterns?.some((p) => patternRegExp(p).test(name)))?.[0] ??
    entries.find(([, n]) => n.extensions?.some((e) => lower.endsWith(e.toLowerCase())))?.[0]
  );
}
