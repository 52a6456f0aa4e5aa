// `probe --serve`: the probe as an HTTP /healthz endpoint for a readiness probe (httpGet) or a sidecar.
// 200 when the MCP server is healthy, 503 otherwise, with the reason as JSON; checks are cached and shared.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeError } from '../errors.js';
import type { CachedCheck } from './cache.js';
import type { ProbeResult } from './probe.js';

export const HEALTH_PATH = '/healthz';

/** The JSON a /healthz request answers with (200 or 503). */
export interface HealthBody {
  status: 'ok' | 'unhealthy';
  reason: string;
  url?: string;
  checkedAt?: string;
  durationMs?: number;
  server?: { name: string; version: string };
  tools?: number;
  drift?: { rule: string; severity: string; subject: string; message: string }[];
}

export function healthBody(result: ProbeResult): HealthBody {
  const body: HealthBody = { status: result.healthy ? 'ok' : 'unhealthy', reason: result.reason, url: result.url, checkedAt: result.checkedAt, durationMs: result.durationMs };
  if (result.server) body.server = result.server;
  if (result.tools !== undefined) body.tools = result.tools;
  if (result.drift && result.drift.length > 0) {
    body.drift = result.drift.map((finding) => ({ rule: finding.rule, severity: finding.severity, subject: `${finding.subject.kind}/${finding.subject.name}`, message: finding.message }));
  }
  return body;
}

export function createProbeServer(check: CachedCheck<ProbeResult>): Server {
  return createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://probe').pathname;
    if (path !== HEALTH_PATH) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: only ${HEALTH_PATH} is served\n`);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed\n');
      return;
    }
    const answer = (status: number, body: HealthBody) => {
      const text = `${JSON.stringify(body)}\n`;
      response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
      response.end(request.method === 'HEAD' ? undefined : text);
    };
    check.get().then(
      (result) => answer(result.healthy ? 200 : 503, healthBody(result)),
      (error: unknown) => answer(503, { status: 'unhealthy', reason: describeError(error) }),
    );
  });
}

/** Listens on `host:port` (port 0 picks a free one) and resolves with the server and its /healthz URL. */
export async function listenProbeServer(server: Server, port: number, host?: string): Promise<{ server: Server; url: string }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { server, url: `http://${shown}:${address.port}${HEALTH_PATH}` };
}
