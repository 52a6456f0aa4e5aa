// The one description of how this package bundles with esbuild, shared by the build, the check that the
// committed Action bundle is fresh, and the tests that run the CLI as a process.
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
/** Compile-time constants: src/version.ts reads __VERSION__. */
export const DEFINE = { __VERSION__: JSON.stringify(pkg.version) };

// Bundled CommonJS dependencies call require(); give ESM bundles one.
const REQUIRE_SHIM = "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);";

/**
 * esbuild options for one bundle. `bin` adds a hashbang when the entry has none (esbuild keeps an entry's own);
 * `split` writes chunks beside the entry that load on demand (dynamic imports), named for the outfile.
 */
export function bundleOptions({ entry, outfile, bin = false, split = false, legalComments = 'inline' }) {
  const hashbang = bin && !readFileSync(join(ROOT, entry), 'utf8').startsWith('#!') ? '#!/usr/bin/env node\n' : '';
  const output = split
    ? { entryPoints: { [basename(outfile, '.js')]: entry }, outdir: dirname(outfile), splitting: true, chunkNames: 'chunks/[name]-[hash]' }
    : { entryPoints: [entry], outfile };
  return {
    ...output,
    // Pins the paths esbuild writes into comments, so the bytes do not depend on where the build runs from.
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    define: DEFINE,
    banner: { js: hashbang + REQUIRE_SHIM },
    legalComments,
    logLevel: 'warning',
  };
}

export const BUNDLES = {
  // The CLI is split: capture (the MCP client) loads on demand, so diffing files starts fast.
  cli: { entry: 'src/cli/main.ts', outfile: 'dist/cli.js', bin: true, split: true },
  webhook: { entry: 'webhook/src/main.ts', outfile: 'dist/webhook.js', bin: true },
  // The Action's bundle is committed (GitHub runs it from the repository), so only `npm run build:action`
  // rewrites it; `npm test` checks that the committed file is what the sources build to.
  action: { entry: 'action/src/index.ts', outfile: 'action/dist/index.js', legalComments: 'none' },
};
