/**
 * The VS Code wiring of `.msg` files (see `msg.ts`): a read-only content provider for the
 * `mail-msg:` scheme, a default custom editor for `*.msg` that opens the converted text in its
 * place (and a `.msg` that is text, not a compound file, in VS Code's own editor), and the
 * `mailLsp.openMsg` command for the explorer and the command palette.
 */
import * as vscode from 'vscode';

import { convertMsg, isCompoundFile, MSG_SCHEME, msgPathOf, textPathFor } from './msg';

/** The custom editor's view type, as in package.json. */
export const MSG_EDITOR = 'mailLsp.msg';

/** Registers the `.msg` views; `server` gives the binary in use, when one was found. */
export function registerMsgViews(context: vscode.ExtensionContext, server: () => string | undefined): void {
  const provider: vscode.TextDocumentContentProvider = {
    async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
      const msgPath = msgPathOf(uri.path);
      const binary = server();
      if (msgPath === undefined) {
        throw new Error(vscode.l10n.t('mail-lsp: {0} is not an Outlook message.', uri.path));
      }
      const file = vscode.Uri.file(msgPath).fsPath;
      if (binary === undefined) {
        throw new Error(vscode.l10n.t('mail-lsp: the server was not found, so {0} cannot be converted.', file));
      }
      const result = await convertMsg(binary, file);
      if (!result.ok) {
        throw new Error(result.error);
      }
      return result.text;
    },
  };
  const editor: vscode.CustomReadonlyEditorProvider = {
    openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
      return { uri, dispose: () => undefined };
    },
    async resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): Promise<void> {
      panel.webview.html = `<p>${escapeHtml(vscode.l10n.t('Opening {0} as text…', document.uri.fsPath))}</p>`;
      const column = panel.viewColumn;
      if (await isOutlookFile(document.uri)) {
        await openAsText(document.uri, column);
      } else {
        // A text file that only shares the extension: VS Code's own editor shows it.
        await vscode.commands.executeCommand('vscode.openWith', document.uri, 'default', column);
      }
      panel.dispose();
    },
  };
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(MSG_SCHEME, provider),
    vscode.window.registerCustomEditorProvider(MSG_EDITOR, editor, {
      supportsMultipleEditorsPerDocument: true,
    }),
    vscode.commands.registerCommand('mailLsp.openMsg', async (uri?: vscode.Uri) => {
      const target = uri ?? (await pickMsg());
      if (target !== undefined) {
        await openAsText(target, undefined);
      }
    }),
  );
}

/** Opens the converted text of a `.msg` file as a read-only `email` document. */
async function openAsText(msg: vscode.Uri, column: vscode.ViewColumn | undefined): Promise<void> {
  const uri = vscode.Uri.from({ scheme: MSG_SCHEME, path: textPathFor(msg.path) });
  try {
    const document = await vscode.workspace.openTextDocument(uri);
    const typed = document.languageId === 'email' ? document : await vscode.languages.setTextDocumentLanguage(document, 'email');
    await vscode.window.showTextDocument(typed, { viewColumn: column, preview: false });
  } catch (error) {
    void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
  }
}

async function isOutlookFile(uri: vscode.Uri): Promise<boolean> {
  try {
    return isCompoundFile(await vscode.workspace.fs.readFile(uri));
  } catch {
    // Unreadable: the conversion reports why.
    return true;
  }
}

async function pickMsg(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    filters: { [vscode.l10n.t('Outlook messages')]: ['msg'] },
  });
  return picked?.[0];
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
