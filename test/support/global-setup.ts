// Bundles the CLI once per test run, exactly as `npm run build` does, into a private directory: test files that
// run the CLI as a process share it (`inject('cli')`) and never race with a build writing dist/. And finds the
// Node.js versions the Action (action.yml) and the webhook image (its Dockerfile) run on, which the tests that run
// those bundles use (`inject('actionNode')`, `inject('webhookNode')`); the CLI's smoke test runs on the newer one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { TestProject } from 'vitest/node';
import { actionNodeMajor, nodeBinary, webhookNodeMajor } from '../../scripts/node-runtime.mjs';
import { cliBuilds } from '../../scripts/esbuild-options.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of the bundled CLI entry (src/cli/main.ts), to run with `node`. */
    cli: string;
    /** Path of a Node.js binary of the major version action.yml runs the Action on. */
    actionNode: string;
    /** Path of a Node.js binary of the major version the webhook image runs on. */
    webhookNode: string;
    /** Path of a Node.js binary of the newest major version this project ships on (the higher of the two above). */
    newestNode: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'mdg-test-cli-'));
  const { errors, lazy, main } = cliBuilds(dir);
  for (const options of [errors, lazy, main]) await build({ ...options, logLevel: 'silent' });
  project.provide('cli', main.outfile!);
  for (const [key, major, where] of [
    ['actionNode', actionNodeMajor(), 'as GitHub does (action.yml)'],
    ['webhookNode', webhookNodeMajor(), 'as its image does (webhook/Dockerfile)'],
  ] as const) {
    const node = nodeBinary(major);
    if (node.path !== process.execPath) console.log(`${key === 'actionNode' ? 'The Action' : 'The webhook'} runs on Node.js ${node.version} in these tests, ${where}.`);
    project.provide(key, node.path);
  }
  project.provide('newestNode', nodeBinary(Math.max(actionNodeMajor(), webhookNodeMajor())).path);
  return () => rmSync(dir, { recursive: true, force: true });
}
