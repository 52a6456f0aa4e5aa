// Every command that reads user input (a snapshot, a policy, a manifest) stops at the size cap: pointed at
// /dev/zero (a path or stdin), the CLI exits 2 with one line naming the input instead of reading until V8's
// string limit ("Invalid string length") after ~620 MB.
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { describe, expect, it, inject } from 'vitest';
import { MAX_INPUT_BYTES } from '../../src/input.js';
import { fixture, ROOT } from '../integration/cli-diff-helpers.js';

const cli = inject('cli');

interface Run {
  code: number | null;
  stderr: string;
  ms: number;
}

/** Runs the CLI with stdin from `stdinPath` (default: empty), keeping only stderr. */
function run(args: string[], stdinPath = '/dev/null'): Promise<Run> {
  const stdinFd = openSync(stdinPath, 'r');
  const started = performance.now();
  const child = spawn(process.execPath, [cli, ...args], { cwd: ROOT, stdio: [stdinFd, 'ignore', 'pipe'] });
  closeSync(stdinFd);
  let stderr = '';
  // stdio[2] is 'pipe', so stderr is a stream (the typings cannot tell with a file descriptor in stdio[0]).
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stderr, ms: performance.now() - started }));
  });
}

const tooLarge = (label: string, what: string) => `mcp-drift-guard: ${label}: cannot read ${what}: larger than ${MAX_INPUT_BYTES} bytes\n`;

// The cap is 256 MiB, read at memory speed; the old readers took seconds and then died. 20 s leaves room for
// two busy shared cores.
const QUICK_MS = 20_000;

describe.runIf(process.platform === 'linux')('an endless input stops at the cap: exit 2, one line naming it', () => {
  it.each([
    ['lint /dev/zero', ['lint', '/dev/zero'], tooLarge('/dev/zero', 'manifest')],
    // The committed snapshot is read before the server starts: a command that does not exist is never run.
    ['check --snapshot /dev/zero', ['check', '--snapshot', '/dev/zero', '--stdio', 'mdg-no-such-server-command'], tooLarge('/dev/zero', 'snapshot')],
    ['diff --config /dev/zero', ['diff', fixture('weather-1.0.0.json'), fixture('weather-2.0.0.json'), '--config', '/dev/zero'], tooLarge('/dev/zero', 'policy')],
    ['diff with a snapshot at /dev/zero', ['diff', fixture('weather-1.0.0.json'), '/dev/zero'], tooLarge('/dev/zero', 'snapshot')],
    ['annotate --configmap x /dev/zero', ['annotate', '--configmap', 'x', '/dev/zero'], tooLarge('/dev/zero', 'manifest')],
  ])('%s', async (_name, args, expected) => {
    const result = await run(args);
    expect(result.stderr).toBe(expected);
    expect(result.code).toBe(2);
    expect(result.ms).toBeLessThan(QUICK_MS);
  });

  it.each([
    ['lint -', ['lint', '-'], tooLarge('stdin', 'manifest')],
    ['annotate --configmap x -', ['annotate', '--configmap', 'x', '-'], tooLarge('stdin', 'manifest')],
    ['diff - FILE', ['diff', '-', fixture('weather-1.0.0.json')], tooLarge('stdin', 'snapshot')],
  ])('%s with stdin from /dev/zero', async (_name, args, expected) => {
    const result = await run(args, '/dev/zero');
    expect(result.stderr).toBe(expected);
    expect(result.code).toBe(2);
    expect(result.ms).toBeLessThan(QUICK_MS);
  });
});
