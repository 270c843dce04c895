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
