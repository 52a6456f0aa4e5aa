// One health check of a live MCP server over HTTP: the real handshake (initialize, or discover for
// 2026-07-28 servers) and tools/list, optionally compared with a committed snapshot. Never throws for an
// unhealthy server: the result says why, in one line.
import { DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS, captureSnapshot } from '../capture/index.js';
import { diffSnapshots } from '../diff/index.js';
import type { Finding } from '../diff/types.js';
import { CaptureError, UsageError, describeError } from '../errors.js';
import { clip, oneLine } from '../report/sanitize.js';
import type { Snapshot } from '../snapshot/types.js';
import { findingText } from '../report/consequence.js';

/** Long enough for a handful of drift messages; a probe's reason is a log line, not a report. */
const MAX_REASON_LENGTH = 2000;

export interface ProbeOptions {
  url: string;
  headers?: Record<string, string>;
  /** Bounds the whole check: handshake and listing (default: the capture's 30 s). */
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
    // The reason carries server text (names, versions, drift messages) to a terminal and to logs: one clean line.
    reason: clip(oneLine(fields.reason), MAX_REASON_LENGTH),
    url: options.url,
    checkedAt: new Date().toISOString(),
    durationMs: Math.round(performance.now() - started),
  });
  let snapshot: Snapshot;
  try {
    snapshot = await withinDeadline(options);
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
      const changes = drift.map((finding: Finding) => findingText(finding)).join('; ');
      return finish({ healthy: false, reason: `${surface}: drifted from ${options.expect.source} (${drift.length} change${drift.length === 1 ? '' : 's'}): ${changes}`, server, tools, drift });
    }
    return finish({ healthy: true, reason: `${surface}, matches ${options.expect.source}`, server, tools, drift });
  }
  return finish({ healthy: true, reason: surface, server, tools });
}

/**
 * The capture, bounded as a whole by the timeout: a health check must answer within its budget even when a
 * transport ignores its own (the capture bounds the connect and each request, not their sum).
 */
async function withinDeadline(options: ProbeOptions): Promise<Snapshot> {
  const timeoutMs = Math.min(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS);
  const deadline = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      deadline.abort();
      reject(new CaptureError(`could not probe "${options.url}": no complete answer within ${timeoutMs / 1000} s`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([captureSnapshot({ url: options.url, ...(options.headers ? { headers: options.headers } : {}), timeoutMs, signal, revisions: false }), expired]);
  } finally {
    clearTimeout(timer);
  }
}
