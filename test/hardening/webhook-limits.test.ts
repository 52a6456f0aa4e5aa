// The webhook's limits against hostile input, on the real bundled webhook over TLS (issue 12): a review whose
// comparison throws, runs out of its worker's heap or past the deadline is answered (HTTP 200, the uid) as an
// unusable snapshot, visibly; a review never stalls /healthz; memory stays under the Deployment's limit for any
// sequence of reviews; silent connections are closed and capped.
import { readFileSync } from 'node:fs';
import { connect, type TLSSocket } from 'node:tls';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { annotationOf, breakingWith, enumBomb, refBesideKeywords, reviewOfAnnotations, reviewOfPair, wideUnion } from '../../scripts/lib/hostile-reviews.mjs';
import { httpsRequest, makePki, SERVICE_DNS, startWebhook, type Pki, type RunningWebhook } from '../fixtures/webhook/apiserver-caller.js';
import { ROOT } from './cli.js';

interface Answer {
  uid: string;
  allowed: boolean;
  status?: { code: number; message: string };
  warnings?: string[];
  auditAnnotations?: Record<string, string>;
}

let pki: Pki | undefined;
let webhook: RunningWebhook | undefined;

afterEach(() => {
  webhook?.child.kill('SIGKILL');
  pki?.cleanup();
  webhook = undefined;
  pki = undefined;
});

async function start(args: string[]): Promise<{ pki: Pki; webhook: RunningWebhook }> {
  pki = makePki();
  webhook = await startWebhook(pki, args);
  return { pki, webhook };
}

async function send(w: RunningWebhook, p: Pki, body: string): Promise<{ status: number; answer?: Answer }> {
  const res = await httpsRequest(w.port, p.ca, { method: 'POST', path: '/validate?timeout=5s', headers: { 'content-type': 'application/json' }, body });
  return { status: res.status, ...(res.status === 200 ? { answer: (JSON.parse(res.body) as { response: Answer }).response } : {}) };
}

/** The Deployment's memory limit (webhook/deploy/base), in MiB. */
function deploymentMemoryLimitMiB(): number {
  const deployment = parse(readFileSync(`${ROOT}/webhook/deploy/base/deployment.yaml`, 'utf8')) as { spec: { template: { spec: { containers: { resources: { limits: { memory: string } } }[] } } } };
  const limit = deployment.spec.template.spec.containers[0]!.resources.limits.memory;
  const mi = /^(\d+)Mi$/.exec(limit);
  if (!mi) throw new Error(`unexpected memory limit ${limit}`);
  return Number(mi[1]);
}

/** Peak resident memory of a process (all its threads, the review workers included), in MiB. */
function peakRssMiB(pid: number): number {
  const kib = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kib) / 1024;
}

/** The review's answer as an unusable snapshot in enforce mode with --missing-snapshot deny, the reason everywhere. */
async function expectJudgedUnusable(w: RunningWebhook, uid: string, answer: Answer | undefined, cause: RegExp): Promise<void> {
  expect(answer?.uid).toBe(uid);
  expect(answer?.allowed).toBe(false);
  expect(answer?.status?.code).toBe(403);
  expect(answer?.status?.message).toMatch(cause);
  expect(answer?.auditAnnotations).toMatchObject({ decision: 'deny', reason: 'decision-failed', error: expect.stringMatching(cause) });
  const log = await w.waitForLog((l) => l.uid === uid);
  expect(log).toMatchObject({ level: 40, msg: 'admission', reason: 'decision-failed', decision: 'deny', error: expect.stringMatching(cause) });
}

describe('whatever fails inside a decision is an answered review', () => {
  it('a $ref beside other keywords in the new snapshot of a breaking update: HTTP 200 with the uid, denied, the server lives on', async () => {
    const { pki, webhook } = await start(['--mode', 'enforce', '--missing-snapshot', 'deny']);
    const { status, answer } = await send(webhook, pki, reviewOfPair('ref-beside-keywords', refBesideKeywords()));
    // Denied whether the engine judges the schema (a breaking change) or fails on it (an unusable snapshot).
    expect(status).toBe(200);
    expect(answer).toMatchObject({ uid: 'ref-beside-keywords', allowed: false });
    if (answer?.auditAnnotations?.reason === 'decision-failed') await expectJudgedUnusable(webhook, 'ref-beside-keywords', answer, /could not be compared/);
    expect(webhook.logs.filter((l) => l.msg === 'the decision failed')).toEqual([]);
    const next = await send(webhook, pki, reviewOfPair('after-ref', breakingWith({ type: 'object' })));
    expect(next.answer).toMatchObject({ uid: 'after-ref', allowed: false, auditAnnotations: { decision: 'deny', 'breaking-findings': '1' } });
  });

  it("a comparison that outgrows its worker's heap (a 10 KB annotation inflating to 7.6 MB, --review-heap 32): unusable snapshot, and the next review is judged", async () => {
    const { pki, webhook } = await start(['--mode', 'enforce', '--missing-snapshot', 'deny', '--review-heap', '32', '--review-deadline', '60']);
    const base = annotationOf(breakingWith({ type: 'object' }).base);
    const { status, answer } = await send(webhook, pki, reviewOfAnnotations('heap', base, enumBomb('heap')));
    expect(status).toBe(200);
    await expectJudgedUnusable(webhook, 'heap', answer, /more than the review worker's 32 MiB heap/);
    await webhook.waitForLog((l) => l.msg === 'replacing a review worker');
    const next = await send(webhook, pki, reviewOfPair('after-heap', breakingWith({ type: 'object' })));
    expect(next.answer).toMatchObject({ uid: 'after-heap', allowed: false, auditAnnotations: { decision: 'deny', 'breaking-findings': '1' } });
  });

  // Two inflating annotations: decoding and comparing two enums of 1.9 million values takes about 1 s unbounded
  // (a 24-level $defs chain no longer does: the engine memoises it), 5x the deadline.
  it('a comparison past the review deadline (two 10 KB annotations inflating to 7.6 MB each, --review-deadline 0.2): unusable snapshot; --missing-snapshot warn makes it a warning', async () => {
    const { pki, webhook } = await start(['--mode', 'enforce', '--missing-snapshot', 'deny', '--review-heap', '1024', '--review-deadline', '0.2']);
    const { answer } = await send(webhook, pki, reviewOfAnnotations('deadline', enumBomb('deadline-base'), enumBomb('deadline')));
    await expectJudgedUnusable(webhook, 'deadline', answer, /longer than the 0\.2 s review deadline/);
    webhook.child.kill('SIGKILL');
    const warn = await start(['--mode', 'enforce', '--missing-snapshot', 'warn', '--review-heap', '1024', '--review-deadline', '0.2']);
    const warned = (await send(warn.webhook, warn.pki, reviewOfAnnotations('deadline-warn', enumBomb('deadline-warn-base'), enumBomb('deadline-warn')))).answer;
    expect(warned).toMatchObject({ uid: 'deadline-warn', allowed: true, auditAnnotations: { decision: 'warn', reason: 'decision-failed' } });
    expect(warned?.warnings?.[0]).toMatch(/^mcp-drift-guard: not judged, the comparison took longer than the 0\.2 s review deadline/);
  });

  it('a pair over the diff\'s work budget (an anyOf of 300 objects, 34 KB): "too complex", judged as an unusable snapshot', { timeout: 60_000 }, async () => {
    // Deadline and heap far above what the comparison needs, so only the work budget can stop it.
    const { pki, webhook } = await start(['--mode', 'enforce', '--missing-snapshot', 'deny', '--review-heap', '1024', '--review-deadline', '60']);
    const { status, answer } = await send(webhook, pki, reviewOfPair('too-complex', wideUnion(300)));
    expect(status).toBe(200);
    await expectJudgedUnusable(webhook, 'too-complex', answer, /could not be compared: a schema is too complex to compare \(over 1,000,000 steps/);
    const next = await send(webhook, pki, reviewOfPair('after-too-complex', breakingWith({ type: 'object' })));
    expect(next.answer).toMatchObject({ uid: 'after-too-complex', allowed: false, auditAnnotations: { decision: 'deny', 'breaking-findings': '1' } });
  });
});

describe('a review never stalls the webhook', () => {
  // The costliest review the webhook can get: both annotations at the 8 MB decode cap. (A 24-level $defs chain,
  // once the worst, is now diffed at once thanks to the engine's memoisation.)
  it("the costliest review (two 10 KB annotations inflating to 7.6 MB each) with the shipped limits: stopped by the worker's heap or the deadline, /healthz answers while it runs, RSS stays under the limit", { timeout: 60_000 }, async () => {
    const { pki, webhook } = await start(['--mode', 'enforce', '--missing-snapshot', 'deny']);
    let reviewDone = false;
    const review = send(webhook, pki, reviewOfAnnotations('worst', enumBomb('worst-base'), enumBomb('worst'))).finally(() => (reviewDone = true));
    // Health checks answered before the review's answer prove the event loop was free while the review ran.
    let healthyDuringReview = 0;
    while (!reviewDone) {
      const health = await httpsRequest(webhook.port, pki.ca, { method: 'GET', path: '/healthz' });
      expect(health.status).toBe(200);
      if (!reviewDone) healthyDuringReview++;
    }
    expect(healthyDuringReview).toBeGreaterThan(0);
    const { answer } = await review;
    await expectJudgedUnusable(webhook, 'worst', answer, /review worker's 64 MiB heap|3 s review deadline/);
    expect(peakRssMiB(webhook.child.pid!)).toBeLessThan(deploymentMemoryLimitMiB());
  });

  it('100 distinct 10 KB annotations that each inflate to 7.6 MB, 16 at a time: every one answered, RSS stays under the limit', { timeout: 600_000 }, async () => {
    const { pki, webhook } = await start(['--mode', 'enforce', '--missing-snapshot', 'deny']);
    const base = annotationOf(breakingWith({ type: 'object' }).base);
    const answered: string[] = [];
    let sent = 0;
    // Each lane builds its next review when it sends it, so building overlaps with the webhook's work.
    const lane = async (): Promise<void> => {
      for (let i = sent++; i < 100; i = sent++) {
        const uid = `bomb-${i}`;
        const { status, answer } = await send(webhook, pki, reviewOfAnnotations(uid, base, enumBomb(i)));
        expect(status).toBe(200);
        expect(answer?.uid).toBe(uid);
        answered.push(uid);
      }
    };
    // 16 in flight: twice the reviews waiting (their deadline counts queueing) per worker replaced, so the run takes
    // half as long as with 8, and more of them in memory at once.
    await Promise.all(Array.from({ length: 16 }, lane));
    expect(answered).toHaveLength(100);
    expect(peakRssMiB(webhook.child.pid!)).toBeLessThan(deploymentMemoryLimitMiB());
  });
});

/** Opens `count` TLS connections that finish the handshake (or are refused) and then send nothing. */
async function silentConnections(port: number, count: number): Promise<{ sockets: TLSSocket[]; handshaken: number }> {
  const sockets: TLSSocket[] = [];
  let handshaken = 0;
  await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<void>((resolve) => {
          const socket = connect({ host: '127.0.0.1', port, servername: SERVICE_DNS, rejectUnauthorized: false }, () => {
            handshaken++;
            resolve();
          });
          socket.on('error', () => resolve());
          socket.on('close', () => resolve());
          // Flowing, so the server's close is seen (a paused socket never emits 'end').
          socket.resume();
          sockets.push(socket);
        }),
    ),
  );
  return { sockets, handshaken };
}

const openCount = (sockets: TLSSocket[]): number => sockets.filter((s) => !s.destroyed && !s.readableEnded).length;

async function until(condition: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!condition() && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  return condition();
}

describe('connections', () => {
  it('200 silent TLS connections with the defaults: /healthz still answers, and the server closes them all (idle timeout 10 s)', { timeout: 150_000 }, async () => {
    const { pki, webhook } = await start([]);
    const { sockets, handshaken } = await silentConnections(webhook.port, 200);
    expect(handshaken).toBe(200);
    expect((await httpsRequest(webhook.port, pki.ca, { method: 'GET', path: '/healthz' })).status).toBe(200);
    // Bounded only to prove that it ends: 10x the idle timeout.
    expect(await until(() => openCount(sockets) === 0, 100_000)).toBe(true);
  });

  it('--max-connections 20: connections over the cap are closed at once; --idle-timeout 1 closes the rest', { timeout: 60_000 }, async () => {
    const { pki, webhook } = await start(['--max-connections', '20', '--idle-timeout', '1']);
    const { sockets } = await silentConnections(webhook.port, 50);
    expect(openCount(sockets)).toBeLessThanOrEqual(20);
    expect(await until(() => openCount(sockets) === 0, 10_000)).toBe(true);
    expect((await httpsRequest(webhook.port, pki.ca, { method: 'GET', path: '/healthz' })).status).toBe(200);
  });
});
