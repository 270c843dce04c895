/**
 * The settings the server reads, in VS Code's spelling. The list mirrors editors/settings.json,
 * which tests keep in step with package.json and with the server.
 */

/** Keys under `mailLsp.` that are sent to the server. */
export const SERVER_KEYS = [
  'language',
  'diagnostics.maxPerDocument',
  'diagnostics.successCodes',
  'diagnostics.debounceMs',
  'diagnostics.authentication',
  'diagnostics.antispam',
  'catalog.extraPaths',
  'dkim.keyFiles',
  'logFormats',
  'kind',
  'trustedAuthservIds',
  'trace.server',
] as const;

/** Keys under `mailLsp.` that change how the server is started: changing one restarts it. */
export const LAUNCH_KEYS = ['server.path', 'server.args', 'server.extraEnv'] as const;

/**
 * The server's settings as one nested object (`{ diagnostics: { maxPerDocument: 1000 } }`),
 * read through `get` so it works on a `WorkspaceConfiguration` and on a plain map in tests.
 * Unset keys are left out and the server applies its defaults.
 */
export function serverSettings(get: (key: string) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of SERVER_KEYS) {
    const value = get(key);
    if (value === undefined) {
      continue;
    }
    const parts = key.split('.');
    let node = out;
    for (const part of parts.slice(0, -1)) {
      const next = node[part];
      if (typeof next === 'object' && next !== null && !Array.isArray(next)) {
        node = next as Record<string, unknown>;
      } else {
        const created: Record<string, unknown> = {};
        node[part] = created;
        node = created;
      }
    }
    node[parts[parts.length - 1]] = value;
  }
  return out;
}

/** What a configuration change asks of the client. */
export function reactionTo(affects: (section: string) => boolean): 'restart' | 'notify' | 'none' {
  if (LAUNCH_KEYS.some((key) => affects(`mailLsp.${key}`))) {
    return 'restart';
  }
  return affects('mailLsp') ? 'notify' : 'none';
}

/** `server.args` as a clean list of strings, whatever the user typed. */
export function launchArgs(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((arg): arg is string => typeof arg === 'string') : [];
}

/** `server.extraEnv` as string pairs; non-string values are dropped rather than coerced. */
export function launchEnv(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) {
      if (typeof inner === 'string') {
        out[key] = inner;
      }
    }
  }
  return out;
}

/**
 * The command that opens the settings editor on one setting. In a remote window (Remote SSH,
 * WSL, code-server) machine-scoped settings such as `mailLsp.server.path` are only listed on the
 * Remote tab, so that is the one to open there.
 */
export function openSettingsCommand(setting: string, remoteName: string | undefined): { command: string; args: { query: string } } {
  return {
    command: remoteName ? 'workbench.action.openRemoteSettings' : 'workbench.action.openSettings',
    args: { query: setting },
  };
}
