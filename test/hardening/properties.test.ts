// Property-based tests (fast-check) over the core's boundaries: the diff on any pair of canonical snapshots,
// snapshot parsing and policy loading on arbitrary text, and the webhook's review handling on arbitrary reviews.
// Bad input must end as a result or a UsageError / an HTTP 400, never as another exception.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../src/diff/index.js';
import { RULES, ruleById } from '../../src/diff/rules.js';
import type { Finding } from '../../src/diff/types.js';
import { UsageError } from '../../src/errors.js';
import { DEFAULT_POLICY, applyPolicy, formatSubject, loadPolicy, parsePolicy } from '../../src/policy/index.js';
import { encodeSnapshotAnnotation, SNAPSHOT_ANNOTATION, SNAPSHOT_CONFIGMAP_ANNOTATION } from '../../src/snapshot/annotation.js';
import { parseSnapshot, serializeSnapshot } from '../../src/snapshot/index.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { parseAdmissionReview } from '../../webhook/src/admission.js';
import { decide, type DecisionSettings } from '../../webhook/src/decide.js';
import { MISSING_SNAPSHOT_ACTIONS, MODES } from '../../webhook/src/modes.js';
import { handleReviewBody } from '../../webhook/src/review-handler.js';
import type { SnapshotLookup } from '../../webhook/src/snapshot-source.js';
import { jsonValue, keyShuffled, rawSnapshotArb, snapshotArb, snapshotPairArb, toSnapshot, toolBodyArb, withSdkNoise } from './arbitraries.js';

const RUNS = { numRuns: 150 };

/** Resolves an RFC 6901 pointer in a value; undefined when a token does not exist. */
function resolvePointer(root: unknown, pointer: string): unknown {
  if (pointer === '') return root;
  let value: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, token)) return undefined;
    value = (value as Record<string, unknown>)[token];
  }
  return value;
}

function checkWellFormed(findings: Finding[], base: Snapshot, head: Snapshot): void {
  for (const f of findings) {
    const rule = ruleById(f.rule);
    expect(rule, `unknown rule ${f.rule}`).toBeDefined();
    expect(f.severity).toBe(rule!.severity);
    expect(f.fingerprint).toMatch(/^[0-9a-f]{12}$/);
    expect(typeof f.message).toBe('string');
    expect(f.message).not.toMatch(/\n/);
    // Pointers are how reports find the line: each must resolve in its own snapshot.
    if (f.pointer.before !== undefined) expect(resolvePointer(base, f.pointer.before), `${f.rule} before ${f.pointer.before}`).not.toBeUndefined();
    if (f.pointer.after !== undefined) expect(resolvePointer(head, f.pointer.after), `${f.rule} after ${f.pointer.after}`).not.toBeUndefined();
  }
}

const prototypeNames = Object.getOwnPropertyNames(Object.prototype).sort();

afterAll(() => {
  // No property or tool name above (`__proto__`, `constructor`, `prototype`) may have reached Object.prototype.
  expect((({}) as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeNames);
});

describe('diffSnapshots on canonical snapshot pairs', () => {
  it('never throws, and every finding is well-formed (known rule, catalogue severity, 12-hex fingerprint, resolving pointers)', () => {
    fc.assert(
      fc.property(snapshotPairArb, ({ base, head }) => {
        const findings = diffSnapshots(base, head);
        checkWellFormed(findings, base, head);
        checkWellFormed(diffSnapshots(head, base), head, base);
      }),
      RUNS,
    );
  });

  it('is deterministic: the same pair, or a deep copy of it, gives the same findings in the same order', () => {
    fc.assert(
      fc.property(snapshotPairArb, ({ base, head }) => {
        const first = diffSnapshots(base, head);
        expect(diffSnapshots(base, head)).toEqual(first);
        expect(diffSnapshots(structuredClone(base), structuredClone(head))).toEqual(first);
      }),
      RUNS,
    );
  });

  it('diff(a, a) and diff(a, copy of a) are empty', () => {
    fc.assert(
      fc.property(snapshotArb, (a) => {
        expect(diffSnapshots(a, a)).toEqual([]);
        expect(diffSnapshots(a, structuredClone(a))).toEqual([]);
      }),
      RUNS,
    );
  });

  it('diff(a, keyShuffled(a)) is empty, and shuffled keys change no finding of a real pair', () => {
    fc.assert(
      fc.property(snapshotPairArb, fc.integer(), ({ base, head }, seed) => {
        expect(diffSnapshots(base, keyShuffled(base, seed))).toEqual([]);
        expect(diffSnapshots(keyShuffled(head, seed + 1), head)).toEqual([]);
        // Messages quote values in the key order they were given (canonical snapshots have sorted keys); every
        // other field, the order of findings included, must not depend on key order.
        const withoutMessage = (findings: Finding[]) => findings.map(({ message: _message, ...rest }) => rest);
        expect(withoutMessage(diffSnapshots(keyShuffled(base, seed), keyShuffled(head, seed + 1)))).toEqual(withoutMessage(diffSnapshots(base, head)));
      }),
      RUNS,
    );
  });

  it('canonicalisation is idempotent: serialize(parse(serialize(a))) is the same bytes, whatever the key order', () => {
    fc.assert(
      fc.property(rawSnapshotArb, fc.integer(), (raw, seed) => {
        const bytes = serializeSnapshot(toSnapshot(raw));
        expect(serializeSnapshot(parseSnapshot(bytes))).toBe(bytes);
        expect(serializeSnapshot(toSnapshot(keyShuffled(raw, seed)))).toBe(bytes);
      }),
      RUNS,
    );
  });

  it('SDK noise anywhere in a schema is removed and nothing else is: the same bytes as without it', () => {
    fc.assert(
      fc.property(rawSnapshotArb, fc.integer(), (raw, seed) => {
        const bytes = serializeSnapshot(toSnapshot(raw));
        // Also from canonical text with noise added: canonicalisation copies only what it must change.
        expect(serializeSnapshot(toSnapshot(withSdkNoise(raw, seed)))).toBe(bytes);
        expect(serializeSnapshot(toSnapshot(withSdkNoise(JSON.parse(bytes), seed)))).toBe(bytes);
      }),
      RUNS,
    );
  });

  it('fingerprints are stable: the same findings get the same fingerprints after an unrelated tool shifts every list index', () => {
    fc.assert(
      fc.property(snapshotPairArb, toolBodyArb, ({ base, head }, body) => {
        // '!' sorts before every generated name: the tool lands at index 0 and moves every other tool's pointer.
        const unrelated = { name: '!unrelated', ...body };
        const shiftedBase = toSnapshot({ ...base, tools: [unrelated, ...base.tools] });
        const shiftedHead = toSnapshot({ ...head, tools: [unrelated, ...head.tools] });
        const key = (f: Finding) => `${f.fingerprint} ${f.rule} ${f.subject.kind}:${f.subject.name}`;
        const original = diffSnapshots(base, head).map(key).sort();
        expect(diffSnapshots(shiftedBase, shiftedHead).map(key).sort()).toEqual(original);
      }),
      RUNS,
    );
  });
});

describe('parseSnapshot on arbitrary text: a Snapshot or a UsageError, nothing else', () => {
  const parsesOrUsageError = (text: string): void => {
    try {
      const snapshot = parseSnapshot(text, 'fuzz');
      expect(snapshot.format).toBe(1);
      expect(Array.isArray(snapshot.tools)).toBe(true);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      expect(error.message.startsWith('fuzz')).toBe(true);
      expect(error.message).not.toMatch(/\n/);
    }
  };

  it('any string', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), parsesOrUsageError), { numRuns: 300 });
  });

  it('any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => parsesOrUsageError(JSON.stringify(value))), { numRuns: 300 });
  });

  it('snapshot-shaped JSON with any field replaced by any value (envelopes, bare lists, wrong types)', () => {
    const anything = fc.oneof(jsonValue, fc.constant(undefined));
    const mutated = fc.record(
      {
        jsonrpc: fc.constant('2.0'),
        format: fc.oneof(fc.constant(1), anything),
        server: fc.oneof(fc.record({ name: fc.oneof(fc.string(), anything), version: fc.oneof(fc.string(), anything) }), anything),
        capabilities: anything,
        tools: fc.oneof(fc.array(fc.oneof(fc.record({ name: fc.oneof(fc.string(), anything), inputSchema: anything, outputSchema: anything, annotations: anything }, { requiredKeys: [] }), anything)), anything),
        prompts: fc.oneof(fc.array(fc.oneof(fc.record({ name: fc.string(), arguments: anything }, { requiredKeys: [] }), anything)), anything),
        resourceTemplates: fc.oneof(fc.array(fc.oneof(fc.record({ name: fc.string(), uriTemplate: anything }, { requiredKeys: [] }), anything)), anything),
      },
      { requiredKeys: [] },
    );
    const envelope = fc.oneof(mutated, mutated.map((result) => ({ jsonrpc: '2.0', id: 1, result })), mutated.map((error) => ({ jsonrpc: '2.0', id: 1, error })));
    fc.assert(fc.property(envelope, (value) => parsesOrUsageError(JSON.stringify(value))), { numRuns: 400 });
  });

  it('deep nesting at any depth (up to 10,000) never overflows the stack', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.constantFrom('[', '{"a":'), (depth, open) => {
        const close = open === '[' ? ']' : '}';
        parsesOrUsageError(`{"tools":[{"name":"t","inputSchema":{"type":"object","x":${open.repeat(depth)}1${close.repeat(depth)}}}]}`);
      }),
      { numRuns: 40 },
    );
  });
});

describe('loadPolicy on arbitrary YAML: a Policy or a UsageError', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mdg-hardening-policy-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const anything = fc.oneof(jsonValue, fc.constantFrom('breaking', 'warning', 'safe', 'never', 'off', '2020-01-01', '2999-12-31', 'not-a-date'));
  const policyish = fc.record(
    {
      failOn: anything,
      rules: fc.oneof(fc.dictionary(fc.constantFrom('tool-removed', 'input-required-added', 'no-such-rule', '__proto__'), anything, { noNullPrototype: true }), anything),
      ignore: fc.oneof(
        fc.array(
          fc.record(
            { fingerprint: fc.oneof(fc.stringMatching(/^[0-9a-f]{12}$/), anything), rule: anything, subject: fc.oneof(fc.constantFrom('tool:get_forecast', 'prompt:x', 'nonsense'), anything), reason: anything, expires: anything, extra: anything },
            { requiredKeys: [] },
          ),
          { maxLength: 3 },
        ),
        anything,
      ),
      unknownKey: anything,
    },
    { requiredKeys: [] },
  );
  const yamlText = fc.oneof(
    policyish.map((p) => stringify(p)),
    // Truncated or spliced YAML, anchors and aliases, tags, tabs, flow syntax.
    fc.tuple(policyish.map((p) => stringify(p)), fc.nat()).map(([text, cut]) => text.slice(0, cut % (text.length + 1))),
    fc.constantFrom('a: &x [*x]', 'failOn: !!binary aGVsbG8=', '\tfailOn: breaking', '{failOn: [', 'x: &a [1]\ny: *a\nz: *b', '---\n---\n', '~', '- 1\n- 2', 'failOn: breaking\nfailOn: warning'),
    fc.string({ unit: 'binary', maxLength: 120 }),
  );

  const check = (policy: unknown): void => {
    expect(['breaking', 'warning', 'never']).toContain((policy as { failOn: unknown }).failOn);
    expect(Array.isArray((policy as { ignore: unknown }).ignore)).toBe(true);
  };

  it('parsePolicy (the text path every loader goes through)', () => {
    fc.assert(
      fc.property(yamlText, (text) => {
        try {
          check(parsePolicy(text, 'fuzz.yml'));
        } catch (error) {
          if (!(error instanceof UsageError)) throw error;
          expect(error.message.startsWith('fuzz.yml')).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('loadPolicy from a file', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(yamlText, async (text) => {
        const file = join(dir, `policy-${n++}.yml`);
        writeFileSync(file, text);
        try {
          check(await loadPolicy(file));
        } catch (error) {
          if (!(error instanceof UsageError)) throw error;
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('applyPolicy on the findings of any pair and any valid policy', () => {
  const policyArb = fc
    .record({
      failOn: fc.constantFrom('breaking', 'warning', 'never'),
      overrides: fc.array(fc.tuple(fc.constantFrom(...RULES.map((r) => r.id)), fc.constantFrom('breaking', 'warning', 'safe', 'off')), { maxLength: 6 }),
      ignores: fc.array(
        fc.record({ pick: fc.nat(), byFingerprint: fc.boolean(), expires: fc.constantFrom(undefined, '2000-01-01', '2999-12-31') }),
        { maxLength: 4 },
      ),
    });

  it('partitions the findings (kept, ignored, off), applies overrides, and fails exactly when a kept finding reaches failOn', () => {
    fc.assert(
      fc.property(snapshotPairArb, policyArb, ({ base, head }, p) => {
        const findings = diffSnapshots(base, head);
        const ignore = findings.length === 0 ? [] : p.ignores.map(({ pick, byFingerprint, expires }) => {
          const f = findings[pick % findings.length]!;
          const entry = byFingerprint ? { fingerprint: f.fingerprint } : { rule: f.rule, subject: formatSubject(f.subject) };
          return { ...entry, reason: 'accepted in review', ...(expires ? { expires } : {}) };
        });
        // Through the validator, as a file would arrive.
        const policy = parsePolicy(stringify({ failOn: p.failOn, rules: Object.fromEntries(p.overrides), ignore }), 'policy.yml');
        const now = new Date('2026-06-01T00:00:00Z');
        const result = applyPolicy(findings, policy, now);
        expect(applyPolicy(findings, policy, now)).toEqual(result);
        const off = findings.filter((f) => policy.rules[f.rule] === 'off').length;
        expect(result.findings.length + result.ignored.length + off).toBe(findings.length);
        for (const f of [...result.findings, ...result.ignored.map((i) => i.finding)]) {
          const setting = policy.rules[f.rule];
          expect(f.severity).toBe(setting !== undefined && setting !== 'off' ? setting : ruleById(f.rule)!.severity);
        }
        for (const i of result.ignored) expect(i.reason).toBe('accepted in review');
        const order = { breaking: 0, warning: 1, safe: 2 } as const;
        const failing = p.failOn !== 'never' && result.findings.some((f) => order[f.severity] <= order[p.failOn as keyof typeof order]);
        expect(result.failed).toBe(failing);
        // An expired ignore never hides anything, and says so.
        expect(result.notices.length).toBe(policy.ignore.filter((e) => e.expires === '2000-01-01').length);
      }),
      RUNS,
    );
  });
});

describe('the webhook on arbitrary AdmissionReviews: the uid echoed or a 400, never a throw', () => {
  const snapshots = fc.sample(snapshotArb, { numRuns: 6, seed: 42 });
  const encoded = snapshots.map((s) => encodeSnapshotAnnotation(s));
  const lookup: SnapshotLookup = {
    configMapData: (namespace, name) => (name === 'snapshots' ? { 'mcp-snapshot.json': serializeSnapshot(snapshots[0]!), broken: '{"tools": 3}' } : undefined),
  };
  const anything = fc.oneof(jsonValue, fc.constant(undefined));
  const annotationValue = fc.oneof(fc.constantFrom(...encoded), fc.constantFrom('', 'not base64!', 'H4sIAAAAAAAAA', encoded[0]!.slice(0, 40)), fc.string());
  const templateArb = fc.record(
    {
      metadata: fc.record(
        {
          annotations: fc.oneof(
            fc
              .record(
                {
                  snapshot: annotationValue,
                  configmap: fc.constantFrom('snapshots', 'snapshots/broken', 'snapshots/missing', 'nope', 'Bad Name', '../x'),
                  allow: fc.constantFrom('hotfix approved by on-call', '', '   '),
                },
                { requiredKeys: [] },
              )
              .map((a) => ({
                ...(a.snapshot !== undefined ? { [SNAPSHOT_ANNOTATION]: a.snapshot } : {}),
                ...(a.configmap !== undefined ? { [SNAPSHOT_CONFIGMAP_ANNOTATION]: a.configmap } : {}),
                ...(a.allow !== undefined ? { 'mcp-drift-guard.io/allow-breaking': a.allow } : {}),
              })),
            anything,
          ),
          labels: anything,
        },
        { requiredKeys: [] },
      ),
      spec: fc.oneof(fc.constant({ containers: [{ name: 'mcp', image: 'ghcr.io/example/mcp:1' }] }), anything),
    },
    { requiredKeys: [] },
  );
  const workloadArb = fc.oneof(
    { weight: 4, arbitrary: fc.record(
      {
        apiVersion: fc.constantFrom('apps/v1', 'argoproj.io/v1alpha1'),
        kind: fc.constantFrom('Deployment', 'StatefulSet', 'Rollout'),
        metadata: fc.record(
          {
            name: fc.oneof(fc.constantFrom('weather-mcp', '__proto__'), anything),
            namespace: fc.oneof(fc.constant('shop'), anything),
            labels: fc.oneof(fc.constant({ 'mcp-drift-guard.io/enabled': 'true' }), fc.constant({ 'mcp-drift-guard.io/enabled': 'false' }), anything),
            annotations: anything,
          },
          { requiredKeys: [] },
        ),
        spec: fc.record(
          {
            template: fc.oneof({ weight: 4, arbitrary: templateArb }, { weight: 1, arbitrary: anything }),
            strategy: fc.oneof(fc.constantFrom({ type: 'RollingUpdate' }, { type: 'Recreate' }, { blueGreen: { activeService: 'a' } }, { canary: {} }), anything),
            updateStrategy: fc.oneof(fc.constantFrom({ type: 'OnDelete' }, { type: 'RollingUpdate' }), anything),
            selector: anything,
          },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    ) },
    { weight: 1, arbitrary: anything },
  );
  const gvk = fc.oneof(
    fc.constantFrom({ group: 'apps', version: 'v1', kind: 'Deployment' }, { group: 'apps', version: 'v1', kind: 'StatefulSet' }, { group: 'argoproj.io', version: 'v1alpha1', kind: 'Rollout' }, { group: '', version: 'v1', kind: 'Pod' }),
    anything,
  );
  const requestArb = fc.record(
    {
      uid: fc.oneof({ weight: 5, arbitrary: fc.uuid() }, { weight: 1, arbitrary: anything }),
      kind: gvk,
      resource: fc.oneof(fc.constantFrom({ group: 'apps', version: 'v1', resource: 'deployments' }, { group: 'argoproj.io', version: 'v1alpha1', resource: 'rollouts' }), anything),
      subResource: fc.oneof(fc.constantFrom('scale', 'status'), anything),
      name: anything,
      namespace: fc.oneof(fc.constant('shop'), anything),
      operation: fc.oneof({ weight: 5, arbitrary: fc.constantFrom('UPDATE', 'CREATE', 'DELETE', 'CONNECT') }, { weight: 1, arbitrary: anything }),
      userInfo: anything,
      object: workloadArb,
      oldObject: workloadArb,
      dryRun: fc.oneof(fc.boolean(), anything),
    },
    { requiredKeys: ['uid', 'kind', 'resource', 'operation'] },
  );
  const reviewArb = fc.oneof(
    { weight: 6, arbitrary: requestArb.map((request) => ({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request })) },
    { weight: 1, arbitrary: fc.record({ apiVersion: fc.oneof(fc.constantFrom('admission.k8s.io/v1', 'admission.k8s.io/v1beta1'), anything), kind: fc.oneof(fc.constant('AdmissionReview'), anything), request: fc.oneof(requestArb, anything) }, { requiredKeys: [] }) },
  );
  const settingsArb = fc.record({
    mode: fc.constantFrom(...MODES),
    missingSnapshot: fc.constantFrom(...MISSING_SNAPSHOT_ACTIONS),
    policy: fc.constantFrom(DEFAULT_POLICY, parsePolicy('failOn: warning\n', 'p.yml'), parsePolicy('failOn: never\n', 'p.yml'), parsePolicy('rules:\n  tool-removed: off\n', 'p.yml')),
  }) as fc.Arbitrary<DecisionSettings>;

  it('handleReviewBody: HTTP 200 with the uid echoed (v1, allowed boolean, no patch), or a 400 with a reason', () => {
    fc.assert(
      fc.property(reviewArb, settingsArb, (review, settings) => {
        const handled = handleReviewBody(JSON.stringify(review), settings, lookup);
        if (handled.status === 200) {
          const body = JSON.parse(handled.body) as { apiVersion: string; kind: string; response: Record<string, unknown> };
          expect(body.apiVersion).toBe('admission.k8s.io/v1');
          expect(body.kind).toBe('AdmissionReview');
          expect(body.response.uid).toBe((review.request as { uid: unknown }).uid);
          expect(typeof body.response.allowed).toBe('boolean');
          expect(body.response.patch).toBeUndefined();
          expect(body.response.patchType).toBeUndefined();
          if (body.response.allowed === false) expect((body.response.status as { message: string }).message.length).toBeGreaterThan(0);
          for (const w of (body.response.warnings as string[] | undefined) ?? []) expect(w.length).toBeLessThanOrEqual(256 * 4);
        } else {
          expect(handled.status).toBe(400);
          expect(handled.error).toEqual(expect.any(String));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('decide on every request that passes the wire-format check: the uid echoed, never a throw', () => {
    fc.assert(
      fc.property(requestArb, settingsArb, (request, settings) => {
        let parsed;
        try {
          parsed = parseAdmissionReview({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request });
        } catch {
          return;
        }
        const decision = decide(parsed, settings, lookup);
        expect(decision.response.uid).toBe(request.uid);
        expect(decision.outcome === 'deny').toBe(!decision.response.allowed);
      }),
      { numRuns: 300 },
    );
  });

  it('any bytes as a body: a 400, never a throw', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)), fc.string({ unit: 'binary' })), (body) => {
        const handled = handleReviewBody(body, { mode: 'enforce', missingSnapshot: 'deny', policy: DEFAULT_POLICY }, lookup);
        expect([200, 400]).toContain(handled.status);
      }),
      { numRuns: 200 },
    );
  });
});
