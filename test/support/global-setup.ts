// Bundles the CLI and the webhook once per test run, exactly as `npm run build` does, into a private directory: test
// files that run them as processes share them (`inject('cli')`, `inject('webhook')`) and never race with a build
// writing dist/ (nor bundle the 6 MB webhook once per file). And finds the
// Node.js versions the Action (action.yml) and the webhook image (its Dockerfile) run on, which the tests that run
// those bundles use (`inject('actionNode')`, `inject('webhookNode')`); the CLI's smoke test runs on the newer one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { TestProject } from 'vitest/node';
import { actionNodeMajor, newestNodeMajor, nodeBinary, webhookNodeMajor } from '../../scripts/node-runtime.mjs';
import { BUNDLES, bundleOptions, cliBuilds } from '../../scripts/esbuild-options.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of the bundled CLI's first file (cli.cjs, from src/cli/start.ts), to run with `node`. */
    cli: string;
    /** Path of the bundled webhook (webhook/src/main.ts), to run with `node`. */
    webhook: string;
    /** Path of a Node.js binary of the major version action.yml runs the Action on. */
    actionNode: string;
    /** Path of a Node.js binary of the major version the webhook image runs on. */
    webhookNode: string;
    /** Path of a Node.js binary of the newest major version this project ships on (the higher of the two above). */
    newestNode: string;
    /** Why one of the three is the Node.js running the tests instead (no binary for this platform); empty if none. */
    nodeFallbacks: string[];
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'mdg-test-cli-'));
  const { start, errors, lazy, main } = cliBuilds(dir);
  const webhook = bundleOptions({ ...BUNDLES.webhook, outfile: join(dir, 'webhook.js') });
  await Promise.all([start, errors, lazy, main, webhook].map((options) => build({ ...options, logLevel: 'silent' })));
  project.provide('cli', start.outfile!);
  project.provide('webhook', webhook.outfile!);
  const fallbacks: string[] = [];
  for (const [key, what, major] of [
    ['actionNode', 'The Action (action.yml)', actionNodeMajor()],
    ['webhookNode', 'The webhook (its image, webhook/Dockerfile)', webhookNodeMajor()],
    ['newestNode', "The CLI's check on the newest Node.js", newestNodeMajor()],
  ] as const) {
    const node = nodeBinary(major);
    if (node.instead) {
      fallbacks.push(`${what} runs on Node.js ${major} but is tested on ${node.version} here: ${node.instead}; run the tests with Node.js ${major}`);
      console.warn(`WARNING: ${fallbacks.at(-1)}.`);
    } else if (node.path !== process.execPath) console.log(`${what} runs on Node.js ${node.version} in these tests.`);
    project.provide(key, node.path);
  }
  project.provide('nodeFallbacks', fallbacks);
  return () => rmSync(dir, { recursive: true, force: true });
}
