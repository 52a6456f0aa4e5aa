// The one description of how this package bundles with esbuild, shared by the build, the check that the
// committed Action bundle is fresh, and the tests that run the CLI and the webhook as processes.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
/** Compile-time constants: src/version.ts reads __VERSION__. */
export const DEFINE = { __VERSION__: JSON.stringify(pkg.version) };

// Bundled CommonJS dependencies call require(); give ESM bundles one.
const REQUIRE_SHIM = "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);";

/** What every bundle shares: an ES module for Node.js 20, with the package's compile-time constants. */
const COMMON = {
  // Pins the paths esbuild writes into comments, so the bytes do not depend on where the build runs from.
  absWorkingDir: ROOT,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  define: DEFINE,
  // Old dependencies (tr46, under node-fetch 2, under @kubernetes/client-node) require Node's `punycode`, which
  // Node.js 21+ deprecates with a warning on stderr at start-up; bundle the npm package of the same API instead.
  alias: { punycode: 'punycode/' },
  banner: { js: REQUIRE_SHIM },
  legalComments: 'inline',
  logLevel: 'warning',
};

/** esbuild options for one bundle. `bin` adds a hashbang when the entry has none (esbuild keeps an entry's own). */
export function bundleOptions({ entry, outfile, bin = false, legalComments = 'inline' }) {
  const hashbang = bin && !readFileSync(join(ROOT, entry), 'utf8').startsWith('#!') ? '#!/usr/bin/env node\n' : '';
  return { ...COMMON, entryPoints: [entry], outfile, banner: { js: hashbang + REQUIRE_SHIM }, legalComments };
}

export const BUNDLES = {
  webhook: { entry: 'webhook/src/main.ts', outfile: 'dist/webhook.js', bin: true },
  // The Action's bundle is committed (GitHub runs it from the repository), so only `npm run build:action`
  // rewrites it; `npm test` checks that the committed file is what the sources build to.
  action: { entry: 'action/src/index.ts', outfile: 'action/dist/index.js', legalComments: 'none' },
};

/** What only some CLI commands load, when they run (dynamic imports): the MCP client, the YAML parser, zlib. */
const CLI_LAZY = {
  capture: 'src/capture/index.ts',
  probe: 'src/probe/index.ts',
  lint: 'src/lint/index.ts',
  'policy-parse': 'src/policy/parse.ts',
  annotation: 'src/snapshot/annotation.ts',
  'annotate-manifest': 'src/cli/annotate-manifest.ts',
  'configmap-yaml': 'src/snapshot/configmap-yaml.ts',
  // Ajv, to check examples: only diffs with breaking schema findings load it.
  validate: 'src/diff/schema/validate.ts',
};
const LAZY_BY_FILE = new Map(Object.entries(CLI_LAZY).map(([name, file]) => [join(ROOT, file), name]));
const ERRORS_FILE = join(ROOT, 'src/errors.ts');
const CLI_MAIN_FILE = join(ROOT, 'src/cli/main.ts');

/** The source file a relative `.js` import names (NodeNext imports name the `.ts` file's output). */
const sourceOf = (args) => resolve(args.resolveDir, args.path.replace(/\.js$/, '.ts'));

/**
 * Links the CLI's parts at run time instead of bundling one into another: an import of src/errors.ts becomes one
 * of `errorsPath`; given `mainPath`, an import of src/cli/main.ts one of `mainPath`; given `lazyDir`, a dynamic
 * import of a CLI_LAZY module one of `${lazyDir}/NAME.mjs`.
 */
function cliLinks(errorsPath, lazyDir, mainPath) {
  return {
    name: 'cli-links',
    setup(b) {
      b.onResolve({ filter: /^\./ }, (args) => {
        const source = sourceOf(args);
        if (source === ERRORS_FILE) return { path: errorsPath, external: true };
        if (mainPath !== undefined && source === CLI_MAIN_FILE) return { path: mainPath, external: true };
        const lazy = lazyDir !== undefined && args.kind === 'dynamic-import' ? LAZY_BY_FILE.get(source) : undefined;
        return lazy === undefined ? undefined : { path: `${lazyDir}/${lazy}.mjs`, external: true };
      });
    },
  };
}

/**
 * The CLI's four builds into `outdir` (dist/ for the package; tests build into a private directory), so that
 * starting it reads three files instead of a dozen ES module chunks, about 10 ms less on every run:
 * - `cli.cjs`: the command's first file (src/cli/start.ts), a few lines that turn on Node.js's compile cache
 *   before anything large is compiled, then load `cli-main.cjs`;
 * - `cli-main.cjs`: the entry and everything the commands need at start, one CommonJS file (Node.js loads that
 *   faster than the same code as ES modules);
 * - `lazy/`: what only some commands load (CLI_LAZY), ES module chunks imported on demand;
 * - `errors.cjs`: the error classes, which both of them throw and the entry catches by class, loaded once so that
 *   `instanceof` holds across them.
 */
export function cliBuilds(outdir = join(ROOT, 'dist')) {
  // CommonJS has require() of its own: no shim. The start file keeps its own hashbang.
  const commonJs = { ...COMMON, format: 'cjs', banner: {} };
  return {
    start: { ...commonJs, entryPoints: ['src/cli/start.ts'], outfile: join(outdir, 'cli.cjs'), plugins: [cliLinks('./errors.cjs', undefined, './cli-main.cjs')] },
    errors: { ...commonJs, entryPoints: ['src/errors.ts'], outfile: join(outdir, 'errors.cjs') },
    lazy: {
      ...COMMON,
      entryPoints: CLI_LAZY,
      outdir: join(outdir, 'lazy'),
      outExtension: { '.js': '.mjs' },
      splitting: true,
      chunkNames: '[name]-[hash]',
      plugins: [cliLinks('../errors.cjs')],
    },
    main: { ...commonJs, entryPoints: ['src/cli/main.ts'], outfile: join(outdir, 'cli-main.cjs'), plugins: [cliLinks('./errors.cjs', './lazy')] },
  };
}
