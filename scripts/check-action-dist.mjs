// Fails when the committed Action bundle (action/dist/index.js) is not what the sources build to today: GitHub
// runs the committed file, so a stale one ships old code. Rebuilds in memory with scripts/build.mjs's options.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const committedPath = new URL('../action/dist/index.js', import.meta.url);

// Keep in step with the action entry of scripts/build.mjs; absWorkingDir pins the paths esbuild writes into
// comments, so the bytes do not depend on where this runs from.
const result = await build({
  absWorkingDir: root,
  entryPoints: ['action/src/index.ts'],
  outfile: 'action/dist/index.js',
  write: false,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  define: { __VERSION__: JSON.stringify(pkg.version) },
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
});
const fresh = result.outputFiles[0].text;

let committed;
try {
  // A Windows checkout with autocrlf must not count as stale.
  committed = readFileSync(committedPath, 'utf8').replace(/\r\n/g, '\n');
} catch {
  console.error('action/dist/index.js is missing: run `node scripts/build.mjs action` and commit it');
  process.exit(1);
}
if (committed !== fresh) {
  const a = committed.split('\n');
  const b = fresh.split('\n');
  let line = 0;
  while (line < a.length && a[line] === b[line]) line++;
  console.error(`action/dist/index.js is stale (first difference at line ${line + 1}): run \`node scripts/build.mjs action\` and commit it`);
  process.exit(1);
}
console.log(`action/dist/index.js is up to date (${Buffer.byteLength(fresh)} bytes)`);
