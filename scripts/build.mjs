// Builds the bundles with esbuild (CLI, webhook; the committed Action bundle only on request) and the library
// with its type declarations. `node scripts/build.mjs cli action` builds only the named ones.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLES, DEFINE, ROOT, bundleOptions } from './esbuild-options.mjs';

const only = process.argv.slice(2);
const wanted = (name) => (only.length > 0 ? only.includes(name) : name !== 'action');

for (const [name, spec] of Object.entries(BUNDLES)) {
  if (!wanted(name) || !existsSync(join(ROOT, spec.entry))) continue;
  // Split chunks carry content hashes: clear old ones so dist/ holds only what the current CLI loads.
  if (spec.split) rmSync(join(ROOT, 'dist/chunks'), { recursive: true, force: true });
  await build(bundleOptions(spec));
  if (spec.bin) chmodSync(join(ROOT, spec.outfile), 0o755);
}

if (wanted('lib')) {
  await build({
    entryPoints: ['src/index.ts'],
    outfile: 'dist/lib/index.js',
    absWorkingDir: ROOT,
    bundle: true,
    packages: 'external',
    platform: 'node',
    target: 'node20',
    format: 'esm',
    define: DEFINE,
    logLevel: 'warning',
  });
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
}
