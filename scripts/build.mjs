// Builds every bundle with esbuild (CLI, webhook, Action) and the library with its type declarations.
// Entries that do not exist yet are skipped. `node scripts/build.mjs cli action` builds only the named ones.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { basename, dirname } from 'node:path';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const define = { __VERSION__: JSON.stringify(pkg.version) };
const banner = {
  // Bundled CommonJS dependencies call require(); give ESM bundles one.
  js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
};

const bundles = [
  // The CLI is split: capture (the MCP client) loads on demand, so diffing files starts fast.
  { entry: 'src/cli/main.ts', outfile: 'dist/cli.js', bin: true, split: true },
  { entry: 'webhook/src/main.ts', outfile: 'dist/webhook.js', bin: true },
  // The Action's bundle is committed (GitHub runs it from the repository), so only `npm run build:action`
  // rewrites it; `npm test` checks that the committed file is what the sources build to.
  { entry: 'action/src/index.ts', outfile: 'action/dist/index.js', legalComments: 'none', onRequestOnly: true },
];

const only = process.argv.slice(2);
// Chunks carry content hashes: clear old ones so dist/ holds only what the current CLI loads.
if (only.length === 0 || only.includes('cli')) rmSync('dist/chunks', { recursive: true, force: true });
for (const b of bundles) {
  if (!existsSync(b.entry)) continue;
  const requested = only.some((o) => b.outfile.includes(o));
  if (only.length > 0 ? !requested : b.onRequestOnly) continue;
  const output = b.split
    ? { entryPoints: { [basename(b.outfile, '.js')]: b.entry }, outdir: dirname(b.outfile), splitting: true, chunkNames: 'chunks/[name]-[hash]' }
    : { entryPoints: [b.entry], outfile: b.outfile };
  await build({
    ...output,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    define,
    // esbuild keeps an entry's own hashbang; a bin whose entry has none gets one here.
    banner: { js: (b.bin && !readFileSync(b.entry, 'utf8').startsWith('#!') ? '#!/usr/bin/env node\n' : '') + banner.js },
    legalComments: b.legalComments ?? 'inline',
    logLevel: 'warning',
  });
}

if (only.length === 0 || only.includes('lib')) {
  await build({
    entryPoints: ['src/index.ts'],
    outfile: 'dist/lib/index.js',
    bundle: true,
    packages: 'external',
    platform: 'node',
    target: 'node20',
    format: 'esm',
    define,
    logLevel: 'warning',
  });
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
