import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const fixtureServer = join(root, 'test/fixtures/probe/stateful-server.mjs');
const cli = inject('cli');
const dir = mkdtempSync(join(tmpdir(), 'probe-cli-'));
const children: ChildProcess[] = [];
let failing: Server;
let failingUrl: string;

beforeAll(async () => {
  failing = createServer((_req, res) => res.writeHead(500).end('no'));
  await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
  failingUrl = `http://127.0.0.1:${(failing.address() as AddressInfo).port}/mcp`;
});
afterAll(async () => {
  for (const child of children) child.kill('SIGTERM');
  await new Promise((resolve) => failing.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

/** Starts a process and resolves with the first stdout/stderr line matching `pattern`. */
function startAndWait(args: string[], pattern: RegExp, stream: 'stdout' | 'stderr' = 'stdout'): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let text = '';
    child[stream]!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = pattern.exec(text);
      if (match) resolve({ child, match });
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before printing ${pattern}: ${text}`)));
  });
}

const startMcp = async (...args: string[]) => (await startAndWait([fixtureServer, ...args], /http:\S+\/mcp/)).match[0];
/** Runs the CLI without blocking this process, which serves the failing HTTP server. */
async function probe(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [cli, 'probe', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  return { code, stdout, stderr };
}

// Probes that must succeed get a generous --timeout (the era probe inside gets half of it, at most 5 s): a healthy
// check takes well under a second idle, several seconds with both cores busy.
const GENEROUS = '60';

describe('mcp-drift-guard probe', () => {
  it('healthy: exit 0 and one line', async () => {
    const url = await startMcp('--tools', 'get_forecast,get_alerts');
    expect(await probe(['--url', url, '--timeout', GENEROUS])).toEqual({ code: 0, stdout: 'healthy: probe-fixture 1.0.0, 2 tools\n', stderr: '' });
  });

  it('--header reaches the server (a server that wants a bearer token)', async () => {
    const url = await startMcp('--token', 's3cret');
    const without = await probe(['--url', url, '--timeout', GENEROUS]);
    expect(without.code).toBe(1);
    expect(without.stdout).toMatch(/^unhealthy: .*401/);
    expect(await probe(['--url', url, '--header', 'Authorization: Bearer s3cret', '--timeout', GENEROUS])).toEqual({ code: 0, stdout: 'healthy: probe-fixture 1.0.0, 1 tool\n', stderr: '' });
  });

  it('unhealthy: exit 1 and the reason on one line', async () => {
    const { code, stdout } = await probe(['--url', failingUrl, '--timeout', GENEROUS]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^unhealthy: could not initialize .*500.*\n$/);
    expect(stdout.trim().split('\n')).toHaveLength(1);
  });

  it('--expect-snapshot: a drifted server is unhealthy and the changes are named', async () => {
    const before = await startMcp('--tools', 'get_forecast,get_alerts');
    const snapshotFile = join(dir, 'mcp-snapshot.json');
    const snap = spawnSync(process.execPath, [cli, 'snapshot', '--url', before, '--output', snapshotFile, '--timeout', GENEROUS], { encoding: 'utf8' });
    expect(snap.stderr + String(snap.status)).toMatch(/0$/);
    expect((await probe(['--url', before, '--expect-snapshot', snapshotFile, '--timeout', GENEROUS])).code).toBe(0);
    const after = await startMcp('--tools', 'get_forecast');
    const { code, stdout } = await probe(['--url', after, '--expect-snapshot', snapshotFile, '--timeout', GENEROUS]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^unhealthy: probe-fixture 1\.0\.0, 1 tool: drifted from .*mcp-snapshot\.json \(1 change\): .*get_alerts.*\n$/);
  });

  it('usage errors exit 2 with one line on stderr', async () => {
    const runs = await Promise.all([
      ['--url', 'not a url'],
      [],
      ['--url', failingUrl, '--expect-snapshot', join(dir, 'missing.json')],
      ['--url', failingUrl, '--serve', 'eighty'],
      ['--url', failingUrl, '--interval', '5'],
      ['--url', failingUrl, '--timeout', '0'],
    ].map((args) => probe(args)));
    for (const run of runs) expect([run.code, run.stdout]).toEqual([2, '']);
    expect(runs[0]!.stderr).toBe('mcp-drift-guard: --url: not a URL: not a url\n');
    expect(runs[3]!.stderr).toBe('mcp-drift-guard: --serve: expected PORT or HOST:PORT, got "eighty"\n');
    expect(runs[4]!.stderr).toBe('mcp-drift-guard: --interval applies to --serve\n');
  });

  it('--serve: /healthz answers 200 or 503 with JSON, and SIGTERM stops it with exit 0', async () => {
    const url = await startMcp();
    const { child, match } = await startAndWait([cli, 'probe', '--url', url, '--serve', '127.0.0.1:0', '--interval', '30', '--timeout', GENEROUS], /serving (http:\S+\/healthz)/, 'stderr');
    const healthz = match[1]!;
    const response = await fetch(healthz);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', reason: 'probe-fixture 1.0.0, 1 tool' });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);

    // A check hanging on a server that never answers must not hold the process after SIGTERM.
    const hung = createNetServer(() => undefined);
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    const hungUrl = `http://127.0.0.1:${(hung.address() as AddressInfo).port}/mcp`;
    const { child: waiting, match: hungMatch } = await startAndWait([cli, 'probe', '--url', hungUrl, '--timeout', '60', '--serve', '127.0.0.1:0'], /serving (http:\S+\/healthz)/, 'stderr');
    const connected = new Promise((resolve) => hung.once('connection', resolve));
    fetch(hungMatch[1]!).catch(() => undefined);
    await connected;
    const started = Date.now();
    const hungExit = new Promise<number | null>((resolve) => waiting.once('exit', resolve));
    waiting.kill('SIGTERM');
    expect(await hungExit).toBe(0);
    // Without the abort the check would run into its 60 s timeout; the capture honours an abort within ~5 s today
    // (the bound leaves room for a loaded machine and still tells the abort from the timeout).
    expect(Date.now() - started).toBeLessThan(30_000);
    hung.close();

    const { match: bad } = await startAndWait([cli, 'probe', '--url', failingUrl, '--serve', '127.0.0.1:0'], /serving (http:\S+\/healthz)/, 'stderr');
    const unhealthy = await fetch(bad[1]!);
    expect(unhealthy.status).toBe(503);
    expect(((await unhealthy.json()) as { reason: string }).reason).toMatch(/500/);
  });
});
