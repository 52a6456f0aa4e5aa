// Runs the CLI as a process for the hardening tests: src/cli/main.ts bundled with scripts/build.mjs's options into
// a private file (parallel test files never race on dist/cli.js), plus a pid-file helper for leftover checks.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = new URL('../..', import.meta.url).pathname;
export const HOSTILE = join(ROOT, 'test/fixtures/hostile');

let bundle: Promise<string> | undefined;

export function bundleCli(): Promise<string> {
  bundle ??= (async () => {
    const { build } = await import('esbuild');
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const outfile = join(mkdtempSync(join(tmpdir(), 'mdg-hardening-cli-')), 'cli.mjs');
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
    return outfile;
  })();
  return bundle;
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export async function runCli(args: string[], options: { cwd?: string; onStderr?: (text: string, child: ChildProcess) => void } = {}): Promise<CliRun> {
  const cli = await bundleCli();
  const started = performance.now();
  const child = spawn(process.execPath, [cli, ...args], { cwd: options.cwd ?? ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
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
