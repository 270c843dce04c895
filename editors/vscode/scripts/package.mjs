// Packages the extension with vsce.
//
//   node scripts/package.mjs                                   universal .vsix, no server inside
//   node scripts/package.mjs --target linux-x64 --server PATH  platform .vsix with PATH bundled
//
// The universal package finds the server through `mailLsp.server.path` or PATH; a platform
// package carries it in server/. The server/ folder is emptied first so a binary left over from
// an earlier run never ends up in the wrong package.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const argv = process.argv.slice(2);
const option = (name) => {
  const index = argv.indexOf(name);
  return index >= 0 ? argv[index + 1] : undefined;
};
const target = option('--target');
const server = option('--server');
const { name, version } = JSON.parse(readFileSync('package.json', 'utf8'));

rmSync('server', { recursive: true, force: true });
const vsceArgs = ['package', '--no-dependencies', '--skip-license'];
let out = `${name}-${version}.vsix`;
if (target !== undefined) {
  if (server === undefined || !existsSync(server)) {
    console.error(`--target ${target} needs --server PATH to an existing mail-lsp binary (got ${server})`);
    process.exit(2);
  }
  const exe = target.startsWith('win32') ? 'mail-lsp.exe' : 'mail-lsp';
  mkdirSync('server');
  copyFileSync(resolve(server), join('server', exe));
  chmodSync(join('server', exe), 0o755);
  vsceArgs.push('--target', target);
  out = `${name}-${target}-${version}.vsix`;
}
vsceArgs.push('--out', out);
const vsce = join(dirname(require.resolve('@vscode/vsce/package.json')), 'vsce');
try {
  execFileSync(process.execPath, [vsce, ...vsceArgs], { stdio: 'inherit' });
} finally {
  rmSync('server', { recursive: true, force: true });
}
console.log(out);
