#!/usr/bin/env node
// Benchmarks the bundled admission webhook (dist/webhook.js) on loopback over TLS with autocannon: realistic
// AdmissionReviews (a Deployment update between two 100-tool snapshots that breaks clients, so the full diff
// and denial run), p50/p99 latency at an evenly paced 1,000 req/s, the cold path, then throughput and RSS before
// and after 100k requests (autocannon). JSON out.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { performance } from 'node:perf_hooks';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { RELEASE_DECISION, SERVICE, makePki, releasePair, releaseReview, startWebhook } from './lib/webhook-load.mjs';

const RATE = Number(process.env.BENCH_WEBHOOK_RATE ?? 1000);
const DURATION = Number(process.env.BENCH_WEBHOOK_SECONDS ?? 10);
const TOTAL = Number(process.env.BENCH_WEBHOOK_REQUESTS ?? 100_000);
const root = new URL('..', import.meta.url).pathname;
const bundle = join(root, 'dist/webhook.js');

const body = releaseReview(releasePair())('705ab4f5-6393-11e8-b7cc-42010a800002');

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
let webhook;
try {
  const pki = makePki(dir);
  const { ca } = pki;
  webhook = startWebhook(bundle, pki);
  const listening = await webhook.listening;

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
  const coldBodies = Array.from({ length: 200 }, (_, i) => releaseReview(releasePair(`-cold.${i}`))(`cold-${i}`));
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
    review: { tools: 100, bodyBytes: Buffer.byteLength(body), decision: RELEASE_DECISION },
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
  webhook?.child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}
