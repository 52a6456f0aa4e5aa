// Captures fixture servers for real over Streamable HTTP and legacy SSE (spawned servers, real sockets).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureSnapshot } from '../../src/capture/index.js';
import { CaptureError } from '../../src/errors.js';
import { serializeSnapshot, type Snapshot } from '../../src/snapshot/index.js';
import { startHttpServer, stdioCommand, type RunningServer } from '../fixtures/servers/lib/harness.js';

/** Captures that must succeed: a generous timeout, well over the seconds a capture takes on a loaded machine. */
const GENEROUS_MS = 60_000;

const running: RunningServer[] = [];
async function start(name: string, args: string[], env?: Record<string, string>): Promise<RunningServer> {
  const server = await startHttpServer(name, args, env);
  running.push(server);
  return server;
}
afterAll(async () => {
  await Promise.all(running.map((s) => s.stop()));
});

let reference: string;
beforeAll(async () => {
  // The same server over stdio: every transport must give these bytes.
  reference = serializeSnapshot(await captureSnapshot({ stdio: stdioCommand('weather-v1-sdk1'), timeoutMs: GENEROUS_MS }));
});

/**
 * The bytes of a snapshot without what a capture by URL adds (the transports answering at it) or what SDK 2.x
 * adds (it also accepts 2026-07-28): those two are asserted on their own.
 */
const surface = (snapshot: Snapshot): string => serializeSnapshot({ ...snapshot, transports: undefined, protocolVersions: undefined });
const LEGACY_REVISIONS = ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25'];

function captured(progress: string[]) {
  return { timeoutMs: GENEROUS_MS, onProgress: (m: string) => progress.push(m) };
}

describe('capture over Streamable HTTP', () => {
  it('captures an SDK 1.x server (2025-11-25) with the same bytes as over stdio', async () => {
    const { url } = await start('weather-v1-sdk1', ['--http']);
    const progress: string[] = [];
    const snapshot = await captureSnapshot({ url, ...captured(progress) });
    expect(progress).toContain('connected over streamable-http (protocol 2025-11-25) to weather 1.0.0');
    expect(serializeSnapshot({ ...snapshot, transports: undefined })).toBe(reference);
    expect(snapshot.transports).toEqual(['streamable-http']);
  });

  it('captures a sessionful SDK 1.x server (Mcp-Session-Id) with the same bytes', async () => {
    const { url } = await start('weather-v1-sdk1', ['--http', '--stateful']);
    const snapshot = await captureSnapshot({ url, timeoutMs: GENEROUS_MS });
    expect(serializeSnapshot({ ...snapshot, transports: undefined })).toBe(reference);
  });

  it('captures an SDK 2.x server (negotiates 2026-07-28) with the same bytes', async () => {
    const { url } = await start('weather-v1-sdk2', ['--http']);
    const progress: string[] = [];
    const snapshot = await captureSnapshot({ url, transport: 'streamable-http', ...captured(progress) });
    expect(progress).toContain('connected over streamable-http (protocol 2026-07-28) to weather 1.0.0');
    expect(surface(snapshot)).toBe(surface(JSON.parse(reference) as Snapshot));
    expect(snapshot.protocolVersions).toEqual([...LEGACY_REVISIONS, '2026-07-28']);
    // A transport named on the command line is the only one tried: which others answer is not captured.
    expect(snapshot.transports).toBeUndefined();
  });

  it('captures a 2026-07-28-only server over HTTP', async () => {
    const { url } = await start('modern-only-2026-sdk2', ['--http']);
    const snapshot: Snapshot = await captureSnapshot({ url, timeoutMs: GENEROUS_MS });
    expect(snapshot.server).toEqual({ name: 'route-planner', version: '2026.7.0' });
    expect(snapshot.tools.map((t) => t.name)).toEqual(['plan_route']);
  });

  it('follows pagination over HTTP', async () => {
    const { url } = await start('paginated-catalog-sdk1', ['--http']);
    const snapshot = await captureSnapshot({ url, timeoutMs: GENEROUS_MS });
    expect([snapshot.tools.length, snapshot.prompts.length, snapshot.resourceTemplates.length]).toEqual([25, 5, 3]);
  });

  it('sends --header values, and reports a 401 without them', async () => {
    const { url } = await start('weather-v1-sdk1', ['--http'], { FIXTURE_REQUIRED_HEADER: 'X-Api-Key: s3cret' });
    const snapshot = await captureSnapshot({ url, headers: { 'X-Api-Key': 's3cret' }, timeoutMs: GENEROUS_MS });
    expect(snapshot.tools).toHaveLength(5);
    await expect(captureSnapshot({ url, transport: 'streamable-http', timeoutMs: GENEROUS_MS })).rejects.toThrow(/HTTP 401 \(missing or wrong credentials\? see --header\)/);
  });
});

describe('capture over legacy SSE', () => {
  it('falls back from Streamable HTTP to SSE with --transport auto', async () => {
    const { url } = await start('legacy-sse-only-sdk1', []);
    const progress: string[] = [];
    const snapshot = await captureSnapshot({ url, ...captured(progress) });
    expect(progress).toContain('Streamable HTTP failed; trying legacy SSE');
    expect(progress).toContain('connected over sse (protocol 2025-11-25) to weather 1.0.0');
    expect(serializeSnapshot({ ...snapshot, transports: undefined })).toBe(reference);
    expect(snapshot.transports).toEqual(['sse']);
    expect(snapshot.protocolVersions).toEqual(LEGACY_REVISIONS);
  });

  it('uses SSE directly with --transport sse, headers included', async () => {
    const { url } = await start('paginated-catalog-sdk1', ['--sse'], { FIXTURE_REQUIRED_HEADER: 'Authorization: Bearer t' });
    const progress: string[] = [];
    const snapshot = await captureSnapshot({ url, transport: 'sse', headers: { Authorization: 'Bearer t' }, ...captured(progress) });
    expect(progress.some((m) => m.includes('trying legacy SSE'))).toBe(false);
    expect(snapshot.tools).toHaveLength(25);
  });

  it('reports both failures when neither transport answers at the URL', async () => {
    const { url } = await start('weather-v1-sdk1', ['--http']);
    const wrongPath = url.replace(/\/mcp$/, '/nothing-here');
    const failure = captureSnapshot({ url: wrongPath, timeoutMs: GENEROUS_MS });
    await expect(failure).rejects.toBeInstanceOf(CaptureError);
    await expect(captureSnapshot({ url: wrongPath, timeoutMs: GENEROUS_MS })).rejects.toThrow(
      `could not initialize "${wrongPath}": Streamable HTTP: HTTP 404 (no MCP endpoint at this URL?); SSE: HTTP 404 (no MCP endpoint at this URL?)`,
    );
  });
});
