/**
 * The VS Code side of mail-lsp: finds the server, starts it over stdio, keeps its settings in
 * step, and offers one command to restart it. Everything the user sees about mail (diagnostics,
 * hovers, code actions) comes from the server; logs too large for VS Code to hand over are read
 * by the server from disk (`diskLogs.ts`) and listed in the "Mail log" view (`mailLogView.ts`).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  type Executable,
  LanguageClient,
  type LanguageClientOptions,
  TransportKind,
} from 'vscode-languageclient/node';

import { findServer, type Found, missingMessage, PATH_SETTING } from './discovery';
import { ANALYZE_FILE_COMMAND, DiskLogs } from './diskLogs';
import { MailLogView } from './mailLogView';
import { registerMsgViews } from './msgView';
import { documentSelector } from './selector';
import { launchArgs, launchEnv, openSettingsCommand, reactionTo, serverSettings } from './settings';

let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;

/** What the extension exposes to other extensions and to its own end-to-end test. */
export interface MailLspApi {
  /** The server binary in use and how it was found, once started. */
  server(): Found | undefined;
}

let current: Found | undefined;
let diskLogs: DiskLogs | undefined;
let mailLogView: MailLogView | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<MailLspApi> {
  output = vscode.window.createOutputChannel('mail-lsp');
  context.subscriptions.push(output);
  context.subscriptions.push(
    vscode.commands.registerCommand('mailLsp.restart', () => restart(context)),
    vscode.workspace.onDidChangeConfiguration((event) => onConfigurationChange(event, context)),
  );
  registerMsgViews(context, () => current?.path);
  diskLogs = new DiskLogs(output);
  mailLogView = new MailLogView(diskLogs);
  context.subscriptions.push(diskLogs, mailLogView);
  await start(context);
  return { server: () => current };
}

export async function deactivate(): Promise<void> {
  await stop();
}

function isExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    if (process.platform !== 'win32') {
      fs.accessSync(file, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const config = vscode.workspace.getConfiguration('mailLsp');
  const found = findServer({
    env: process.env,
    setting: config.get<string>('server.path'),
    extensionPath: context.extensionPath,
    platform: process.platform,
    homedir: os.homedir(),
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    isExecutable,
  });
  if (found.kind === 'missing') {
    const message = missingMessage(found, vscode.l10n.t);
    output?.appendLine(message);
    void offerSettings(message);
    return;
  }
  output?.appendLine(vscode.l10n.t('Starting {0} (found through: {1})', found.path, found.source));
  const server: Executable = {
    command: found.path,
    args: launchArgs(config.get('server.args')),
    transport: TransportKind.stdio,
    options: { env: { ...process.env, ...launchEnv(config.get('server.extraEnv')) } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(),
    initializationOptions: serverSettings((key) => config.get(key)),
    outputChannel: output,
    markdown: { isTrusted: false, supportHtml: false },
    middleware: {
      // From the palette the server's command comes without its argument: it then means the
      // active tab's file, which the extension also follows from then on.
      executeCommand: (command, args, next) =>
        command === ANALYZE_FILE_COMMAND && args.length === 0 && diskLogs !== undefined
          ? diskLogs.analyzeActive()
          : next(command, args),
    },
  };
  const created = new LanguageClient('mailLsp', 'mail-lsp', server, clientOptions);
  try {
    await created.start();
  } catch (error) {
    const message = vscode.l10n.t(
      'mail-lsp: the server {0} could not be started ({1}). Check {2}.',
      found.path,
      String(error),
      PATH_SETTING,
    );
    output?.appendLine(message);
    void offerSettings(message);
    await created.dispose().catch(() => undefined);
    return;
  }
  client = created;
  current = found;
  diskLogs?.attach(created);
  mailLogView?.attach(created);
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  current = undefined;
  diskLogs?.detach();
  mailLogView?.attach(undefined);
  if (running !== undefined) {
    try {
      await running.stop(2000);
    } catch (error) {
      output?.appendLine(String(error));
    }
    await running.dispose().catch(() => undefined);
  }
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  await stop();
  await start(context);
}

async function offerSettings(message: string): Promise<void> {
  const open = vscode.l10n.t('Open Settings');
  const show = vscode.l10n.t('Show Output');
  const choice = await vscode.window.showErrorMessage(message, open, show);
  if (choice === open) {
    const { command, args } = openSettingsCommand(PATH_SETTING, vscode.env.remoteName);
    await vscode.commands.executeCommand(command, args);
  } else if (choice === show) {
    output?.show();
  }
}

async function onConfigurationChange(
  event: vscode.ConfigurationChangeEvent,
  context: vscode.ExtensionContext,
): Promise<void> {
  switch (reactionTo((section) => event.affectsConfiguration(section))) {
    case 'restart':
      await restart(context);
      break;
    case 'notify':
      // `settings: null` asks the server to pull `workspace/configuration` itself, so it always
      // sees the whole section with VS Code's defaults filled in.
      await client?.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
      break;
    case 'none':
      break;
  }
}
