// Builds the bundles with esbuild (CLI, webhook; the committed Action bundle only on request) and the library
// with its type declarations. `node scripts/build.mjs cli action` builds only the named ones.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLES, ROOT, bundleOptions, cliBuilds } from './esbuild-options.mjs';

const only = process.argv.slice(2);
const wanted = (name) => (only.length > 0 ? only.includes(name) : name !== 'action');

if (wanted('cli')) {
  // Lazy chunks carry content hashes: clear old ones so dist/ holds only what the current CLI loads.
  rmSync(join(ROOT, 'dist/lazy'), { recursive: true, force: true });
  const { start, errors, lazy, main } = cliBuilds();
  await Promise.all([build(errors), build(lazy), build(start)]);
  await build(main);
  chmodSync(start.outfile, 0o755);
}

for (const [name, spec] of Object.entries(BUNDLES)) {
  if (!wanted(name) || !existsSync(join(ROOT, spec.entry))) continue;
  await build(bundleOptions(spec));
  if (spec.bin) chmodSync(join(ROOT, spec.outfile), 0o755);
}

if (wanted('lib')) {
  // The library is self-contained like the bins (its MCP client and YAML parser bundled in), so installing the
  // package installs no dependencies at all.
  await build(bundleOptions({ entry: 'src/index.ts', outfile: 'dist/lib/index.js' }));
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
}
