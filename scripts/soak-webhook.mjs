#!/usr/bin/env node
// Soak and shutdown test of the admission webhook, run by hand (not part of `npm test`; a short run of it is):
// the real webhook (webhook/src/main.ts bundled as scripts/build.mjs bundles it) on 127.0.0.1 over TLS, then
//   1. a soak of N AdmissionReviews (default 100,000) with RSS samples; half-way a broken certificate file (the old
//      pair must stay in service), then a real rotation (picked up by new connections). A leak keeps growing, so
//      the check is on the second half: V8 first sizes its heap to the load (on Node.js 24 by ~130 MiB, then flat),
//   2. many concurrent reviews of the same object,
//   3. SIGTERM in the middle of load: every request already sent must still be answered.
// Prints the figures as JSON on stdout (progress on stderr); exit 1 when a check fails. Stops by itself.
//   node scripts/soak-webhook.mjs [--requests 100000] [--concurrency 16] [--burst 1000] [--max-rss-growth-mib 64]
//                                 [--shutdown-grace SECONDS] [--deadline-seconds 900]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { BUNDLES, bundleOptions } from './esbuild-options.mjs';
import { HOST, RELEASE_DECISION, SERVICE, makePki, releasePair, releaseReview, startWebhook } from './lib/webhook-load.mjs';

const { values: args } = parseArgs({
  options: {
    requests: { type: 'string', default: '100000' },
    concurrency: { type: 'string', default: '16' },
    burst: { type: 'string', default: '1000' },
    'max-rss-growth-mib': { type: 'string', default: '64' },
    'deadline-seconds': { type: 'string', default: '900' },
    // Passed to the webhook as --shutdown-grace (seconds); its own default when absent.
    'shutdown-grace': { type: 'string' },
  },
});
const REQUESTS = Number(args.requests);
const CONCURRENCY = Number(args.concurrency);
const BURST = Number(args.burst);
const MAX_RSS_GROWTH_MIB = Number(args['max-rss-growth-mib']);
const log = (message) => process.stderr.write(`soak-webhook: ${message}\n`);

// --- the review (scripts/lib/webhook-load.mjs), the webhook process, RSS ---

const reviewOf = releaseReview(releasePair());
let uidCounter = 0;
/** A review of the same object each time, with its own uid, as the apiserver sends them. */
function review() {
  const uid = `00000000-0000-4000-8000-${String(++uidCounter).padStart(12, '0')}`;
  return { uid, body: reviewOf(uid) };
}

/** The webhook bundled exactly as `npm run build` bundles dist/webhook.js, into a private directory. */
async function bundleWebhook(dir) {
  const outfile = join(dir, 'webhook.mjs');
  await build({ ...bundleOptions({ ...BUNDLES.webhook, outfile }), logLevel: 'error' });
  return outfile;
}

/** The webhook at log level info (and --shutdown-grace when given), counting the log entries the checks read. */
function runWebhook(bundle, pki) {
  const logs = { admissions: 0, reloads: 0, reloadErrors: 0, errors: [], stopped: false };
  const onLog = (entry) => {
    if (entry.msg === 'admission') logs.admissions++;
    else if (entry.msg === 'reloaded the serving certificate') logs.reloads++;
    else if (entry.msg === 'could not reload the serving certificate; keeping the current one') logs.reloadErrors++;
    else if (entry.msg === 'stopped') logs.stopped = true;
    if (entry.level >= 50) logs.errors.push(entry.msg);
  };
  const extra = ['--log-level', 'info', ...(args['shutdown-grace'] ? ['--shutdown-grace', args['shutdown-grace']] : [])];
  return { ...startWebhook(bundle, pki, { args: extra, onLog }), logs };
}

/** Resident and peak resident memory of a process, in MiB, from /proc. */
function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMiB: +(kib('VmRSS') / 1024).toFixed(1), peakMiB: +(kib('VmHWM') / 1024).toFixed(1) };
}

// --- the caller: the apiserver's checks on every answer ---

/**
 * POSTs one review. `sent` says whether the request was written to a connection before it failed: a failure
 * after that is a lost in-flight review; one before (connection refused) is a review the server never took.
 */
function admit(port, ca, agent, { uid, body }) {
  return new Promise((resolve) => {
    const started = performance.now();
    let sent = false;
    let fingerprint = '';
    const req = request(
      { host: HOST, port, path: '/validate?timeout=5s', method: 'POST', ca, servername: SERVICE, agent, timeout: 10_000, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        fingerprint = res.socket.getPeerCertificate?.()?.fingerprint256 ?? fingerprint;
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('error', (error) => resolve({ ok: false, sent: true, error: error.code ?? error.message, ms: performance.now() - started }));
        res.on('end', () => {
          const ms = performance.now() - started;
          if (res.statusCode !== 200) return resolve({ ok: false, sent: true, error: `HTTP ${res.statusCode}`, ms });
          try {
            const answer = JSON.parse(Buffer.concat(chunks).toString('utf8'));
            const r = answer.response;
            const valid = answer.apiVersion === 'admission.k8s.io/v1' && answer.kind === 'AdmissionReview' && r?.uid === uid && typeof r.allowed === 'boolean' && r.patch === undefined;
            resolve({ ok: valid, sent: true, ms, allowed: r?.allowed, message: r?.status?.message, fingerprint, ...(valid ? {} : { error: 'invalid AdmissionReview response' }) });
          } catch {
            resolve({ ok: false, sent: true, error: 'unparsable response', ms });
          }
        });
      },
    );
    req.on('finish', () => (sent = true));
    req.on('timeout', () => req.destroy(Object.assign(new Error('no answer within 10 s'), { code: 'TIMEOUT' })));
    req.on('error', (error) => resolve({ ok: false, sent, error: error.code ?? error.message, ms: performance.now() - started }));
    req.end(body);
  });
}

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return +sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(2);
}

function latencies(samples) {
  const sorted = Float64Array.from(samples).sort();
  return { p50Ms: percentile(sorted, 50), p90Ms: percentile(sorted, 90), p99Ms: percentile(sorted, 99), maxMs: percentile(sorted, 100) };
}

/** `total` reviews from `concurrency` workers; `onDone(n)` after each answer may start side tasks. */
async function load({ port, ca, agent, total, concurrency, onDone, stopWhen }) {
  const ms = [];
  const failures = {};
  let done = 0;
  let issued = 0;
  let ok = 0;
  let refused = 0;
  const worker = async () => {
    while (issued < total && !stopWhen?.()) {
      issued++;
      const result = await admit(port, ca, agent, review());
      done++;
      if (result.ok) {
        ok++;
        ms.push(result.ms);
      } else if (!result.sent) {
        refused++;
      } else {
        failures[result.error] = (failures[result.error] ?? 0) + 1;
      }
      onDone?.(done, result);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  const failed = Object.values(failures).reduce((a, b) => a + b, 0);
  return { requests: done, ok, failed, failures, refusedBeforeSend: refused, seconds: +seconds.toFixed(1), rps: Math.round(done / seconds), latency: latencies(ms) };
}

// --- the run ---

const deadline = setTimeout(() => {
  log(`still running after ${args['deadline-seconds']} s; giving up`);
  process.exit(1);
}, Number(args['deadline-seconds']) * 1000);
deadline.unref();

const dir = mkdtempSync(join(tmpdir(), 'mdg-soak-webhook-'));
let webhook;
try {
  const pki = makePki(dir);
  const bundle = await bundleWebhook(dir);
  webhook = runWebhook(bundle, pki);
  const listening = await webhook.listening;
  const { port } = listening;
  const pid = webhook.child.pid;
  log(`webhook pid ${pid} on https://${HOST}:${port}`);

  // 1. Soak, with RSS samples and the certificate rotated half-way.
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const warm = await load({ port, ca: pki.ca, agent, total: 2_000, concurrency: CONCURRENCY });
  const rssBefore = memoryOf(pid);
  const samples = [{ requests: 0, ...rssBefore }];
  const sampleEvery = Math.max(1, Math.floor(REQUESTS / 10));
  const rotation = { brokenPairKept: false, rotatedAt: null, fingerprintBefore: pki.first, fingerprintAfter: null, servedNewAfterMs: null, newConnections: 0, failedNewConnections: 0 };
  let rotation$ = Promise.resolve();
  const soak = await load({
    port,
    ca: pki.ca,
    agent,
    total: REQUESTS,
    concurrency: CONCURRENCY,
    onDone: (n) => {
      if (n % sampleEvery === 0) {
        samples.push({ requests: n, ...memoryOf(pid) });
        log(`${n} reviews, RSS ${samples.at(-1).rssMiB} MiB`);
      }
      if (n === Math.floor(REQUESTS / 2)) {
        rotation$ = (async () => {
          // First a broken rotation (a certificate file that is not one): the webhook must keep serving the old pair.
          const good = readFileSync(pki.certFile);
          writeFileSync(pki.certFile, '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n');
          const brokenAt = performance.now();
          while (webhook.logs.reloadErrors === 0 && performance.now() - brokenAt < 5_000) await new Promise((resolve) => setTimeout(resolve, 20));
          const during = await admit(port, pki.ca, false, review());
          rotation.brokenPairKept = webhook.logs.reloadErrors > 0 && during.ok && during.fingerprint === pki.first;
          writeFileSync(pki.certFile, good);
          rotation.rotatedAt = n;
          const rotatedAt = performance.now();
          rotation.fingerprintAfter = pki.rotate();
          // New connections (agent: false) until one is served the new certificate, while the soak goes on.
          while (performance.now() - rotatedAt < 30_000) {
            const probe = await admit(port, pki.ca, false, review());
            rotation.newConnections++;
            if (!probe.ok) rotation.failedNewConnections++;
            if (probe.fingerprint === rotation.fingerprintAfter) {
              rotation.servedNewAfterMs = Math.round(performance.now() - rotatedAt);
              break;
            }
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
        })();
      }
    },
  });
  await rotation$;
  const rssAfter = memoryOf(pid);

  // 2. Many concurrent reviews of the same object.
  const burstAgent = new Agent({ keepAlive: true, maxSockets: 200 });
  const answers = new Set();
  const burst = await load({ port, ca: pki.ca, agent: burstAgent, total: BURST, concurrency: 200, onDone: (_n, r) => r.ok && answers.add(`${r.allowed} ${r.message}`) });
  burstAgent.destroy();

  // 3. SIGTERM in the middle of load: keep sending until the server stops taking connections.
  let terminatedAt = 0;
  let exitedAfterMs = null;
  const exit = webhook.exited.then((status) => {
    exitedAfterMs = Math.round(performance.now() - terminatedAt);
    return status;
  });
  let exitedYet = false;
  void exit.then(() => (exitedYet = true));
  const termAgent = new Agent({ keepAlive: true, maxSockets: 32 });
  const shutdown = await load({
    port,
    ca: pki.ca,
    agent: termAgent,
    total: 1_000_000,
    concurrency: 32,
    onDone: (n) => {
      if (n === 500) {
        terminatedAt = performance.now();
        webhook.child.kill('SIGTERM');
      }
    },
    stopWhen: () => exitedYet,
  });
  const status = await exit;
  termAgent.destroy();
  agent.destroy();

  const rssGrowth = +(rssAfter.rssMiB - rssBefore.rssMiB).toFixed(1);
  const halfway = samples.find((sample) => sample.requests >= Math.floor(REQUESTS / 2)) ?? samples[0];
  const rssGrowthSecondHalf = +(rssAfter.rssMiB - halfway.rssMiB).toFixed(1);
  const checks = {
    soakNoFailures: soak.failed === 0 && soak.refusedBeforeSend === 0,
    rssGrowthUnderMiB: rssGrowthSecondHalf < MAX_RSS_GROWTH_MIB,
    certificateRotatedUnderLoad: rotation.brokenPairKept && rotation.servedNewAfterMs !== null && rotation.failedNewConnections === 0 && webhook.logs.reloads >= 1,
    sameObjectBurstConsistent: burst.failed === 0 && burst.ok === BURST && answers.size === 1,
    sigtermNoFailedInFlight: shutdown.failed === 0 && status.code === 0 && webhook.logs.stopped,
    noErrorLogs: webhook.logs.errors.length === 0,
  };
  const result = {
    script: 'soak-webhook',
    node: process.version,
    review: { tools: 100, bodyBytes: Buffer.byteLength(review().body), decision: RELEASE_DECISION },
    soak: { ...soak, warmupRequests: warm.requests, concurrency: CONCURRENCY },
    memory: { rssBeforeMiB: rssBefore.rssMiB, rssAfterMiB: rssAfter.rssMiB, rssGrowthMiB: rssGrowth, rssGrowthSecondHalfMiB: rssGrowthSecondHalf, peakMiB: rssAfter.peakMiB, samples },
    certificateRotation: { ...rotation, reloadsLogged: webhook.logs.reloads, failedReloadsLogged: webhook.logs.reloadErrors },
    sameObjectBurst: { ...burst, concurrency: 200, distinctAnswers: answers.size },
    sigterm: { ...shutdown, sentSigtermAfter: 500, exitCode: status.code, exitedAfterMs, stoppedLogged: webhook.logs.stopped },
    admissionsLogged: webhook.logs.admissions,
    checks,
    ok: Object.values(checks).every(Boolean),
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  if (!result.ok) process.exitCode = 1;
} finally {
  if (webhook && webhook.child.exitCode === null && webhook.child.signalCode === null) webhook.child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
  clearTimeout(deadline);
}
