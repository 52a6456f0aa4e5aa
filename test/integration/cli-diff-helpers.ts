// Runs the real CLI as a process for the diff/check/rules integration tests: src/cli/main.ts bundled with the
// options of scripts/build.mjs (esbuild, ESM, node20, createRequire banner), into a private scratch file so
// test files running in parallel never race on dist/cli.js.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

export const ROOT = resolve(import.meta.dirname, '../..');
let cli: string | undefined;
let scratch: string | undefined;

/** Bundles the CLI once per test file; call from beforeAll, and removeCli from afterAll. */
export async function ensureCli(): Promise<void> {
  if (cli) return;
  scratch = mkdtempSync(join(tmpdir(), 'mdg-cli-'));
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const outfile = join(scratch, 'cli.mjs');
  await build({
    entryPoints: [join(ROOT, 'src/cli/main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    define: { __VERSION__: JSON.stringify(pkg.version) },
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'silent',
  });
  cli = outfile;
}

export function removeCli(): void {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  cli = scratch = undefined;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export function runCli(
  args: string[],
  options: { cwd?: string; input?: string; env?: Record<string, string>; closeStdoutAfterFirstChunk?: boolean } = {},
): Promise<RunResult> {
  if (!cli) throw new Error('call ensureCli() in beforeAll first');
  const entry = cli;
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
    // The tests decide about colour themselves.
    for (const key of ['NO_COLOR', 'FORCE_COLOR'] as const) if (options.env?.[key] === undefined) delete env[key];
    const child = spawn(process.execPath, [entry, ...args], { cwd: options.cwd ?? ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
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
    child.stdin.end(options.input ?? '');
  });
}

export const fixture = (name: string) => join(ROOT, 'test/fixtures/snapshots', name);
