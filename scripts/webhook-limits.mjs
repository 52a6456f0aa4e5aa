#!/usr/bin/env node
// Measures the webhook's limits against hostile input, run by hand for the README's figures (the assertions live in
// test/hardening/webhook-limits.test.ts): the bundled webhook on 127.0.0.1 over TLS, on the Node.js running this script,
//   crash: a `$ref` beside keywords in a breaking update's new snapshot, and a chain of 10,000 `$defs` (each the
//          `items` of the last) in both snapshots (the answer: HTTP status, allowed, reason);
//   worst: the costliest review, both annotations 10 KB inflating to 7.6 MB (a 24-level `$defs` chain of `allOf`s,
//          once the worst, is memoised now): time to the answer, /healthz latency meanwhile, peak RSS;
//   bombs: N distinct 10 KB annotations that each inflate to 7.6 MB, one after another: peak RSS;
//   idle:  N TLS connections that finish the handshake and send nothing: how long they stay open.
// Prints JSON on stdout.
//   node scripts/webhook-limits.mjs [--bundle dist/webhook.js] [--only crash,worst,bombs,idle] [--bombs 100] [--idle 200]
//                                   [--idle-wait-seconds 60] [-- webhook flags...]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { BUNDLES, bundleOptions } from './esbuild-options.mjs';
import { chainedUpdate, enumBomb, refBesideKeywords, reviewOfAnnotations, reviewOfPair, annotationOf, breakingWith } from './lib/hostile-reviews.mjs';
import { HOST, SERVICE, makePki, startWebhook } from './lib/webhook-load.mjs';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    bundle: { type: 'string' },
    only: { type: 'string', default: 'crash,worst,bombs,idle' },
    bombs: { type: 'string', default: '100' },
    idle: { type: 'string', default: '200' },
    'idle-wait-seconds': { type: 'string', default: '60' },
  },
});
const only = new Set(args.only.split(','));
const log = (message) => process.stderr.write(`webhook-limits: ${message}\n`);

/** Resident and peak resident memory of the webhook; review workers are threads, so this counts them too. */
function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMiB: +(kib('VmRSS') / 1024).toFixed(1), peakMiB: +(kib('VmHWM') / 1024).toFixed(1) };
}

function post(port, ca, path, body, method = 'POST') {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request({ host: HOST, port, ca, servername: SERVICE, agent: false, method, path, headers: { 'content-type': 'application/json' }, timeout: 120_000 }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode, body: text, ms: Math.round(performance.now() - started) }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve({ status: 0, body: error.message, ms: Math.round(performance.now() - started) }));
    req.end(body);
  });
}

function answer(res) {
  if (res.status !== 200) return { status: res.status, body: res.body.slice(0, 200), ms: res.ms };
  const r = JSON.parse(res.body).response;
  return { status: 200, ms: res.ms, uidEchoed: true, allowed: r.allowed, audit: r.auditAnnotations, message: r.status?.message?.slice(0, 200) };
}

/** Runs `work` while polling /healthz every 100 ms and sampling memory; returns its result with the figures. */
async function watched(webhook, pki, work) {
  let done = false;
  const healthMs = [];
  const poll = (async () => {
    while (!done) {
      const res = await post(webhook.port, pki.ca, '/healthz', undefined, 'GET');
      healthMs.push(res.ms);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const result = await work();
  done = true;
  await poll;
  healthMs.sort((a, b) => a - b);
  const healthz = { checks: healthMs.length, p50Ms: healthMs[Math.floor(healthMs.length / 2)], p99Ms: healthMs[Math.floor(healthMs.length * 0.99)], maxMs: healthMs.at(-1), over1s: healthMs.filter((ms) => ms > 1000).length };
  return { ...result, healthz, memory: memoryOf(webhook.child.pid) };
}

async function idleConnections(port, count, waitSeconds) {
  const sockets = [];
  await Promise.all(
    Array.from({ length: count }, () =>
      new Promise((resolve) => {
        const s = connect({ host: HOST, port, servername: SERVICE, rejectUnauthorized: false }, () => resolve());
        s.on('error', () => {});
        s.on('close', () => resolve());
        // Flowing, so the server's close is seen (a paused socket never emits 'end').
        s.resume();
        sockets.push(s);
      }),
    ),
  );
  const handshaken = sockets.filter((s) => !s.destroyed && s.encrypted && s.authorized !== undefined).length;
  const started = performance.now();
  const open = () => sockets.filter((s) => !s.destroyed && !s.readableEnded).length;
  while (open() > 0 && performance.now() - started < waitSeconds * 1000) await new Promise((r) => setTimeout(r, 250));
  const stillOpen = open();
  for (const s of sockets) s.destroy();
  return { connections: count, handshaken, refused: count - handshaken, allClosedAfterS: stillOpen === 0 ? +((performance.now() - started) / 1000).toFixed(1) : null, stillOpenAfterWait: stillOpen, waitSeconds };
}

const dir = mkdtempSync(join(tmpdir(), 'mdg-limits-'));
try {
  const bundle = args.bundle ?? join(dir, 'webhook.mjs');
  if (!args.bundle) await build({ ...bundleOptions({ ...BUNDLES.webhook, outfile: bundle }), logLevel: 'error' });
  const pki = makePki(dir);
  const result = { node: process.version, webhookArgs: positionals };
  const start = async () => {
    const webhook = startWebhook(bundle, pki, { args: ['--missing-snapshot', 'deny', ...positionals] });
    const listening = await webhook.listening;
    return { ...webhook, port: listening.port, idle: memoryOf(webhook.child.pid) };
  };
  if (only.has('crash')) {
    const webhook = await start();
    log('crash: $ref beside keywords');
    result.crash = answer(await post(webhook.port, pki.ca, '/validate?timeout=5s', reviewOfPair('crash-1', refBesideKeywords())));
    log('crash: a chain of 10,000 $defs');
    result.refChain = answer(await post(webhook.port, pki.ca, '/validate?timeout=5s', reviewOfPair('chain-1', chainedUpdate('items', 10_000))));
    webhook.child.kill('SIGKILL');
  }
  if (only.has('worst')) {
    const webhook = await start();
    log('worst: two 10 KB annotations inflating to 7.6 MB each');
    const review = reviewOfAnnotations('worst-1', enumBomb('worst-base'), enumBomb('worst-head'));
    result.worst = { idleMemory: webhook.idle, ...(await watched(webhook, pki, async () => answer(await post(webhook.port, pki.ca, '/validate?timeout=5s', review)))) };
    result.worst.afterwards = answer(await post(webhook.port, pki.ca, '/validate?timeout=5s', reviewOfPair('after-1', breakingWith({ type: 'object' }))));
    webhook.child.kill('SIGKILL');
  }
  if (only.has('bombs')) {
    const webhook = await start();
    const n = Number(args.bombs);
    log(`bombs: ${n} distinct 10 KB annotations inflating to 7.6 MB`);
    const base = annotationOf(breakingWith({ type: 'object' }).base);
    result.bombs = {
      idleMemory: webhook.idle,
      ...(await watched(webhook, pki, async () => {
        const statuses = {};
        const started = performance.now();
        for (let i = 0; i < n; i++) {
          const a = answer(await post(webhook.port, pki.ca, '/validate?timeout=5s', reviewOfAnnotations(`bomb-${i}`, base, enumBomb(i))));
          const key = a.status === 200 ? `${a.allowed ? 'allowed' : 'denied'} ${a.audit?.reason ?? a.audit?.decision ?? ''}`.trim() : `HTTP ${a.status}`;
          statuses[key] = (statuses[key] ?? 0) + 1;
        }
        return { reviews: n, answers: statuses, seconds: +((performance.now() - started) / 1000).toFixed(1) };
      })),
    };
    webhook.child.kill('SIGKILL');
  }
  if (only.has('idle')) {
    const webhook = await start();
    log(`idle: ${args.idle} silent TLS connections`);
    result.idle = await idleConnections(webhook.port, Number(args.idle), Number(args['idle-wait-seconds']));
    result.idle.healthzAfter = (await post(webhook.port, pki.ca, '/healthz', undefined, 'GET')).status;
    webhook.child.kill('SIGKILL');
  }
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
