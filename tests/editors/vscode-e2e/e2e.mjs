// End-to-end test of the VS Code extension in a real VS Code: code-server, driven through
// Debian's headless Chromium with playwright-core.
//
// With the linux-x64 package (server bundled), in a fresh profile:
//   1. installs the .vsix and opens a workspace holding the fixtures and a generated 63 MB
//      `maillog`, which VS Code keeps from extensions, so the server reads it from disk: checks its
//      squiggles, the hover of one (meaning and who acts), the status bar item, the "Mail log"
//      view and revealing a line from it, a bounce appended to the file listed within 2 s, and
//      that closing the tab clears its problems; then opens the Japanese bounce fixture;
//   2. waits for mail-lsp's diagnostics in the Problems view (line and UTF-16 column checked);
//   3. hovers the status code and reads the hover widget;
//   4. opens the code-action menu, checks the remediation action comes first, and chooses it: the
//      server answers with window/showDocument, and VS Code asks before opening the article;
//   5. checks the extension found the server bundled in the package and got no setting warnings;
//   6. restarts the server with the extension's command and waits for the diagnostics again;
//   7. stops code-server and checks that no server process outlives it.
// With the universal package (no server inside) and `mailLsp.server.path` pointing nowhere:
//   8. checks the error names the setting and its "Open Settings" button opens that setting.
// Screenshots, the Problems and hover text, and code-server's logs stay in the run's folder.
//
//   node e2e.mjs --vsix PLATFORM.vsix [--universal-vsix UNIVERSAL.vsix] --out DIR [--fixtures DIR]
// Prints one `ok`/`not ok` line per check and a closing `N passed, N failed` line.
import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, copyFileSync, cpSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const index = argv.indexOf(name);
  return index >= 0 ? argv[index + 1] : fallback;
};
const vsix = resolve(option('--vsix'));
const universalVsix = option('--universal-vsix') && resolve(option('--universal-vsix'));
const out = resolve(option('--out'));
const fixtures = resolve(option('--fixtures', join(here, '..', 'fixtures')));
const codeServer = join(here, 'node_modules', '.bin', 'code-server');
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';

const results = [];
function record(name, ok, detail = '') {
  results.push(ok);
  console.log(`${ok ? 'ok' : 'not ok'} - ${name}${detail ? ` (${detail})` : ''}`);
}

/** Runs one check; a failure is recorded and rethrown so the steps that need it stop. */
async function check(name, fn) {
  const started = Date.now();
  try {
    const detail = await fn();
    record(name, true, detail ?? `${Date.now() - started} ms`);
  } catch (error) {
    record(name, false, String(error?.message ?? error).split('\n')[0]);
    throw error;
  }
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

async function waitForHttp(url, ms) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).status < 500) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${ms} ms`);
}

const BASE_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'editor.minimap.enabled': false,
  'editor.hover.delay': 200,
  'editor.fontFamily': "'DejaVu Sans Mono', 'Noto Sans Mono CJK JP', monospace",
  'window.menuBarVisibility': 'compact',
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'mailLsp.language': 'en',
  'mailLsp.trace.server': 'messages',
};

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * A fresh code-server profile in `dir` with `extension` installed and `settings` applied,
 * started on a free port and opened in Chromium on a copy of the fixtures.
 */
async function launch(dir, extension, settings, prepare = () => undefined) {
  const session = {
    dir,
    userData: join(dir, 'user-data'),
    extensions: join(dir, 'extensions'),
    workspace: join(dir, 'workspace'),
    log: join(dir, 'code-server.log'),
  };
  mkdirSync(join(session.userData, 'User'), { recursive: true });
  mkdirSync(session.extensions, { recursive: true });
  cpSync(fixtures, session.workspace, { recursive: true });
  prepare(session.workspace);
  writeFileSync(join(session.userData, 'User', 'settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...settings }, null, 2));
  const config = join(dir, 'code-server.yaml');
  writeFileSync(config, 'auth: none\ncert: false\n');
  const profile = ['--config', config, '--user-data-dir', session.userData, '--extensions-dir', session.extensions];

  await check(`${extension.split('/').pop()} installs into code-server`, async () => {
    const output = execFileSync(codeServer, [...profile, '--install-extension', extension], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
    if (!/successfully installed/i.test(output)) {
      throw new Error(`unexpected output: ${output.trim()}`);
    }
  });

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const logFd = openSync(session.log, 'w');
  session.process = spawn(
    codeServer,
    [
      ...profile,
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--locale', 'en',
      session.workspace,
    ],
    { stdio: ['ignore', logFd, logFd], detached: true },
  );
  await check('code-server starts', () => waitForHttp(`${base}/healthz`, 60_000));

  session.browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
  const context = await session.browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-US' });
  session.page = await context.newPage();
  session.page.setDefaultTimeout(60_000);

  await check('the workbench loads', async () => {
    await session.page.goto(`${base}/?folder=${encodeURIComponent(session.workspace)}`);
    await session.page.locator('.monaco-workbench').waitFor();
    // The explorer lists the workspace once the remote file system answers.
    await session.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'bounce-ja.eml' }).waitFor();
  });
  return session;
}

/** Closes the browser and stops code-server with everything it started. */
async function shutdown(session) {
  await session?.browser?.close().catch(() => undefined);
  if (session?.process?.pid) {
    try {
      process.kill(-session.process.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

/** The extension's output channel, as VS Code writes it to the profile's logs. */
function outputChannel(session) {
  const found = execFileSync('find', [join(session.userData, 'logs'), '-name', '*-mail-lsp.log'], { encoding: 'utf8' })
    .trim()
    .split('\n')[0];
  return found ? readFileSync(found, 'utf8') : '';
}

async function openBounce(page) {
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'bounce-ja.eml' }).click();
  await page.locator('.monaco-editor .view-lines', { hasText: 'RESOLVER.ADR.RecipNotFound' }).first().waitFor();
}

// Where the first code is, as VS Code counts: 1-based lines, and UTF-16 units plus one for
// columns (𠮷 before it is two units and one character).
const lines = readFileSync(join(fixtures, 'bounce-ja.eml'), 'utf8').split('\n');
const lineIndex = lines.findIndex((line) => line.includes('550 5.1.1'));
const where = `Ln ${lineIndex + 1}, Col ${lines[lineIndex].indexOf('550 5.1.1') + 1}`;

// A log too large for VS Code to hand to extensions (over 50 MB): a known bounce on line 1, then
// bench/gen_log.py's Postfix traffic with only its first four failures kept, so the "Mail log"
// view lists five messages and a line appended later is easy to find.
const LARGE_LOG = 'maillog';
const UNCLAIMED_LOG = 'export-2024.txt';
const FIRST_BOUNCE =
  'Nov  4 00:00:00 mx1 postfix/smtp[2103]: 4XkQ1R2bZ9z9v: to=<bob@fabrikam.com>, relay=mx.fabrikam.com[203.0.113.5]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=5.1.1, status=bounced (host mx.fabrikam.com[203.0.113.5] said: 550 5.1.1 <bob@fabrikam.com>: Recipient address rejected: User unknown (in reply to RCPT TO command))';
const LATE_BOUNCE =
  'Nov  4 23:59:59 mx1 postfix/smtp[4242]: 9LATE0000A: to=<late@contoso.com>, relay=mx.contoso.com[192.0.2.7]:25, delay=0.9, delays=0.1/0/0.4/0.4, dsn=5.2.2, status=bounced (host mx.contoso.com[192.0.2.7] said: 552 5.2.2 <late@contoso.com>: Mailbox full (in reply to RCPT TO command))\n';

function writeLargeLog(workspace) {
  const generated = execFileSync('python3', [join(here, '..', '..', '..', 'bench', 'gen_log.py'), '--format', 'postfix', '--size', '72M', '--seed', '7'], {
    encoding: 'utf8',
    maxBuffer: 128 << 20,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let failures = 0;
  const kept = generated.split('\n').filter((line) => !/status=(bounced|deferred)/.test(line) || ++failures <= 4);
  writeFileSync(join(workspace, LARGE_LOG), `${FIRST_BOUNCE}\n${kept.join('\n')}`);
  // The same log under a name no language claims: only the palette command reads it.
  copyFileSync(join(workspace, LARGE_LOG), join(workspace, UNCLAIMED_LOG));
}

async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}

/** The "Mail log" view's pane in the explorer. */
function mailLogPane(page) {
  return page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Mail log' }) });
}

/** The explorer's file tree pane. */
function foldersPane(page) {
  return page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Workspace' }) });
}

async function setPaneExpanded(pane, expanded) {
  const header = pane.locator('.pane-header');
  if ((await header.getAttribute('aria-expanded')) !== String(expanded)) {
    await header.click();
  }
}

async function largeLog(session, dir) {
  const { page } = session;
  const file = join(session.workspace, LARGE_LOG);
  await check(`a ${Math.round(statSync(file).size / 1e6)} MB ${LARGE_LOG} opens and shows squiggles`, async () => {
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: LARGE_LOG }).click();
    await page.locator('.monaco-editor .view-lines', { hasText: '4XkQ1R2bZ9z9v' }).first().waitFor();
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 60_000 });
    await page.screenshot({ path: join(dir, 'large-log.png') });
    return `${await page.locator('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning').count()} squiggles in view`;
  });

  await check('hovering a squiggle of the disk-read log names the meaning and who acts', async () => {
    const squiggle = page.locator('.monaco-editor .squiggly-error').first();
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'who acts' });
    for (let attempt = 0; attempt < 5 && !(await hover.isVisible()); attempt++) {
      const box = await squiggle.boundingBox();
      await page.mouse.move(box.x + Math.min(box.width / 2, 40) + 3 * attempt, box.y + box.height / 2);
      await hover.waitFor({ timeout: 5000 }).catch(() => undefined);
    }
    await hover.waitFor({ timeout: 5000 });
    const text = (await hover.innerText()).trim();
    writeFileSync(join(dir, 'large-log-hover.txt'), `${text}\n`);
    await page.screenshot({ path: join(dir, 'large-log-hover.png') });
    if (!/does not exist/.test(text)) {
      throw new Error(`the hover does not give the meaning: ${text.slice(0, 200)}`);
    }
    await page.mouse.move(5, 5);
    return text.split('\n')[0].slice(0, 120);
  });

  await check('the status bar says the log is read from disk, and why', async () => {
    const item = page.locator('.statusbar-item', { hasText: 'Mail log read from disk' });
    await item.filter({ hasText: /\(\d+ findings\)/ }).waitFor({ timeout: 15_000 });
    const text = (await item.innerText()).trim();
    const label = (await item.locator('a').first().getAttribute('aria-label')) ?? '';
    if (!/\(\d+ findings\)/.test(text)) {
      throw new Error(`unexpected status: ${text}`);
    }
    return `${text}${label.includes('50 MB') ? ' (tooltip names 50 MB)' : ''}`;
  });

  await check('the Mail log view lists the failed and deferred deliveries by queue ID', async () => {
    const pane = mailLogPane(page);
    // VS Code adds an extension's view to the explorer collapsed; the file tree is folded away
    // meanwhile so that every row of the view is drawn.
    await setPaneExpanded(pane, true);
    await setPaneExpanded(foldersPane(page), false);
    await pane.locator('.monaco-list-row', { hasText: 'bob@fabrikam.com' }).waitFor({ timeout: 30_000 });
    const rows = (await pane.locator('.monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    writeFileSync(join(dir, 'mail-log-view.txt'), `${rows.join('\n')}\n`);
    await page.screenshot({ path: join(dir, 'mail-log-view.png') });
    for (const needle of ['4XkQ1R2bZ9z9v', '550 5.1.1 — Recipient mailbox does not exist', 'user16@example.net']) {
      if (!rows.some((row) => row.includes(needle))) {
        throw new Error(`no row with ${needle}: ${JSON.stringify(rows)}`);
      }
    }
    return `${rows.length} rows`;
  });

  await check('choosing a delivery reveals its line', async () => {
    const lines = readFileSync(file, 'utf8').split('\n', 200);
    const line = lines.findIndex((l) => l.includes('to=<user16@example.net>')) + 1;
    await mailLogPane(page).locator('.monaco-list-row', { hasText: 'user16@example.net' }).click();
    await page.locator('.statusbar-item[id="status.editor.selection"]', { hasText: `Ln ${line},` }).waitFor({ timeout: 15_000 });
    return `Ln ${line}`;
  });

  await check('a bounced line appended to the log is listed within 2 s', async () => {
    const status = page.locator('.statusbar-item', { hasText: 'Mail log read from disk' });
    const before = (await status.innerText()).trim();
    // Watched in the page every 20 ms (a locator's waitFor polls every 500 ms after the first
    // ones, which would add up to half a second to the figure). The status bar counts the new
    // diagnostics; the view lists the delivery after asking the server for it. VS Code reloads
    // the changed file into the editor as well: the longest frame tells how long that kept the
    // page from drawing.
    const watch = page.evaluate(
      ([before, deadline]) =>
        new Promise((resolve) => {
          const started = performance.now();
          const seen = {};
          let longest = 0;
          let last = started;
          const frame = (now) => {
            longest = Math.max(longest, now - last);
            last = now;
            requestAnimationFrame(frame);
          };
          requestAnimationFrame(frame);
          const poll = setInterval(() => {
            const now = Math.round(performance.now() - started);
            const item = [...document.querySelectorAll('.statusbar-item')].find((e) => e.textContent.includes('Mail log read from disk'));
            if (seen.counted === undefined && item && item.textContent.trim() !== before) {
              seen.counted = now;
            }
            const row = [...document.querySelectorAll('.pane .monaco-list-row')].find((e) => e.textContent.includes('late@contoso.com'));
            if (row || now > deadline) {
              clearInterval(poll);
              resolve({ listed: row ? now : undefined, counted: seen.counted, longest: Math.round(longest) });
            }
          }, 20);
        }),
      [before, 10_000],
    );
    appendFileSync(file, LATE_BOUNCE);
    const { listed, counted, longest } = await watch;
    const detail = `${listed ?? 'not'} ms; status bar after ${counted ?? '?'} ms; longest frame ${longest} ms`;
    await page.screenshot({ path: join(dir, 'appended.png') });
    if (listed === undefined || listed > 2000) {
      throw new Error(`listed after ${detail}`);
    }
    return detail;
  });

  await check('closing the tab makes the server forget the log', async () => {
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel .monaco-list-row', { hasText: LARGE_LOG }).first().waitFor({ timeout: 15_000 });
    await runCommand(page, 'View: Close Editor');
    await page.locator('.markers-panel .monaco-list-row', { hasText: LARGE_LOG }).first().waitFor({ state: 'detached', timeout: 15_000 });
    await page.locator('.statusbar-item', { hasText: 'Mail log read from disk' }).waitFor({ state: 'hidden', timeout: 5000 });
    await page.keyboard.press('Control+Shift+M');
    await setPaneExpanded(foldersPane(page), true);
  });

  await check(`"mail-lsp: Read the active file from disk" reads a large ${UNCLAIMED_LOG}`, async () => {
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: UNCLAIMED_LOG }).click();
    await page.locator('.monaco-editor .view-lines', { hasText: '4XkQ1R2bZ9z9v' }).first().waitFor();
    if ((await page.locator('.monaco-editor .squiggly-error').count()) > 0) {
      throw new Error('a .txt file was read without being asked for');
    }
    await runCommand(page, 'mail-lsp: Read the active file from disk');
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 30_000 });
    const status = page.locator('.statusbar-item', { hasText: 'Mail log read from disk' });
    await status.waitFor({ timeout: 10_000 });
    const text = (await status.innerText()).trim();
    await runCommand(page, 'View: Close Editor');
    await status.waitFor({ state: 'hidden', timeout: 10_000 });
    return text;
  });
}

async function bundledServer(dir) {
  let session;
  try {
    session = await launch(dir, vsix, { 'workbench.editorLargeFileConfirmation': 1024 }, writeLargeLog);
    const { page } = session;
    await largeLog(session, dir);

    await check('the bounce opens as an Email message', async () => {
      await openBounce(page);
      const mode = page.locator('.statusbar-item[id="status.editor.mode"]');
      await mode.filter({ hasText: 'Email message' }).waitFor({ timeout: 30_000 });
      return (await mode.innerText()).trim();
    });

    await check(`diagnostics reach the Problems view at ${where}`, async () => {
      await page.keyboard.press('Control+Shift+M');
      await page.locator('.markers-panel .monaco-list-row', { hasText: '5.1.1' }).first().waitFor({ timeout: 60_000 });
      const texts = (await page.locator('.markers-panel .monaco-list-row').allInnerTexts()).map((t) =>
        t.replace(/\s+/g, ' ').trim(),
      );
      writeFileSync(join(dir, 'problems.txt'), `${texts.join('\n')}\n`);
      const first = texts.find((t) => t.includes(`Ln ${lineIndex + 1},`));
      if (!first) {
        throw new Error(`no problem on line ${lineIndex + 1}: ${JSON.stringify(texts)}`);
      }
      if (!first.includes(where) || !first.includes('mail-lsp')) {
        throw new Error(`unexpected problem: ${first}`);
      }
      await page.screenshot({ path: join(dir, 'problems.png') });
      return first;
    });

    await check('hovering 5.1.1 shows the catalog explanation', async () => {
      // The grammar makes the status code a token of its own, so it has its own span.
      const token = page.locator('.monaco-editor .view-line span', { hasText: /^5\.1\.1$/ }).first();
      await token.waitFor();
      const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'Source' });
      for (let attempt = 0; attempt < 5 && !(await hover.isVisible()); attempt++) {
        const box = await token.boundingBox();
        await page.mouse.move(box.x + box.width / 2 + 2 * attempt, box.y + box.height / 2);
        await hover.waitFor({ timeout: 5000 }).catch(() => undefined);
      }
      await hover.waitFor({ timeout: 5000 });
      const text = (await hover.innerText()).trim();
      writeFileSync(join(dir, 'hover.txt'), `${text}\n`);
      for (const needle of ['5.1.1', 'Exchange Online', 'Source']) {
        if (!text.includes(needle)) {
          throw new Error(`hover lacks ${needle}: ${text.slice(0, 200)}`);
        }
      }
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(dir, 'hover.png') });
      return `${text.split('\n').length} lines`;
    });

    await check('the code-action menu offers "Open remediation" first', async () => {
      await page.mouse.move(5, 5);
      await page.locator('.monaco-editor .view-line span', { hasText: /^5\.1\.1$/ }).first().click();
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+.');
      const menu = page.locator('.action-widget', { hasText: 'Open remediation' });
      await menu.waitFor({ timeout: 15_000 });
      const items = (await menu.innerText()).split('\n').filter((line) => line.trim().length > 0);
      writeFileSync(join(dir, 'code-actions.txt'), `${items.join('\n')}\n`);
      await page.screenshot({ path: join(dir, 'code-actions.png') });
      if (!items.some((item) => /Explain .*5\.1\.1 in detail/.test(item))) {
        throw new Error(`no explain action in ${JSON.stringify(items)}`);
      }
      const remediation = items.find((item) => item.includes('Open remediation'));
      if (items.find((item) => !/^More Actions/.test(item)) !== remediation) {
        throw new Error(`the remediation action is not first: ${JSON.stringify(items)}`);
      }
      return remediation;
    });

    await check('choosing it asks to open the article in the browser (window/showDocument)', async () => {
      // The menu opens with its first action focused.
      await page.keyboard.press('Enter');
      // VS Code guards external links with a dialog that names the URL.
      const dialog = page.locator('.monaco-dialog-box', { hasText: 'learn.microsoft.com' });
      await dialog.waitFor({ timeout: 15_000 });
      const text = (await dialog.innerText()).replace(/\s+/g, ' ');
      await page.screenshot({ path: join(dir, 'open-remediation.png') });
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      const url = /https:\/\/learn\.microsoft\.com\/\S+/.exec(text)?.[0];
      if (!url) {
        throw new Error(`no URL in the dialog: ${text}`);
      }
      return url;
    });

    await check('the extension used the server bundled in the package, without setting warnings', async () => {
      const log = outputChannel(session);
      const started = /^Starting (\S+) \(found through: (\w+)\)/m.exec(log);
      if (!started || started[2] !== 'bundled' || !started[1].startsWith(session.extensions)) {
        throw new Error(`unexpected start line: ${started?.[0] ?? log.slice(0, 200)}`);
      }
      const warnings = log.split('\n').filter((line) => /\bWARN\b|setting `/.test(line));
      if (warnings.length > 0) {
        throw new Error(`server warnings: ${warnings.join(' | ')}`);
      }
      return started[1].slice(session.extensions.length + 1);
    });

    await check('"mail-lsp: Restart the language server" brings the diagnostics back', async () => {
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor();
      await input.fill('>mail-lsp: Restart');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Restart the language server' }).first().waitFor();
      await page.keyboard.press('Enter');
      const deadline = Date.now() + 30_000;
      while ((outputChannel(session).match(/^Starting /gm) ?? []).length < 2) {
        if (Date.now() > deadline) {
          throw new Error('the server was not started again');
        }
        await page.waitForTimeout(200);
      }
      await page.locator('.markers-panel .monaco-list-row', { hasText: where }).first().waitFor({ timeout: 30_000 });
    });
  } catch {
    // Already reported by check().
  } finally {
    await shutdown(session);
  }
  if (session) {
    // The servers run from the extensions folder: none may outlive code-server.
    const serverPath = join(session.extensions, 'mail-lsp.mail-lsp-');
    const lingering = () =>
      execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
        .split('\n')
        .filter((line) => line.includes(serverPath) && line.includes('/server/mail-lsp'));
    let left = lingering();
    for (let i = 0; i < 50 && left.length > 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      left = lingering();
    }
    record('the server exits when code-server stops', left.length === 0, left.join('; '));
  }
}

async function misconfiguredServer(dir) {
  const wrong = '/nonexistent/mail-lsp';
  let session;
  try {
    session = await launch(dir, universalVsix, { 'mailLsp.server.path': wrong });
    const { page } = session;
    await check('a wrong mailLsp.server.path gives an error naming the setting', async () => {
      await openBounce(page);
      const toast = page.locator('.notification-toast', { hasText: 'mailLsp.server.path' });
      await toast.waitFor({ timeout: 30_000 });
      const text = (await toast.innerText()).replace(/\s+/g, ' ');
      await page.screenshot({ path: join(dir, 'missing-server.png') });
      if (!text.includes(wrong)) {
        throw new Error(`the error does not show the path: ${text}`);
      }
      await toast.getByRole('button', { name: 'Open Settings' }).click();
      // The settings editor opens filtered on the setting to fix.
      const item = page.locator('.settings-editor .setting-item-contents', { hasText: 'Server: Path' }).first();
      await item.waitFor({ timeout: 15_000 }).finally(() => page.screenshot({ path: join(dir, 'open-settings.png') }));
      return text.slice(0, 120);
    });
  } catch {
    // Already reported by check().
  } finally {
    await shutdown(session);
  }
}

rmSync(out, { recursive: true, force: true });
await bundledServer(join(out, 'bundled'));
if (universalVsix) {
  await misconfiguredServer(join(out, 'misconfigured'));
}

const passed = results.filter(Boolean).length;
const failed = results.length - passed;
console.log(`${passed} passed, ${failed} failed`);
if (failed > 0) {
  console.log(`logs and screenshots: ${out}`);
}
process.exit(failed === 0 && passed > 0 ? 0 : 1);
