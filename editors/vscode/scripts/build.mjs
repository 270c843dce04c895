// Builds the extension with esbuild: one bundled file, dist/extension.js, with `vscode` left to
// the editor. `--tests` also transpiles the unit tests and the modules they import into out/,
// file by file, for `node --test`. `--production` minifies and drops the source map.
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');

await build({
  entryPoints: ['src/extension.ts'],
  outfile: 'dist/extension.js',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  external: ['vscode'],
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
});

if (args.has('--tests')) {
  const files = (dir) =>
    readdirSync(dir)
      .filter((name) => name.endsWith('.ts'))
      .map((name) => `${dir}/${name}`);
  await build({
    entryPoints: [...files('src').filter((f) => !f.endsWith('extension.ts')), ...files('test')],
    outdir: 'out',
    outbase: '.',
    bundle: false,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}
