// Runs the real CLI as a process for the diff/check/rules integration tests: the bundle that the test run's
// global setup builds as `npm run build` does (test/support/global-setup.ts).
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { inject } from 'vitest';

export const ROOT = resolve(import.meta.dirname, '../..');
const cli = inject('cli');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export function runCli(
  args: string[],
  options: {
    cwd?: string;
    input?: string;
    env?: Record<string, string>;
    closeStdoutAfterFirstChunk?: boolean;
    node?: string;
    /** Never end stdin, like a terminal nobody types into (closed only once the CLI has exited). */
    stdinOpen?: boolean;
  } = {},
): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
    // The tests decide about colour themselves.
    for (const key of ['NO_COLOR', 'FORCE_COLOR'] as const) if (options.env?.[key] === undefined) delete env[key];
    const child = spawn(options.node ?? process.execPath, [cli, ...args], { cwd: options.cwd ?? ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      // Like `| head`: read a little, then close the pipe while the CLI is still writing.
      if (options.closeStdoutAfterFirstChunk) child.stdout.destroy();
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr, ms: performance.now() - started }));
    child.stdin.on('error', () => undefined);
    if (options.stdinOpen) child.on('exit', () => child.stdin.destroy());
    else child.stdin.end(options.input ?? '');
  });
}

export const fixture = (name: string) => join(ROOT, 'test/fixtures/snapshots', name);
