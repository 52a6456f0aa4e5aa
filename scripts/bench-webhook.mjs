#!/usr/bin/env node
// Benchmarks the bundled admission webhook (dist/webhook.js) on loopback over TLS with autocannon: realistic
// AdmissionReviews (a Deployment update between two 100-tool snapshots that breaks clients, so the full diff
// and denial run), p50/p99 latency at an evenly paced 1,000 req/s, the cold path, then throughput and RSS before
// and after 100k requests (autocannon). JSON out.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { performance } from 'node:perf_hooks';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';

const RATE = Number(process.env.BENCH_WEBHOOK_RATE ?? 1000);
const DURATION = Number(process.env.BENCH_WEBHOOK_SECONDS ?? 10);
const TOTAL = Number(process.env.BENCH_WEBHOOK_REQUESTS ?? 100_000);
const SERVICE = 'mcp-drift-guard-webhook.mcp-drift-guard.svc';
const root = new URL('..', import.meta.url).pathname;
const bundle = join(root, 'dist/webhook.js');

function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys(value[k])]));
  return value;
}

const VERBS = ['Searches', 'Lists', 'Fetches', 'Updates', 'Archives', 'Summarises', 'Exports', 'Validates', 'Tags', 'Ranks', 'Merges'];
const NOUNS = ['customer', 'invoice', 'ticket', 'order', 'shipment', 'contract', 'product', 'review', 'payment', 'incident', 'asset', 'lead', 'campaign'];

/** A tool as real servers publish them: several typed, described, bounded arguments; some with output schemas. */
function tool(i, { extraRequired = false } = {}) {
  const name = `tool_${String(i).padStart(3, '0')}`;
  const inputSchema = {
    type: 'object',
    properties: {
      query: { type: 'string', description: 'What to look for.', minLength: 1, maxLength: 512 },
      limit: { type: 'integer', minimum: 1, maximum: 100, default: 10, description: 'Maximum results.' },
      order: { type: 'string', enum: ['asc', 'desc', 'relevance'], description: 'Sort order.' },
      filters: {
        type: 'object',
        properties: { since: { type: 'string', format: 'date-time' }, tags: { type: 'array', items: { type: 'string' }, maxItems: 20 } },
        additionalProperties: false,
      },
      ...(extraRequired ? { tenant: { type: 'string', description: 'Tenant id, now mandatory.' } } : {}),
    },
    required: extraRequired ? ['query', 'tenant'] : ['query'],
    additionalProperties: false,
  };
  return {
    name,
    title: `Tool ${i}`,
    description: `${VERBS[i % VERBS.length]} ${NOUNS[(i * 7) % NOUNS.length]} records in the ${name} index (shard ${(i * 37) % 101}); returns matches with scores, highlights and cursors for paging.`,
    inputSchema,
    ...(i % 3 === 0
      ? { outputSchema: { type: 'object', properties: { items: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, score: { type: 'number' } }, required: ['id'] } } }, required: ['items'] } }
      : {}),
    annotations: { readOnlyHint: true, openWorldHint: false },
  };
}

function snapshot(version, tools) {
  return sortKeys({ format: 1, server: { name: 'catalog', version }, capabilities: { tools: { listChanged: true } }, tools, prompts: [], resourceTemplates: [] });
}

const annotation = (s) => gzipSync(JSON.stringify(s, null, 2) + '\n', { level: 9 }).toString('base64');
/** A release pair: 2.0.0 removes two tools, gives one a required argument and rewords one description. */
function releasePair(tag = '') {
  const base = snapshot(`1.0.0${tag}`, Array.from({ length: 100 }, (_, i) => tool(i)));
  const headTools = Array.from({ length: 100 }, (_, i) => tool(i, { extraRequired: i === 7 })).filter((t) => t.name !== 'tool_042' && t.name !== 'tool_099');
  headTools[10].description = `Searches everything${tag}.`;
  return { base, head: snapshot(`2.0.0${tag}`, headTools) };
}

function deployment(snap, image) {
  return {
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    metadata: { name: 'catalog-mcp', namespace: 'shop', labels: { app: 'catalog-mcp', 'mcp-drift-guard.io/enabled': 'true' } },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'catalog-mcp' } },
      template: {
        metadata: { labels: { app: 'catalog-mcp' }, annotations: { 'mcp-drift-guard.io/snapshot': annotation(snap) } },
        spec: { containers: [{ name: 'catalog-mcp', image, ports: [{ containerPort: 8080 }], resources: {} }] },
      },
      strategy: {},
    },
    status: {},
  };
}

function reviewBody(pair, uid) {
  return JSON.stringify({
  apiVersion: 'admission.k8s.io/v1',
  kind: 'AdmissionReview',
  request: {
    uid,
    kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
    resource: { group: 'apps', version: 'v1', resource: 'deployments' },
    requestKind: { group: 'apps', version: 'v1', kind: 'Deployment' },
    requestResource: { group: 'apps', version: 'v1', resource: 'deployments' },
    name: 'catalog-mcp',
    namespace: 'shop',
    operation: 'UPDATE',
    userInfo: { username: 'system:serviceaccount:argocd:argocd-application-controller', groups: ['system:serviceaccounts', 'system:authenticated'] },
    object: deployment(pair.head, 'ghcr.io/example/catalog-mcp:2.0.0'),
    oldObject: deployment(pair.base, 'ghcr.io/example/catalog-mcp:1.0.0'),
    dryRun: false,
    options: { kind: 'UpdateOptions', apiVersion: 'meta.k8s.io/v1' },
  },
  });
}
const body = reviewBody(releasePair(), '705ab4f5-6393-11e8-b7cc-42010a800002');

function openssl(args, cwd) {
  execFileSync('openssl', args, { cwd, stdio: 'pipe' });
}

function metricsText(metricsPort) {
  return new Promise((resolve, reject) => {
    httpRequest({ host: '127.0.0.1', port: metricsPort, path: '/metrics' }, (res) => {
      let t = '';
      res.on('data', (c) => (t += c));
      res.on('end', () => resolve(t));
    })
      .on('error', reject)
      .end();
  });
}

async function rssBytes(metricsPort) {
  return Number(/^process_resident_memory_bytes (\d+)/m.exec(await metricsText(metricsPort))?.[1]);
}

/** Cumulative bucket counts of the webhook's own decision-latency histogram (Deployment reviews). */
async function serverBuckets(metricsPort) {
  const text = await metricsText(metricsPort);
  const buckets = [];
  for (const m of text.matchAll(/^mcp_drift_guard_admission_duration_seconds_bucket\{le="([^"]+)",kind="Deployment"\} (\d+)/gm)) {
    buckets.push({ le: m[1] === '+Inf' ? Infinity : Number(m[1]), count: Number(m[2]) });
  }
  return buckets;
}

/** The bucket bound (ms) under which quantile q of the requests between two snapshots of the histogram fell. */
function bucketQuantileMs(before, after, q) {
  const deltas = after.map((b, i) => ({ le: b.le, count: b.count - (before[i]?.count ?? 0) }));
  const total = deltas.at(-1)?.count ?? 0;
  const hit = deltas.find((b) => b.count >= q * total);
  return hit ? hit.le * 1000 : null;
}

const progress = (message) => process.stderr.write(`bench-webhook: ${message}\n`);

/**
 * An evenly paced load: request i is due at start + i/rate s, and its latency counts from when it was due, so a
 * stalled server cannot hide behind requests that were never sent (no coordinated omission). autocannon's
 * overallRate is not used for this: it sends each second's quota back to back, then idles, which measures the
 * queue of a 1,000-request burst rather than latency at 1,000 req/s.
 */
function paced({ url, body, headers }, agent, rate, seconds) {
  const total = Math.round(rate * seconds);
  const latencies = [];
  let failed = 0;
  return new Promise((resolve) => {
    const start = performance.now();
    let sent = 0;
    let done = 0;
    const finish = () => {
      if (++done < total) return;
      latencies.sort((a, b) => a - b);
      const at = (q) => +latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(2);
      resolve({ requests: total, failed, achievedRps: Math.round(total / ((performance.now() - start) / 1000)), p50Ms: at(0.5), p90Ms: at(0.9), p99Ms: at(0.99), maxMs: at(1) });
    };
    const fire = (due) => {
      const req = httpsRequest(url, { method: 'POST', agent, headers }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode !== 200) failed++;
          latencies.push(performance.now() - due);
          finish();
        });
      });
      req.on('error', () => {
        failed++;
        finish();
      });
      req.end(body);
    };
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
      for (; sent < due; sent++) fire(start + (sent * 1000) / rate);
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
}

function run(options) {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

if (!existsSync(bundle)) execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), 'webhook'], { stdio: 'inherit' });
const dir = mkdtempSync(join(tmpdir(), 'mdg-bench-webhook-'));
let child;
try {
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=bench CA'], dir);
  writeFileSync(join(dir, 'san.ext'), `subjectAltName=DNS:${SERVICE},IP:127.0.0.1\n`);
  openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'tls.key', '-out', 'tls.csr', '-subj', `/CN=${SERVICE}`], dir);
  openssl(['x509', '-req', '-in', 'tls.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'tls.crt', '-days', '1', '-extfile', 'san.ext'], dir);
  const ca = readFileSync(join(dir, 'ca.crt'));

  child = spawn(
    process.execPath,
    [bundle, '--host', '127.0.0.1', '--port', '0', '--metrics-port', '0', '--tls-cert', join(dir, 'tls.crt'), '--tls-key', join(dir, 'tls.key'), '--mode', 'enforce'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const listening = await new Promise((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`webhook exited with ${code}`)));
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const entry = JSON.parse(line);
      if (entry.msg !== 'listening') return;
      // From here on the webhook's decision logs are drained unread: parsing them would load the client.
      // (readline's close() pauses the stream; resume it, or the webhook blocks writing its logs.)
      lines.close();
      child.stdout.on('data', () => {});
      child.stdout.resume();
      resolve(entry);
    });
  });

  const target = {
    url: `https://127.0.0.1:${listening.port}/validate?timeout=5s`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    servername: SERVICE,
    tlsOptions: { ca },
  };
  // Warm-up (JIT, TLS sessions), then the measured fixed-rate run.
  progress(`webhook on port ${listening.port}; warming up`);
  await run({ ...target, connections: 10, amount: 2000 });
  progress(`${RATE} req/s for ${DURATION} s`);
  // Cold path: 200 never-seen release pairs, one at a time (every snapshot decoded and diffed from scratch).
  progress('200 reviews with never-seen snapshots, one at a time');
  const coldBodies = Array.from({ length: 200 }, (_, i) => reviewBody(releasePair(`-cold.${i}`), `cold-${i}`));
  let next = 0;
  const cold = await run({ ...target, connections: 1, amount: coldBodies.length, requests: [{ setupRequest: (req) => ({ ...req, body: coldBodies[next++ % coldBodies.length] }) }] });
  const rssBefore = await rssBytes(listening.metricsPort);
  const bucketsBefore = await serverBuckets(listening.metricsPort);
  // Keep-alive connections opened by a short paced warm-up are reused, as the apiserver reuses its connections.
  const agent = new HttpsAgent({ keepAlive: true, maxSockets: 64, ca, servername: SERVICE });
  await paced(target, agent, RATE, 2);
  const fixed = await paced(target, agent, RATE, DURATION);
  agent.destroy();
  const bucketsAfter = await serverBuckets(listening.metricsPort);
  progress(`${TOTAL} requests as fast as possible`);
  const flood = await run({ ...target, connections: 20, amount: TOTAL });
  const rssAfter = await rssBytes(listening.metricsPort);
  const requests = 2000 + cold.requests.total + fixed.requests + flood.requests.total;
  const statusOk = fixed.failed === 0 && [cold, flood].every((r) => r.non2xx === 0 && r.errors === 0 && r.timeouts === 0);

  const result = {
    benchmark: 'webhook',
    review: { tools: 100, bodyBytes: Buffer.byteLength(body), decision: 'deny (2 tools removed, 1 new required argument)' },
    coldPath: { reviews: cold.requests.total, p50Ms: cold.latency.p50, p99Ms: cold.latency.p99 },
    fixedRate: {
      targetRps: RATE,
      seconds: DURATION,
      ...fixed,
      // The webhook's own histogram (body received -> response written), as an upper bucket bound.
      serverP50UnderMs: bucketQuantileMs(bucketsBefore, bucketsAfter, 0.5),
      serverP99UnderMs: bucketQuantileMs(bucketsBefore, bucketsAfter, 0.99),
    },
    throughput: { requests: flood.requests.total, rps: Math.round(flood.requests.average), p99Ms: flood.latency.p99 },
    memory: { requests, rssBeforeMiB: +(rssBefore / 2 ** 20).toFixed(1), rssAfterMiB: +(rssAfter / 2 ** 20).toFixed(1) },
    errors: { failedPaced: fixed.failed, non2xx: cold.non2xx + flood.non2xx, errors: cold.errors + flood.errors, timeouts: cold.timeouts + flood.timeouts },
    targets: { p99UnderMs: 10, ok: statusOk && fixed.p99Ms < 10 },
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  if (!statusOk) process.exitCode = 1;
} finally {
  child?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}
