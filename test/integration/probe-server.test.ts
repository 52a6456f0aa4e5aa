import { spawn, type ChildProcess } from 'node:child_process';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createNetServer, type Server as NetServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { captureSnapshot } from '../../src/capture/index.js';
import { UsageError } from '../../src/errors.js';
import { cachedCheck, createProbeServer, listenProbeServer, probeServer, type HealthBody, type ProbeResult } from '../../src/probe/index.js';

/**
 * Probes that must succeed get a generous timeout: well under a second idle, several seconds with both cores busy.
 * (The era probe inside gets half of it, at most 5 s, whatever the timeout.)
 */
const GENEROUS_MS = 60_000;

const fixture = (path: string) => new URL(`../fixtures/${path}`, import.meta.url).pathname;
const children: ChildProcess[] = [];
const servers: (HttpServer | NetServer)[] = [];
const sockets = new Set<Socket>();

/** Starts a fixture server that prints its URL on stdout. */
async function startFixture(file: string, args: string[] = []): Promise<{ url: string; stats: () => Promise<{ initializes: number; liveSessions: number }> }> {
  const child = spawn(process.execPath, [fixture(file), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('http'));
      if (line) resolve(line.trim());
    });
    child.once('exit', (code) => reject(new Error(`fixture ${file} exited with ${code}`)));
  });
  const stats = async () => (await (await fetch(new URL('/stats', url))).json()) as { initializes: number; liveSessions: number };
  return { url, stats };
}

async function listen<T extends HttpServer | NetServer>(server: T): Promise<string> {
  servers.push(server);
  // Close must not wait for sockets a client left open (a hung handshake keeps its connection).
  server.on('connection', (socket: Socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
}

afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});
afterAll(() => {
  for (const child of children) child.kill('SIGTERM');
});

describe('probeServer against real MCP servers', () => {
  it('a healthy stateful SDK 1.x server: handshake and tools/list, server and tool count in the reason', async () => {
    const server = await startFixture('probe/stateful-server.mjs', ['--tools', 'get_forecast,get_alerts']);
    const result = await probeServer({ url: server.url, timeoutMs: GENEROUS_MS });
    expect(result).toMatchObject({ healthy: true, reason: 'probe-fixture 1.0.0, 2 tools', server: { name: 'probe-fixture', version: '1.0.0' }, tools: 2, url: server.url });
    expect((await server.stats()).initializes).toBe(1);
  });

  it('a 2026-07-28-only server (discover, no initialize) is healthy too', async () => {
    const server = await startFixture('servers/modern-only-2026-sdk2.mjs', ['--http']);
    const result = await probeServer({ url: server.url, timeoutMs: GENEROUS_MS });
    expect(result.healthy).toBe(true);
    expect(result.tools).toBeGreaterThan(0);
  });

  it('initialize works but tools/list fails: unhealthy, and the reason says tools/list and the server error', async () => {
    const server = await startFixture('probe/stateful-server.mjs', ['--fail-list']);
    const result = await probeServer({ url: server.url, timeoutMs: GENEROUS_MS });
    expect(result.healthy).toBe(false);
    expect(result.reason).toMatch(/tools/);
    expect(result.reason).toContain('tool registry unavailable');
    expect(result.reason).not.toContain('\n');
  });

  it('drift from the expected snapshot is unhealthy and names the changes', async () => {
    const before = await startFixture('probe/stateful-server.mjs', ['--tools', 'get_forecast,get_alerts']);
    const expected = await captureSnapshot({ url: before.url, timeoutMs: GENEROUS_MS });
    const same = await probeServer({ url: before.url, timeoutMs: GENEROUS_MS, expect: { snapshot: expected, source: 'mcp-snapshot.json' } });
    expect(same).toMatchObject({ healthy: true, reason: 'probe-fixture 1.0.0, 2 tools, matches mcp-snapshot.json', drift: [] });

    const after = await startFixture('probe/stateful-server.mjs', ['--tools', 'get_forecast']);
    const drifted = await probeServer({ url: after.url, timeoutMs: GENEROUS_MS, expect: { snapshot: expected, source: 'mcp-snapshot.json' } });
    expect(drifted.healthy).toBe(false);
    expect(drifted.reason).toMatch(/^probe-fixture 1\.0\.0, 1 tool: drifted from mcp-snapshot\.json \(1 change\): /);
    expect(drifted.reason).toContain('get_alerts');
    expect(drifted.drift?.map((finding) => [finding.subject.name, finding.severity])).toEqual([['get_alerts', 'breaking']]);
  });

  it('server text in the reason reaches the terminal as one clean line (no escape sequences)', async () => {
    const hostile = 'get_alerts\u001b[2J\u001b]0;owned\u0007\nFAKE: healthy';
    const before = await startFixture('probe/stateful-server.mjs', ['--tools', `get_forecast,${hostile}`]);
    const expected = await captureSnapshot({ url: before.url, timeoutMs: GENEROUS_MS });
    const after = await startFixture('probe/stateful-server.mjs', ['--tools', 'get_forecast']);
    const drifted = await probeServer({ url: after.url, timeoutMs: GENEROUS_MS, expect: { snapshot: expected, source: 'mcp-snapshot.json' } });
    expect(drifted.healthy).toBe(false);
    expect(drifted.reason).toContain('get_alerts\\u001b[2J');
    // eslint-disable-next-line no-control-regex -- asserting there are none
    expect(drifted.reason).not.toMatch(/[\u0000-\u001f\u007f]/);
  });
});

describe('probeServer against servers that accept TCP but fail the handshake', () => {
  it('a TCP server answering garbage', async () => {
    const url = await listen(createNetServer((socket) => socket.end('220 not an http server at all\r\n')));
    // A long timeout, so that "fails at once" is told from "waited it out" with room for a loaded machine.
    const result = await probeServer({ url, timeoutMs: 60_000 });
    expect(result.healthy).toBe(false);
    expect(result.reason).toMatch(/could not initialize/);
    expect(result.durationMs).toBeLessThan(15_000);
  });

  it('an HTTP server answering 500', async () => {
    const url = await listen(createHttpServer((_req, res) => res.writeHead(500, { 'content-type': 'text/plain' }).end('upstream exploded')));
    const result = await probeServer({ url, timeoutMs: 3000 });
    expect(result.healthy).toBe(false);
    expect(result.reason).toMatch(/500/);
  });

  it('a TCP server that accepts and never answers runs into the timeout', async () => {
    const url = await listen(createNetServer(() => undefined));
    const result = await probeServer({ url, timeoutMs: 500 });
    expect(result.healthy).toBe(false);
    expect(result.reason).toMatch(/within 0\.5 s/);
    // Ends (5 times the timeout and its teardown, for a loaded machine); the message names the timeout it hit.
    expect(result.durationMs).toBeLessThan(7_500);
  });

  it('nothing listening', async () => {
    const url = await listen(createNetServer());
    for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
    const result = await probeServer({ url, timeoutMs: 3000 });
    expect(result.healthy).toBe(false);
    expect(result.reason).toMatch(/refused/i);
  });

  it('a malformed URL is a usage error, not an unhealthy server', async () => {
    await expect(probeServer({ url: 'not a url' })).rejects.toThrow(UsageError);
  });
});

describe('/healthz server', () => {
  async function serveProbe(url: string, intervalMs: number) {
    const server = createProbeServer(cachedCheck(() => probeServer({ url, timeoutMs: GENEROUS_MS }), intervalMs));
    servers.push(server);
    return (await listenProbeServer(server, 0, '127.0.0.1')).url;
  }

  it('200 with a JSON reason; concurrent and repeated requests within the interval share one check', async () => {
    const mcp = await startFixture('probe/stateful-server.mjs');
    const healthz = await serveProbe(mcp.url, 60_000);
    const responses = await Promise.all(Array.from({ length: 8 }, () => fetch(healthz)));
    expect(responses.map((response) => response.status)).toEqual(Array(8).fill(200));
    const bodies = (await Promise.all(responses.map((response) => response.json()))) as HealthBody[];
    expect(bodies[0]).toMatchObject({ status: 'ok', reason: 'probe-fixture 1.0.0, 1 tool', tools: 1, server: { name: 'probe-fixture', version: '1.0.0' } });
    expect(new Set(bodies.map((body) => body.checkedAt)).size).toBe(1);
    expect((await fetch(healthz)).status).toBe(200);
    expect((await mcp.stats()).initializes).toBe(1);
  });

  it('with an interval of 0 every request checks again', async () => {
    const mcp = await startFixture('probe/stateful-server.mjs');
    const healthz = await serveProbe(mcp.url, 0);
    await fetch(healthz);
    await fetch(healthz);
    expect((await mcp.stats()).initializes).toBe(2);
  });

  it('503 with the reason when the server fails the handshake', async () => {
    const url = await listen(createHttpServer((_req, res) => res.writeHead(500).end()));
    const healthz = await serveProbe(url, 60_000);
    const response = await fetch(healthz);
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toBe('application/json');
    const body = (await response.json()) as HealthBody;
    expect(body.status).toBe('unhealthy');
    expect(body.reason).toMatch(/500/);
  });

  it('HEAD answers the status without a body; other paths are 404, other methods 405', async () => {
    const mcp = await startFixture('probe/stateful-server.mjs');
    const healthz = await serveProbe(mcp.url, 60_000);
    const head = await fetch(healthz, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await fetch(new URL('/metrics', healthz))).status).toBe(404);
    expect((await fetch(healthz, { method: 'POST' })).status).toBe(405);
  });

  it('a probe leaves no session behind on a stateful server (it DELETEs the session it opened)', async () => {
    const mcp = await startFixture('probe/stateful-server.mjs');
    const results: ProbeResult[] = [];
    for (let i = 0; i < 3; i++) results.push(await probeServer({ url: mcp.url, timeoutMs: GENEROUS_MS }));
    expect(results.every((result) => result.healthy)).toBe(true);
    expect(await mcp.stats()).toEqual({ initializes: 3, liveSessions: 0 });
  });
});
