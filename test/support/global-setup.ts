// Bundles the CLI once per test run, exactly as `npm run build` does, into a private directory: test files that
// run the CLI as a process share it (`inject('cli')`) and never race with a build writing dist/.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { TestProject } from 'vitest/node';
import { cliBuilds } from '../../scripts/esbuild-options.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of the bundled CLI entry (src/cli/main.ts), to run with `node`. */
    cli: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'mdg-test-cli-'));
  const { errors, lazy, main } = cliBuilds(dir);
  for (const options of [errors, lazy, main]) await build({ ...options, logLevel: 'silent' });
  project.provide('cli', main.outfile!);
  return () => rmSync(dir, { recursive: true, force: true });
}
