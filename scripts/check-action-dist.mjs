// Fails when the committed Action bundle (action/dist/index.js) is not what the sources build to today: GitHub
// runs the committed file, so a stale one ships old code. Rebuilds in memory with the build's own options.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLES, ROOT, bundleOptions } from './esbuild-options.mjs';

const result = await build({ ...bundleOptions(BUNDLES.action), write: false });
const fresh = result.outputFiles[0].text;

let committed;
try {
  // A Windows checkout with autocrlf must not count as stale.
  committed = readFileSync(join(ROOT, BUNDLES.action.outfile), 'utf8').replace(/\r\n/g, '\n');
} catch {
  console.error('action/dist/index.js is missing: run `npm run build:action` and commit it');
  process.exit(1);
}
if (committed !== fresh) {
  const a = committed.split('\n');
  const b = fresh.split('\n');
  let line = 0;
  while (line < a.length && a[line] === b[line]) line++;
  console.error(`action/dist/index.js is stale (first difference at line ${line + 1}): run \`npm run build:action\` and commit it`);
  process.exit(1);
}
console.log(`action/dist/index.js is up to date (${Buffer.byteLength(fresh)} bytes)`);
