// The bundled webhook over real TLS, called as kube-apiserver calls it: decision rows end to end, the wire
// format's failure cases, concurrency, certificate rotation, metrics and a graceful SIGTERM with work in flight.
import { request as httpRequest } from 'node:http';
import { connect } from 'node:tls';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { admit, bundleWebhook, httpsRequest, makePki, SERVICE_DNS, startWebhook, type Pki, type RunningWebhook } from '../fixtures/webhook/apiserver-caller.js';
import { review, snapshotV1, snapshotV1Compatible, snapshotV2, version } from '../fixtures/webhook/reviews.js';

let pki: Pki;
let enforce: RunningWebhook;

const breaking = (kind: 'Deployment' | 'StatefulSet' | 'Rollout' = 'Deployment', strategy?: Record<string, unknown>) =>
  review(kind, {
    oldObject: version(kind, { snapshot: snapshotV1() }, strategy ? { strategy } : {}),
    object: version(kind, { snapshot: snapshotV2() }, strategy ? { strategy } : {}),
  });

function metricsText(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    httpRequest({ host: '127.0.0.1', port, path: '/metrics' }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve(text));
    })
      .on('error', reject)
      .end();
  });
}

beforeAll(async () => {
  pki = makePki();
  enforce = await startWebhook(pki, ['--mode', 'enforce', '--missing-snapshot', 'deny']);
});

afterAll(async () => {
  enforce?.child.kill('SIGKILL');
  pki?.cleanup();
});

describe('decisions over TLS (enforce, missingSnapshot deny)', () => {
  it('denies a breaking rolling update with the full message', async () => {
    const r = breaking();
    const res = await admit(enforce.port, pki.ca, r);
    expect(res.allowed).toBe(false);
    expect(res.status?.code).toBe(403);
    expect(res.status?.message?.split('\n')[0]).toContain('Deployment shop/weather-mcp would roll out 1 breaking MCP change');
    expect(res.status?.message).toContain("kubectl -n shop patch service weather-mcp --type merge");
    const log = await enforce.waitForLog((l) => l.uid === r.request.uid);
    expect(log).toMatchObject({ decision: 'deny', reason: 'breaking', kind: 'Deployment', namespace: 'shop', name: 'weather-mcp', breaking: 1 });
  });

  it.each([
    ['StatefulSet RollingUpdate', () => breaking('StatefulSet'), false],
    ['Rollout canary', () => breaking('Rollout'), false],
    ['Rollout blueGreen', () => breaking('Rollout', { blueGreen: { activeService: 'search-mcp' } }), true],
    ['Deployment Recreate', () => breaking('Deployment', { type: 'Recreate' }), true],
    ['compatible change', () => review('Deployment', { oldObject: version('Deployment', { snapshot: snapshotV1() }), object: version('Deployment', { snapshot: snapshotV1Compatible() }) }), true],
    ['CREATE', () => review('Deployment', { operation: 'CREATE', object: version('Deployment', {}) }), true],
    ['DELETE', () => review('Deployment', { operation: 'DELETE', oldObject: version('Deployment', { snapshot: snapshotV1() }) }), true],
    [
      'allow-breaking with a reason',
      () =>
        review('Deployment', {
          oldObject: version('Deployment', { snapshot: snapshotV1() }),
          object: version('Deployment', { snapshot: snapshotV2(), templateAnnotations: { 'mcp-drift-guard.io/allow-breaking': 'all clients upgraded' } }),
        }),
      true,
    ],
    ['missing snapshot (deny)', () => review('Deployment', { oldObject: version('Deployment', { snapshot: snapshotV1() }), object: version('Deployment', {}) }), false],
    ['not opted in', () => review('Deployment', { oldObject: version('Deployment', { snapshot: snapshotV1() }, { enabled: false }), object: version('Deployment', { snapshot: snapshotV2() }, { enabled: false }) }), true],
  ])('%s', async (_name, make, allowed) => {
    const res = await admit(enforce.port, pki.ca, make());
    expect(res.allowed).toBe(allowed);
  });

  it('answers a dryRun request with the same decision and logs it as dryRun', async () => {
    const r = breaking();
    r.request.dryRun = true;
    const res = await admit(enforce.port, pki.ca, r);
    expect(res.allowed).toBe(false);
    expect(await enforce.waitForLog((l) => l.uid === r.request.uid)).toMatchObject({ dryRun: true, decision: 'deny' });
  });

  it('refuses a gzip bomb and an undecodable snapshot without falling over', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024)).toString('base64');
    for (const annotation of [bomb, 'bm90IGd6aXA=']) {
      const r = review('Deployment', { oldObject: version('Deployment', { snapshot: snapshotV1() }), object: version('Deployment', { annotation }) });
      const res = await admit(enforce.port, pki.ca, r);
      expect(res.allowed).toBe(false);
      expect(res.status?.message).toMatch(/no usable MCP snapshot/);
    }
    expect(await metricsText(enforce.metricsPort)).toMatch(/^mcp_drift_guard_snapshot_decode_errors_total [2-9]/m);
  });

  it('answers 50 concurrent reviews, each with its own uid', async () => {
    const reviews = Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? breaking() : breaking('StatefulSet')));
    const results = await Promise.all(reviews.map((r) => admit(enforce.port, pki.ca, r)));
    expect(results.map((r) => r.uid)).toEqual(reviews.map((r) => r.request.uid));
    expect(results.every((r) => r.allowed === false)).toBe(true);
  });
});

describe('the wire format', () => {
  const post = (body: string | Buffer, headers: Record<string, string> = {}) =>
    httpsRequest(enforce.port, pki.ca, { method: 'POST', path: '/validate?timeout=5s', headers: { 'content-type': 'application/json', ...headers }, body });

  it('malformed JSON is a 400 and the process lives on', async () => {
    const res = await post('{"apiVersion": "admission.k8s.io/v1", "kind": ');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error).toMatch(/^malformed JSON/);
    expect((await httpsRequest(enforce.port, pki.ca, { path: '/healthz' })).status).toBe(200);
    expect((await admit(enforce.port, pki.ca, breaking())).allowed).toBe(false);
  });

  it('a v1beta1 review is refused: only admission.k8s.io/v1 is served', async () => {
    const r = breaking();
    const res = await post(JSON.stringify({ ...r, apiVersion: 'admission.k8s.io/v1beta1' }));
    expect(res.status).toBe(400);
    expect(res.body).toContain('only admission.k8s.io/v1 is supported');
  });

  /** Streams a large body over a raw TLS socket until the server answers, as a client that does not stop. */
  async function oversized(headers: string): Promise<string> {
    const socket = connect({ host: '127.0.0.1', port: enforce.port, ca: pki.ca, servername: SERVICE_DNS });
    await new Promise<void>((resolve, reject) => socket.once('secureConnect', resolve).once('error', reject));
    let answer = '';
    socket.on('data', (c: Buffer) => (answer += c.toString()));
    socket.on('error', () => {}); // the server closes while we still write: expected
    socket.write(`POST /validate?timeout=5s HTTP/1.1\r\nHost: ${SERVICE_DNS}\r\nContent-Type: application/json\r\n${headers}\r\n`);
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const chunked = headers.includes('chunked');
    for (let sent = 0; answer === '' && sent < 8 * 1024 * 1024 && !socket.destroyed; sent += chunk.length) {
      socket.write(chunked ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]) : chunk);
      await new Promise((r) => setImmediate(r));
    }
    if (answer === '') await new Promise<void>((resolve) => socket.once('data', () => resolve()).once('close', () => resolve()));
    socket.destroy();
    return answer;
  }

  it('a body over the limit is a 413, declared or streamed, and the process lives on', async () => {
    expect(await oversized(`Content-Length: ${4 * 1024 * 1024}\r\n`)).toMatch(/^HTTP\/1.1 413 /);
    expect(await oversized('Transfer-Encoding: chunked\r\n')).toMatch(/^HTTP\/1.1 413 /);
    expect((await admit(enforce.port, pki.ca, breaking())).allowed).toBe(false);
  });

  it('GET /validate is 405 and unknown paths are 404', async () => {
    expect((await httpsRequest(enforce.port, pki.ca, { path: '/validate' })).status).toBe(405);
    expect((await httpsRequest(enforce.port, pki.ca, { path: '/mutate' })).status).toBe(404);
  });

  it('/readyz is 200 once the self-test admission passed', async () => {
    await enforce.waitForLog((l) => l.msg === 'the admission self-test passed');
    const res = await httpsRequest(enforce.port, pki.ca, { path: '/readyz' });
    expect([res.status, res.body]).toEqual([200, 'ok\n']);
  });

  it('a caller that does not trust the CA is refused by TLS', async () => {
    await expect(httpsRequest(enforce.port, Buffer.from(''), { path: '/healthz', ca: undefined })).rejects.toThrow(/self-signed|unable to verify|certificate/i);
  });

  it('Prometheus metrics count requests by kind and decision, on the plain metrics port', async () => {
    const text = await metricsText(enforce.metricsPort);
    expect(text).toMatch(/^mcp_drift_guard_admission_requests_total\{kind="Deployment",decision="deny"\} \d+/m);
    expect(text).toMatch(/^mcp_drift_guard_admission_requests_total\{kind="StatefulSet",decision="deny"\} \d+/m);
    expect(text).toMatch(/^mcp_drift_guard_admission_duration_seconds_bucket\{le="0.01",kind="Deployment"\} \d+/m);
    expect(text).toMatch(/^mcp_drift_guard_invalid_requests_total\{code="400"\} [1-9]/m);
  });
});

describe('lifecycle', () => {
  it('reloads a rotated certificate without a restart', async () => {
    const before = (await httpsRequest(enforce.port, pki.ca, { path: '/healthz' })).fingerprint;
    pki.rotate();
    await enforce.waitForLog((l) => l.msg === 'reloaded the serving certificate');
    const after = (await httpsRequest(enforce.port, pki.ca, { path: '/healthz' })).fingerprint;
    expect(after).not.toBe(before);
    expect((await admit(enforce.port, pki.ca, breaking())).allowed).toBe(false);
  });

  it('warn mode allows with warnings over the wire; SIGTERM finishes the in-flight review, refuses new ones, exits 0', async () => {
    const warn = await startWebhook(pki, ['--shutdown-grace', '5', '--log-level', 'debug']);
    try {
      const res = await admit(warn.port, pki.ca, breaking());
      expect(res.allowed).toBe(true);
      expect(res.warnings?.[0]).toMatch(/^mcp-drift-guard: 1 breaking MCP change/);

      // Start a review and hold back the end of its body, so it is in flight when SIGTERM arrives.
      const r = breaking();
      const body = Buffer.from(JSON.stringify(r));
      const socket = connect({ host: '127.0.0.1', port: warn.port, ca: pki.ca, servername: SERVICE_DNS });
      await new Promise<void>((resolve, reject) => socket.once('secureConnect', resolve).once('error', reject));
      let answer = '';
      socket.on('data', (c: Buffer) => (answer += c.toString()));
      const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
      const logsBefore = warn.logs.length;
      socket.write(`POST /validate?timeout=5s HTTP/1.1\r\nHost: ${SERVICE_DNS}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
      socket.write(body.subarray(0, 100));
      // In flight from the server's side: it has parsed the headers (a connection still idle is simply closed).
      await warn.waitForLog((l) => l.msg === 'review started' && warn.logs.indexOf(l) >= logsBefore);
      warn.child.kill('SIGTERM');
      await warn.waitForLog((l) => l.msg === 'stopping: finishing in-flight reviews');
      // Refused at whichever step the closing listener stops it: TCP connect, TLS handshake, or the request.
      await expect(httpsRequest(warn.port, pki.ca, { path: '/healthz' })).rejects.toThrow(/ECONNREFUSED|ECONNRESET|socket hang up|socket disconnected before secure TLS connection/);
      socket.write(body.subarray(100));
      await closed;
      expect(answer).toMatch(/^HTTP\/1.1 200 OK/);
      const json = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as { response: { uid: string; allowed: boolean } };
      expect(json.response).toMatchObject({ uid: r.request.uid, allowed: true });
      expect(await warn.exited).toBe(0);
    } finally {
      warn.child.kill('SIGKILL');
    }
  });

  it('exits on SIGTERM even when its stdout reader is gone (broken log pipe)', async () => {
    const webhook = await startWebhook(pki, []);
    try {
      webhook.child.stdout!.destroy();
      // A review makes the webhook log into the broken pipe before it is told to stop.
      await admit(webhook.port, pki.ca, breaking());
      webhook.child.kill('SIGTERM');
      const code = await Promise.race([webhook.exited, new Promise((r) => setTimeout(() => r('still running after 5 s'), 5000))]);
      expect(code).toBe(0);
    } finally {
      webhook.child.kill('SIGKILL');
    }
  });

  it.each([
    ['an unknown mode', ['--mode', 'loud'], /--mode.*loud/],
    ['a missing policy file', ['--config', '/nonexistent/policy.yml'], /policy\.yml: cannot read policy: no such file/],
    ['an unreadable certificate', ['--tls-cert', '/nonexistent/tls.crt'], /cannot read \/nonexistent\/tls\.crt: no such file/],
    ['a key that does not match', ['--tls-key', '__CA_KEY__'], /are not a usable key pair/],
    ['no review worker', ['--review-workers', '0'], /"0" is not a whole number of at least 1/],
    ['an idle timeout of zero (which would mean none)', ['--idle-timeout', '0'], /"0" is not a number of seconds above 0/],
    ['a metrics port out of range', ['--metrics-port', '70000'], /"70000" is not a port number/],
    ['a negative shutdown grace', ['--shutdown-grace', '-1'], /"-1" is not a number of seconds$/m],
  ])('refuses to start with %s: exit 2, one line on stderr', async (_name, args, message) => {
    const flags = args.map((a) => (a === '__CA_KEY__' ? join(pki.dir, 'ca.key') : a));
    const child = spawn(inject('webhookNode'), [await bundleWebhook(), '--host', '127.0.0.1', '--port', '0', '--metrics-port', '0', '--tls-cert', pki.certFile, '--tls-key', pki.keyFile, ...flags], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n').filter((l) => !l.startsWith('(run with')).length).toBe(1);
  });
});
