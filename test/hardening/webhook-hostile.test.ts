// Hostile AdmissionReviews: anyone who can edit a workload shapes what the webhook parses. Deep nesting and
// prototype keys must still get a decision (never a 500, which failurePolicy Ignore turns into an unchecked
// admission), in bounded time, over the wire as through the handler.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../src/policy/index.js';
import { handleReviewBody } from '../../webhook/src/review-handler.js';
import { admit, httpsRequest, makePki, startWebhook, type Pki, type RunningWebhook } from '../fixtures/webhook/apiserver-caller.js';
import { review, snapshotV1, snapshotV2, version } from '../fixtures/webhook/reviews.js';

const settings = { mode: 'enforce', missingSnapshot: 'deny', policy: DEFAULT_POLICY } as const;
const lookup = { configMapData: () => undefined };

/** JSON text nested `depth` levels deep (JSON.stringify itself would overflow on such a value). */
const nestedJson = (depth: number): string => `${'{"a":'.repeat(depth)}"leaf"${'}'.repeat(depth)}`;
const DEEP = '__deep__';
/** The review's JSON text with `"__deep__"` replaced by a `depth`-deep value. */
const withDeep = (value: unknown, depth: number): string => JSON.stringify(value).replaceAll(`"${DEEP}"`, nestedJson(depth));

/** A breaking update (v1 -> v2 removes a tool) whose new pod template also carries `extra`. */
function breakingWith(extra: (template: Record<string, any>) => void) { // eslint-disable-line @typescript-eslint/no-explicit-any
  const object = version('Deployment', { snapshot: snapshotV2() });
  extra(object.spec.template);
  return review('Deployment', { object, oldObject: version('Deployment', { snapshot: snapshotV1() }) });
}

const prototypeNames = Object.getOwnPropertyNames(Object.prototype).sort();

describe('the handler', () => {
  it.each([10_000, 100_000])('a %i-deep field in the pod template: still denied, no stack overflow', (depth) => {
    const body = withDeep(breakingWith((t) => (t.spec.extra = DEEP)), depth);
    const started = performance.now();
    const handled = handleReviewBody(body, settings, lookup);
    // Proves only that it ends: 5-10 times the idle time, as a loaded machine is several times slower.
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(handled.status).toBe(200);
    expect(JSON.parse(handled.body).response.allowed).toBe(false);
  });

  it('the same deep template on both sides is an unchanged template (allowed fast)', () => {
    const object = version('Deployment', { snapshot: snapshotV1() });
    object.spec.template.spec.extra = DEEP;
    const handled = handleReviewBody(withDeep(review('Deployment', { object, oldObject: structuredClone(object) }), 50_000), settings, lookup);
    expect(handled.status).toBe(200);
    expect(handled.decision?.reason).toBe('template-unchanged');
  });

  it('__proto__ / constructor keys in labels, annotations and the template: a normal decision, no pollution', () => {
    const body = JSON.stringify(breakingWith(() => undefined))
      .replace('"labels":{', '"labels":{"__proto__":{"mcp-drift-guard.io/enabled":"false","polluted":"yes"},"constructor":"x",')
      .replace('"annotations":{', '"annotations":{"__proto__":{"mcp-drift-guard.io/allow-breaking":"sneaky"},"constructor":{"prototype":{"polluted":"yes"}},');
    const handled = handleReviewBody(body, settings, lookup);
    expect(handled.status).toBe(200);
    const response = JSON.parse(handled.body).response;
    // The opt-in label and the real snapshot still count; the smuggled allow-breaking does not.
    expect(response.allowed).toBe(false);
    expect((({}) as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeNames);
  });

  it('a 1 MB uid is echoed', () => {
    const r = breakingWith(() => undefined);
    r.request.uid = 'u'.repeat(1024 * 1024);
    const handled = handleReviewBody(JSON.stringify(r), settings, lookup);
    expect(JSON.parse(handled.body).response.uid).toBe(r.request.uid);
  });
});

describe('over the wire', () => {
  let pki: Pki;
  let webhook: RunningWebhook;
  beforeAll(async () => {
    pki = makePki();
    webhook = await startWebhook(pki, ['--mode', 'enforce']);
  }, 60_000);
  afterAll(() => {
    webhook?.child.kill('SIGKILL');
    pki?.cleanup();
  });

  it('a 100,000-deep pod template (1.2 MB, under the body limit) is denied like any breaking update, and the server lives on', async () => {
    const deep = breakingWith((t) => (t.spec.extra = DEEP));
    const res = await httpsRequest(webhook.port, pki.ca, {
      method: 'POST',
      path: '/validate?timeout=5s',
      headers: { 'content-type': 'application/json' },
      body: withDeep(deep, 100_000),
    });
    expect(res.status).toBe(200);
    const result = (JSON.parse(res.body) as { response: { uid: string; allowed: boolean } }).response;
    expect(result.uid).toBe(deep.request.uid);
    expect(result.allowed).toBe(false);
    expect(webhook.logs.filter((l) => l.msg === 'the decision failed')).toEqual([]);
    expect((await admit(webhook.port, pki.ca, breakingWith(() => undefined))).allowed).toBe(false);
  });
});
