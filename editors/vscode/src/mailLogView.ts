/**
 * The "Mail log" view in the explorer: the failed and deferred deliveries of the active mail log,
 * grouped by queue ID or Message-ID (`mailLsp/deliveries`), each with its recipient, code and
 * meaning; choosing one reveals its line. It follows the active tab, whether VS Code handed the
 * log over or the server reads it from disk (see `diskLogs.ts`), and is asked again whenever
 * that log's diagnostics change.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

import type { DiskLogs } from './diskLogs';
import { baseName } from './largeLogs';
import { deliveryRows, type Deliveries, type DeliveryRow, type MessageRow } from './mailLogRows';

export const MAIL_LOG_VIEW = 'mailLsp.mailLog';
export const DELIVERIES_REQUEST = 'mailLsp/deliveries';
/** Languages whose documents the view lists when VS Code handed them over. */
const LOG_LANGUAGES = new Set(['mail-log', 'log']);

type Node = MessageRow | DeliveryRow;

export class MailLogView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private client: LanguageClient | undefined;
  private target: vscode.Uri | undefined;
  private rows: MessageRow[] = [];
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<Node>;
  private readonly disposables: vscode.Disposable[] = [];
  private pending: ReturnType<typeof setTimeout> | undefined;
  private asked = 0;

  constructor(private readonly diskLogs: DiskLogs) {
    this.view = vscode.window.createTreeView(MAIL_LOG_VIEW, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.view,
      this.changed,
      diskLogs.onDidChange(() => this.retarget()),
      vscode.window.tabGroups.onDidChangeTabs(() => this.retarget()),
      vscode.languages.onDidChangeDiagnostics((event) => {
        if (this.target !== undefined && event.uris.some((uri) => uri.toString() === this.target?.toString())) {
          this.schedule();
        }
      }),
    );
    this.retarget();
  }

  attach(client: LanguageClient | undefined): void {
    this.client = client;
    this.schedule();
  }

  /** The active tab's log, if it is one; the view keeps the last log while another tab is active. */
  private retarget(): void {
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    const uri = input instanceof vscode.TabInputText ? input.uri : undefined;
    if (uri !== undefined && this.isLog(uri) && uri.toString() !== this.target?.toString()) {
      this.target = uri;
      this.rows = [];
      this.changed.fire(undefined);
      this.schedule();
    } else if (this.target !== undefined && !this.isLog(this.target)) {
      this.target = undefined;
      this.rows = [];
      this.changed.fire(undefined);
    }
    this.describe();
  }

  private isLog(uri: vscode.Uri): boolean {
    if (this.diskLogs.isFollowed(uri.toString())) {
      return true;
    }
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    return document !== undefined && LOG_LANGUAGES.has(document.languageId);
  }

  /** Diagnostics come in bursts while a large log is read: the list is asked for once they settle. */
  private schedule(): void {
    clearTimeout(this.pending);
    this.pending = setTimeout(() => void this.load(), 50);
  }

  private async load(): Promise<void> {
    const target = this.target;
    const client = this.client;
    if (target === undefined || client === undefined) {
      return;
    }
    const asked = ++this.asked;
    try {
      const answer = await client.sendRequest<Deliveries>(DELIVERIES_REQUEST, { textDocument: { uri: target.toString() } });
      if (asked !== this.asked || target !== this.target) {
        return;
      }
      this.rows = deliveryRows(answer);
      this.changed.fire(undefined);
      this.describe(answer.more);
    } catch {
      // Not analysed yet: the next diagnostics bring the list.
    }
  }

  private describe(more = 0): void {
    // The view appears in the explorer only once a log is open (`when` in package.json).
    void vscode.commands.executeCommand('setContext', 'mailLsp.mailLogShown', this.target !== undefined);
    this.view.description = this.target === undefined ? undefined : baseName(this.target.fsPath);
    if (this.target === undefined) {
      this.view.message = vscode.l10n.t('Open a mail log to list its failed and deferred deliveries.');
    } else if (this.rows.length === 0) {
      this.view.message = vscode.l10n.t('No failed or deferred delivery in {0}.', baseName(this.target.fsPath));
    } else if (more > 0) {
      this.view.message = vscode.l10n.t('{0} more deliveries are not listed.', String(more));
    } else {
      this.view.message = undefined;
    }
  }

  getChildren(node?: Node): Node[] {
    if (node === undefined) {
      return this.rows;
    }
    return node.kind === 'message' ? node.deliveries : [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'message') {
      const item = new vscode.TreeItem(
        node.id === '' ? vscode.l10n.t('(no queue ID)') : node.id,
        vscode.TreeItemCollapsibleState.Expanded,
      );
      item.description = vscode.l10n.t('{0} failed, {1} deferred', String(node.failed), String(node.delayed));
      item.iconPath = new vscode.ThemeIcon('mail');
      return item;
    }
    const item = new vscode.TreeItem(node.recipient, vscode.TreeItemCollapsibleState.None);
    item.description = node.detail;
    item.tooltip = node.detail;
    item.iconPath = new vscode.ThemeIcon(node.action === 'failed' ? 'error' : 'warning');
    const target = this.target;
    if (target !== undefined) {
      const { start, end } = node.range;
      const selection = new vscode.Range(start.line, start.character, end.line, end.character);
      // `vscode.open` opens the editor in the workbench, which works for a file too large to be
      // handed to extensions (`showTextDocument` would need its document).
      item.command = {
        command: 'vscode.open',
        title: vscode.l10n.t('Show the line'),
        arguments: [target, { selection, preview: true }],
      };
    }
    return item;
  }

  dispose(): void {
    clearTimeout(this.pending);
    for (const disposable of this.disposables) {
      disposable.dispose();
    }
  }
}
