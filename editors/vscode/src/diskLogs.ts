/**
 * Large mail logs in VS Code: the files of open tabs that VS Code keeps from extensions (over
 * 50 MB, see `largeLogs.ts`) are read by the server from disk (`mailLsp/analyzeFile`), read again
 * when they change, and forgotten (`textDocument/didClose`, which the server honours for a file
 * it read itself) when their last tab closes. A status bar item says so while such a file is the
 * active tab, and `mail-lsp.analyzeFile` asks for the active tab's file by hand.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

import { baseName, countFindings, type DiskFile, filesClosed, filesToRead, type TabFile } from './largeLogs';
import { languageOfFileName } from './selector';

export const ANALYZE_FILE_REQUEST = 'mailLsp/analyzeFile';
/** The server's command of the same request, registered by the language client. */
export const ANALYZE_FILE_COMMAND = 'mail-lsp.analyzeFile';

/**
 * How often a followed file's size and time are compared, beside the file watcher: VS Code's
 * watcher does not cover every file system (network mounts, some remotes) and its events come
 * late on a busy machine, while a stat every 250 ms (as `check --follow` does) costs nothing.
 */
const POLL_MS = 250;
/** Quiet time after a change before the file is read again, so a burst of writes is one read. */
const SETTLE_MS = 50;

interface Followed {
  file: DiskFile;
  watcher: vscode.FileSystemWatcher;
  poll: ReturnType<typeof setInterval>;
  stamp: string;
  timer?: ReturnType<typeof setTimeout>;
  reading: boolean;
  again: boolean;
}

function tabFiles(): TabFile[] {
  return vscode.window.tabGroups.all.flatMap((group) =>
    group.tabs.flatMap((tab) =>
      tab.input instanceof vscode.TabInputText
        ? [{ uri: tab.input.uri.toString(), scheme: tab.input.uri.scheme, fsPath: tab.input.uri.fsPath }]
        : [],
    ),
  );
}

function activeTabUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputText ? input.uri : undefined;
}

function sizeOf(fsPath: string): number | undefined {
  try {
    return fs.statSync(fsPath).size;
  } catch {
    return undefined;
  }
}

function stampOf(fsPath: string): string {
  try {
    const stat = fs.statSync(fsPath);
    return `${stat.size}:${stat.mtimeMs}:${stat.ino}`;
  } catch {
    return '';
  }
}

export class DiskLogs implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private readonly followed = new Map<string, Followed>();
  private readonly status: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the set of followed files or the active tab changes. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly output: vscode.OutputChannel | undefined) {
    this.status = vscode.window.createStatusBarItem('mailLsp.diskLog', vscode.StatusBarAlignment.Left, 10);
    this.status.name = vscode.l10n.t('mail-lsp: mail log read from disk');
    this.disposables.push(
      this.status,
      this.changed,
      vscode.window.tabGroups.onDidChangeTabs(() => this.refresh()),
      vscode.window.tabGroups.onDidChangeTabGroups(() => this.refresh()),
      vscode.workspace.onDidOpenTextDocument(() => this.refresh()),
      vscode.languages.onDidChangeDiagnostics((event) => {
        const active = this.activeFollowed();
        if (active !== undefined && event.uris.some((uri) => uri.toString() === active)) {
          this.showStatus();
        }
      }),
    );
  }

  /** Starts with a running client: the tabs open now are looked at, and again on every change. */
  attach(client: LanguageClient): void {
    this.client = client;
    this.refresh();
  }

  /** The client stopped: nothing is followed until the next one is attached. */
  detach(): void {
    this.client = undefined;
    for (const uri of [...this.followed.keys()]) {
      this.unfollow(uri);
    }
    this.refresh();
  }

  /** Whether the server reads this URI from disk. */
  isFollowed(uri: string): boolean {
    return this.followed.has(uri);
  }

  /** The URI of the active tab when it is a file the server reads from disk. */
  activeFollowed(): string | undefined {
    const uri = activeTabUri()?.toString();
    return uri !== undefined && this.followed.has(uri) ? uri : undefined;
  }

  /**
   * `mail-lsp.analyzeFile` from the palette: the active tab's file, read from disk. A document
   * VS Code already handed over is left to the language client, whose versions it would break.
   */
  async analyzeActive(): Promise<unknown> {
    const uri = activeTabUri();
    if (uri === undefined || uri.scheme !== 'file') {
      void vscode.window.showInformationMessage(vscode.l10n.t('mail-lsp: open a file in the editor first.'));
      return undefined;
    }
    if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('mail-lsp already reads {0} as an open document.', baseName(uri.fsPath)),
      );
      return undefined;
    }
    // An empty language lets the server decide by name and content, as it does for a document.
    const file = { uri: uri.toString(), fsPath: uri.fsPath, languageId: languageOfFileName(baseName(uri.fsPath)) ?? '' };
    this.follow(file);
    return this.read(file.uri);
  }

  private refresh(): void {
    const tabs = tabFiles();
    if (this.client !== undefined) {
      const documents = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
      for (const uri of filesClosed(this.followed.keys(), tabs)) {
        this.unfollow(uri);
        void this.client.sendNotification('textDocument/didClose', { textDocument: { uri } });
      }
      for (const uri of [...this.followed.keys()].filter((u) => documents.has(u))) {
        // VS Code handed the document over after all (it shrank): the language client has it.
        this.unfollow(uri);
      }
      for (const file of filesToRead(tabs, documents, sizeOf)) {
        if (!this.followed.has(file.uri)) {
          this.follow(file);
          void this.read(file.uri);
        }
      }
    }
    this.showStatus();
    this.changed.fire();
  }

  private follow(file: DiskFile): void {
    if (this.followed.has(file.uri)) {
      return;
    }
    const watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(vscode.Uri.file(path.dirname(file.fsPath)), baseName(file.fsPath)),
    );
    const entry: Followed = {
      file,
      watcher,
      stamp: stampOf(file.fsPath),
      reading: false,
      again: false,
      poll: setInterval(() => {
        const stamp = stampOf(file.fsPath);
        if (stamp !== entry.stamp) {
          this.changedOnDisk(file.uri);
        }
      }, POLL_MS),
    };
    const onChange = () => this.changedOnDisk(file.uri);
    watcher.onDidChange(onChange);
    watcher.onDidCreate(onChange);
    this.followed.set(file.uri, entry);
    this.output?.appendLine(vscode.l10n.t('Reading {0} from disk: VS Code does not give files over 50 MB to extensions.', file.fsPath));
  }

  private unfollow(uri: string): void {
    const entry = this.followed.get(uri);
    if (entry === undefined) {
      return;
    }
    entry.watcher.dispose();
    clearInterval(entry.poll);
    clearTimeout(entry.timer);
    this.followed.delete(uri);
  }

  private changedOnDisk(uri: string): void {
    const entry = this.followed.get(uri);
    if (entry === undefined) {
      return;
    }
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => void this.read(uri), SETTLE_MS);
  }

  /** Asks the server to read the file; one request at a time, a change meanwhile reads again. */
  private async read(uri: string): Promise<unknown> {
    const entry = this.followed.get(uri);
    const client = this.client;
    if (entry === undefined || client === undefined) {
      return undefined;
    }
    if (entry.reading) {
      entry.again = true;
      return undefined;
    }
    entry.reading = true;
    entry.stamp = stampOf(entry.file.fsPath);
    try {
      return await client.sendRequest(ANALYZE_FILE_REQUEST, { uri, languageId: entry.file.languageId });
    } catch (error) {
      this.output?.appendLine(vscode.l10n.t('mail-lsp could not read {0}: {1}', entry.file.fsPath, String(error)));
      return undefined;
    } finally {
      entry.reading = false;
      if (entry.again) {
        entry.again = false;
        void this.read(uri);
      }
    }
  }

  private showStatus(): void {
    const active = this.activeFollowed();
    if (active === undefined) {
      this.status.hide();
      return;
    }
    const diagnostics = vscode.languages.getDiagnostics(vscode.Uri.parse(active)).map((d) => ({
      source: d.source,
      code: typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code),
    }));
    const { count, capped } = countFindings(diagnostics);
    this.status.text = `$(file-binary) ${vscode.l10n.t('Mail log read from disk ({0} findings)', capped ? `${count}+` : String(count))}`;
    this.status.tooltip = vscode.l10n.t(
      'VS Code does not give files over 50 MB to extensions, so mail-lsp reads this log from disk itself and reads it again when it grows. Hover the underlined codes for their meaning.',
    );
    this.status.show();
  }

  dispose(): void {
    for (const uri of [...this.followed.keys()]) {
      this.unfollow(uri);
    }
    for (const disposable of this.disposables) {
      disposable.dispose();
    }
  }
}
