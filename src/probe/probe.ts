// One health check of a live MCP server over HTTP: the real handshake (initialize, or discover for
// 2026-07-28 servers) and tools/list, optionally compared with a committed snapshot. Never throws for an
// unhealthy server: the result says why, in one line.
import { captureSnapshot } from '../capture/index.js';
import { diffSnapshots } from '../diff/index.js';
import type { Finding } from '../diff/types.js';
import { UsageError, describeError } from '../errors.js';
import type { Snapshot } from '../snapshot/types.js';

export interface ProbeOptions {
  url: string;
  headers?: Record<string, string>;
  /** Bounds the connect and each request (default: the capture's 30 s). */
  timeoutMs?: number;
  /** The surface the server must still offer; any difference is drift and makes the server unhealthy. */
  expect?: { snapshot: Snapshot; source: string };
  signal?: AbortSignal;
}

export interface ProbeResult {
  healthy: boolean;
  /** One line: what was checked and found, or why the server is unhealthy. */
  reason: string;
  url: string;
  /** ISO time the check finished. */
  checkedAt: string;
  durationMs: number;
  server?: { name: string; version: string };
  tools?: number;
  /** Findings against the expected snapshot, when one was given and the server answered. */
  drift?: Finding[];
}

/** Probe `options.url`. A UsageError (a malformed URL) is thrown; every server-side failure is a result. */
export async function probeServer(options: ProbeOptions): Promise<ProbeResult> {
  const started = performance.now();
  const finish = (fields: Omit<ProbeResult, 'url' | 'checkedAt' | 'durationMs'>): ProbeResult => ({
    ...fields,
    url: options.url,
    checkedAt: new Date().toISOString(),
    durationMs: Math.round(performance.now() - started),
  });
  let snapshot: Snapshot;
  try {
    snapshot = await captureSnapshot({
      url: options.url,
      ...(options.headers ? { headers: options.headers } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (error instanceof UsageError) throw error;
    return finish({ healthy: false, reason: describeError(error) });
  }
  const server = { name: snapshot.server.name, version: snapshot.server.version };
  const tools = snapshot.tools.length;
  const surface = `${server.name} ${server.version}, ${tools} tool${tools === 1 ? '' : 's'}`;
  if (options.expect) {
    const drift = diffSnapshots(options.expect.snapshot, snapshot);
    if (drift.length > 0) {
      const changes = drift.map((finding: Finding) => finding.message).join('; ');
      return finish({ healthy: false, reason: `${surface}: drifted from ${options.expect.source} (${drift.length} change${drift.length === 1 ? '' : 's'}): ${changes}`, server, tools, drift });
    }
    return finish({ healthy: true, reason: `${surface}, matches ${options.expect.source}`, server, tools, drift });
  }
  return finish({ healthy: true, reason: surface, server, tools });
}
