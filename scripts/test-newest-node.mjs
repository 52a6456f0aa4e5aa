// `npm test` ends here: the whole suite once more on the newest Node.js this project ships on (the higher of
// action.yml's and the webhook image's, 24), after `vitest run` on the Node.js running npm (20 in CI, the oldest
// supported). Users run the CLI on either; a difference between them (a deprecation warning on stderr, a changed
// API) must fail here, not on their machines.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './esbuild-options.mjs';
import { newestNodeMajor, nodeBinary } from './node-runtime.mjs';

const major = newestNodeMajor();
const node = nodeBinary(major);
if (node.path === process.execPath) {
  console.log(`test-newest-node: the tests already ran on Node.js ${process.version}`);
} else if (node.instead) {
  console.warn(`test-newest-node: WARNING: the tests did not run on Node.js ${major}: ${node.instead}`);
} else {
  console.log(`test-newest-node: the tests again, on Node.js ${node.version}`);
  const run = spawnSync(node.path, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run'], { cwd: ROOT, stdio: 'inherit' });
  process.exitCode = run.status ?? 1;
}
