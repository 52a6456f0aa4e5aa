// Runs the CLI as a process for the hardening tests: the bundle the vitest global setup builds once per run exactly
// as `npm run build` builds dist/cli.cjs (so parallel test files never race on dist/), plus pid-file helpers.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';

export const ROOT = new URL('../..', import.meta.url).pathname;
export const HOSTILE = join(ROOT, 'test/fixtures/hostile');

/** The bundled CLI (src/cli/main.ts), to run with `node`. */
export function bundleCli(): Promise<string> {
  return Promise.resolve(inject('cli'));
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** `nodeArgs`: flags for Node.js itself, before the script (`--stack-size=...`). */
export async function runCli(args: string[], options: { cwd?: string; nodeArgs?: string[]; onStderr?: (text: string, child: ChildProcess) => void } = {}): Promise<CliRun> {
  const cli = await bundleCli();
  const started = performance.now();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), cli, ...args], { cwd: options.cwd ?? ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    options.onStderr?.(stderr, child);
  });
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - started })));
}

export const lastLine = (text: string): string => text.trimEnd().split('\n').at(-1) ?? '';

/** A fresh path a fixture writes its pid to. */
export const pidFile = (): string => join(mkdtempSync(join(tmpdir(), 'mdg-hardening-pid-')), 'server.pid');
export const pidIn = (file: string): number => Number(readFileSync(file, 'utf8'));

/** `'node' 'test/fixtures/hostile/stdio-server.mjs' 'BEHAVIOUR' 'PIDFILE'` for --stdio. */
export function hostileCommand(behaviour: string, pid: string): string {
  return [process.execPath, join(HOSTILE, 'stdio-server.mjs'), behaviour, pid].map((w) => `'${w}'`).join(' ');
}
