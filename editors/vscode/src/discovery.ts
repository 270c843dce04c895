/**
 * Finding the mail-lsp executable. Kept free of the `vscode` module so the rules can be tested
 * in plain Node: the environment variable wins (handy for development builds), then the
 * setting, then the binary bundled in a platform package, then `mail-lsp` on PATH.
 */
import * as path from 'node:path';

/** The environment variable that overrides every other way of finding the server. */
export const ENV_VAR = 'MAIL_LSP_PATH';
/** The setting that names the server binary. */
export const PATH_SETTING = 'mailLsp.server.path';

export type ServerSource = 'env' | 'setting' | 'bundled' | 'path';

export interface Found {
  kind: 'found';
  path: string;
  source: ServerSource;
}

/**
 * Why no server could be used. `env` and `setting` mean the user pointed somewhere explicitly
 * and that place is wrong: that is reported as such instead of silently falling back.
 */
export interface Missing {
  kind: 'missing';
  reason: 'env' | 'setting' | 'nowhere';
  /** The path that was tried, for `env` and `setting`. */
  tried?: string;
}

export type Discovery = Found | Missing;

export interface DiscoveryInput {
  env: Record<string, string | undefined>;
  /** The value of `mailLsp.server.path`, as the user wrote it. */
  setting: string | undefined;
  /** Where the extension is installed; a platform package has `server/mail-lsp` there. */
  extensionPath: string;
  platform: NodeJS.Platform;
  homedir: string;
  /** The first workspace folder, against which a relative setting is resolved. */
  workspaceFolder?: string;
  isExecutable: (file: string) => boolean;
}

/** The server's file name on a platform. */
export function binaryName(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'mail-lsp.exe' : 'mail-lsp';
}

function pathModule(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

/**
 * Expands `~`, `${userHome}` and `${workspaceFolder}` in a user-written path and resolves a
 * relative path against the workspace folder (or leaves it as written when there is none).
 */
export function expandPath(
  raw: string,
  options: { homedir: string; workspaceFolder?: string; platform: NodeJS.Platform },
): string {
  const p = pathModule(options.platform);
  let value = raw.trim();
  value = value.replace(/\$\{userHome\}/g, options.homedir);
  if (options.workspaceFolder !== undefined) {
    value = value.replace(/\$\{workspaceFolder\}/g, options.workspaceFolder);
  }
  if (value === '~') {
    value = options.homedir;
  } else if (value.startsWith('~/') || value.startsWith('~\\')) {
    value = p.join(options.homedir, value.slice(2));
  }
  if (!p.isAbsolute(value) && options.workspaceFolder !== undefined) {
    value = p.resolve(options.workspaceFolder, value);
  }
  return value;
}

/** Every place on PATH where the server could be, in PATH order. */
export function pathCandidates(env: Record<string, string | undefined>, platform: NodeJS.Platform): string[] {
  const p = pathModule(platform);
  // Windows spells it `Path` as often as `PATH`.
  const searchPath = env.PATH ?? env.Path ?? '';
  const dirs = searchPath.split(platform === 'win32' ? ';' : ':').filter((dir) => dir.length > 0);
  const names =
    platform === 'win32'
      ? (env.PATHEXT ?? '.EXE;.CMD;.BAT')
          .split(';')
          .filter((ext) => ext.length > 0)
          .map((ext) => `mail-lsp${ext.toLowerCase()}`)
      : ['mail-lsp'];
  return dirs.flatMap((dir) => names.map((name) => p.join(dir, name)));
}

/** Applies the discovery order and says where the server is, or why it is not. */
export function findServer(input: DiscoveryInput): Discovery {
  const fromEnv = input.env[ENV_VAR]?.trim();
  if (fromEnv) {
    const file = expandPath(fromEnv, { ...input, workspaceFolder: undefined });
    return input.isExecutable(file)
      ? { kind: 'found', path: file, source: 'env' }
      : { kind: 'missing', reason: 'env', tried: file };
  }
  const fromSetting = input.setting?.trim();
  if (fromSetting) {
    const file = expandPath(fromSetting, input);
    return input.isExecutable(file)
      ? { kind: 'found', path: file, source: 'setting' }
      : { kind: 'missing', reason: 'setting', tried: file };
  }
  const bundled = pathModule(input.platform).join(input.extensionPath, 'server', binaryName(input.platform));
  if (input.isExecutable(bundled)) {
    return { kind: 'found', path: bundled, source: 'bundled' };
  }
  const onPath = pathCandidates(input.env, input.platform).find((file) => input.isExecutable(file));
  if (onPath !== undefined) {
    return { kind: 'found', path: onPath, source: 'path' };
  }
  return { kind: 'missing', reason: 'nowhere' };
}

/** A translation function in the shape of `vscode.l10n.t`. */
export type Translate = (message: string, ...args: string[]) => string;

/** The message shown when no server can be started: it always names what to change. */
export function missingMessage(missing: Missing, t: Translate): string {
  switch (missing.reason) {
    case 'env':
      return t(
        'mail-lsp: the environment variable {0} points to {1}, which is not an executable file. Correct or unset {0}.',
        ENV_VAR,
        missing.tried ?? '',
      );
    case 'setting':
      return t(
        'mail-lsp: the setting {0} points to {1}, which is not an executable file. Correct {0}, or clear it to use the bundled server or mail-lsp on PATH.',
        PATH_SETTING,
        missing.tried ?? '',
      );
    case 'nowhere':
      return t(
        'mail-lsp: the language server was not found. Set {0} to the path of the mail-lsp executable, or install mail-lsp on PATH.',
        PATH_SETTING,
      );
  }
}

/** Substitutes `{0}`, `{1}`, … like `vscode.l10n.t` does, for tests and fallbacks. */
export const format: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (whole, index: string) => args[Number(index)] ?? whole);
