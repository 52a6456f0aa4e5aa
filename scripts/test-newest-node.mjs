// `npm test` ends here: the suite once more on the newest Node.js this project ships on (the higher of action.yml's
// and the webhook image's, 24), after `vitest run` on the Node.js running npm (20 in CI, the oldest supported).
// Users run the CLI and the library on either; a difference between them (a deprecation warning on stderr, a
// changed API, a JSON error's wording) must fail here, not on their machines.
//
// Every test file runs again but those in SAME_RUNTIME_BOTH_PASSES: what they test runs only in child processes
// started with a pinned Node.js, the Action's (inject('actionNode'), from action.yml) or the webhook image's
// (inject('webhookNode'), from webhook/Dockerfile), which is the same binary in both passes, whatever runs vitest.
// Their second run would repeat the first on the same runtime (about a third of this pass's time); only their
// client side (test fixtures, TLS requests, a fake GitHub) would change Node.js. Files that run product code in the
// test process (capture, SDK, snapshot parsing, the webhook's handler and options, the Action's modules) or the
// CLI (run with the Node.js running vitest) stay, and so does every file not named here: a new file runs twice.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './esbuild-options.mjs';
import { newestNodeMajor, nodeBinary } from './node-runtime.mjs';

/** Test files whose subject runs only on the Action's or the webhook image's pinned Node.js (see above). */
const SAME_RUNTIME_BOTH_PASSES = [
  // The committed Action bundle, spawned on actionNode (test/fixtures/action/harness.ts runAction).
  'test/integration/action-events.test.ts',
  'test/integration/action-pull-request.test.ts',
  // The bundled webhook, spawned on webhookNode (test/fixtures/webhook/apiserver-caller.ts startWebhook).
  'test/integration/webhook-server.test.ts',
  'test/integration/webhook-listen.test.ts',
  'test/hardening/webhook-limits.test.ts',
  // scripts/soak-webhook.mjs, itself run on webhookNode, starts the webhook with its own Node.js.
  'test/hardening/webhook-stress.test.ts',
  // The image's build stage runs with webhookNode first on PATH (cached after the first pass); its file on webhookNode.
  'test/integration/webhook-image.test.ts',
  // The CLI on the newest Node.js (inject('newestNode')): this whole pass is that, for every CLI test.
  'test/integration/cli-newest-node.test.ts',
];

const major = newestNodeMajor();
const node = nodeBinary(major);
if (node.path === process.execPath) {
  console.log(`test-newest-node: the tests already ran on Node.js ${process.version}`);
} else if (node.instead) {
  console.warn(`test-newest-node: WARNING: the tests did not run on Node.js ${major}: ${node.instead}`);
} else {
  console.log(`test-newest-node: the tests again, on Node.js ${node.version} (but ${SAME_RUNTIME_BOTH_PASSES.length} files that ran on it already)`);
  const exclude = SAME_RUNTIME_BOTH_PASSES.flatMap((file) => ['--exclude', file]);
  // Arguments go on to vitest (`node scripts/test-newest-node.mjs --reporter=json --outputFile=...`).
  const run = spawnSync(node.path, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', ...exclude, ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit' });
  process.exitCode = run.status ?? 1;
}
