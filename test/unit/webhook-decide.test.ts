// Every row of DESIGN.md's admission table, decided by the pure decision function on kubectl-made workloads.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULT_POLICY, parsePolicy, type Policy } from '../../src/policy/index.js';
import { serializeSnapshot } from '../../src/snapshot/index.js';
import { parseAdmissionReview, toAdmissionResponse, type AdmissionRequest } from '../../webhook/src/admission.js';
import { applyMode } from '../../webhook/src/apply-mode.js';
import type { Verdict } from '../../webhook/src/evaluate.js';
import { decide, type DecisionSettings } from '../../webhook/src/decide.js';
import { MAX_WARNINGS_TOTAL } from '../../webhook/src/message.js';
import { SnapshotCache } from '../../webhook/src/snapshot-cache.js';
import type { SnapshotLookup } from '../../webhook/src/snapshot-source.js';
import {
  manyTools,
  review,
  snapshotV1,
  snapshotV1Compatible,
  snapshotV2,
  version,
  type FixtureKind,
} from '../fixtures/webhook/reviews.js';

const noConfigMaps: SnapshotLookup = { configMapData: () => undefined };
const settings = (over: Partial<DecisionSettings> = {}): DecisionSettings => ({ mode: 'enforce', missingSnapshot: 'warn', policy: DEFAULT_POLICY, ...over });

/** Workload lint warnings (src/lint) are prefixed with their rule id; the webhook's own start "mcp-drift-guard:". */
const LINT_WARNING = /^mcp-drift-guard [a-z0-9-]+: /;
const mcpWarnings = (d: { response: { warnings?: string[] } }) => (d.response.warnings ?? []).filter((w) => !LINT_WARNING.test(w));

function request(body: unknown): AdmissionRequest {
  return parseAdmissionReview(body);
}

function update(kind: FixtureKind, before: Parameters<typeof version>[1], after: Parameters<typeof version>[1], opts: Parameters<typeof version>[2] = {}) {
  return request(review(kind, { oldObject: version(kind, before, opts), object: version(kind, after, opts) }));
}

const breakingUpdate = (kind: FixtureKind = 'Deployment', opts: Parameters<typeof version>[2] = {}) =>
  update(kind, { snapshot: snapshotV1() }, { snapshot: snapshotV2() }, opts);

describe('fast allows: nothing that changes which tools clients see', () => {
  it('CREATE, DELETE and CONNECT are allowed without looking at snapshots', () => {
    for (const operation of ['CREATE', 'DELETE', 'CONNECT'] as const) {
      const obj = version('Deployment', { annotation: 'garbage' });
      const r = request(review('Deployment', { operation, object: operation === 'DELETE' ? null : obj, oldObject: operation === 'DELETE' ? obj : null }));
      const d = decide(r, settings({ missingSnapshot: 'deny' }), noConfigMaps);
      expect(d.response).toEqual({ uid: r.uid, allowed: true });
      expect(d.reason).toBe('not-update');
    }
  });

  it('a scale through the /scale subresource is allowed', () => {
    const scale = { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'weather-mcp', namespace: 'shop' }, spec: { replicas: 5 } };
    const r = request(review('Deployment', { object: scale, oldObject: { ...scale, spec: { replicas: 3 } }, subResource: 'scale' }));
    expect(decide(r, settings(), noConfigMaps).response.allowed).toBe(true);
  });

  it('replicas and label changes keep the template: allowed even with a breaking snapshot pair elsewhere', () => {
    const old = version('Deployment', { snapshot: snapshotV1() });
    const scaled = version('Deployment', { snapshot: snapshotV1() });
    scaled.spec.replicas = 10;
    scaled.metadata.labels.team = 'search';
    const d = decide(request(review('Deployment', { oldObject: old, object: scaled })), settings(), noConfigMaps);
    expect([d.response.allowed, d.reason, d.response.warnings]).toEqual([true, 'template-unchanged', undefined]);
  });

  it('workloads without the opt-in label are allowed', () => {
    const d = decide(breakingUpdate('Deployment', { enabled: false }), settings(), noConfigMaps);
    expect([d.response.allowed, d.reason]).toEqual([true, 'not-enabled']);
  });

  it('kinds other than Deployment, StatefulSet and Rollout are allowed', () => {
    const r = breakingUpdate();
    r.kind = { group: 'apps', version: 'v1', kind: 'DaemonSet' };
    expect(decide(r, settings(), noConfigMaps).reason).toBe('not-guarded-kind');
  });
});

describe('breaking change under a rolling update', () => {
  it.each(['Deployment', 'StatefulSet', 'Rollout'] as const)('%s: enforce denies with a 403 that says what, why and how', (kind) => {
    const r = breakingUpdate(kind);
    const d = decide(r, settings({ mode: 'enforce' }), noConfigMaps);
    expect(d.response.uid).toBe(r.uid);
    expect(d.response.allowed).toBe(false);
    expect(d.response.status?.code).toBe(403);
    expect(d.response).not.toHaveProperty('patch');
    const message = d.response.status?.message ?? '';
    const [first] = message.split('\n');
    const name = r.name!;
    expect(first).toContain(`${kind} shop/${name} would roll out 1 breaking MCP change (weather 1.0.0 -> weather 2.0.0)`);
    expect(first).toMatch(/old and new pods side by side/);
    expect(message).toMatch(/\n {2}- [a-z-]+: .*get_alerts.* \[[0-9a-f]{12}\]\n/);
    if (kind !== 'StatefulSet') expect(message).toContain('activeService: ' + name);
    expect(message).toContain('mcp-drift-guard.io/allow-breaking');
    expect(d.response.auditAnnotations).toEqual({ decision: 'deny', 'breaking-findings': '1' });
  });

  it('the Deployment recipe fills in the real names: green Deployment and the Service selector switch', () => {
    const message = decide(breakingUpdate('Deployment'), settings(), noConfigMaps).response.status?.message ?? '';
    expect(message).toContain('apply the new version as deployment weather-mcp-green');
    expect(message).toContain('kubectl -n shop rollout status deployment/weather-mcp-green');
    expect(message).toContain(`kubectl -n shop patch service weather-mcp --type merge -p '{"spec":{"selector":{"app":"weather-mcp-green"}}}'`);
    expect(message).toMatch(/workloadRef:\n\s+apiVersion: apps\/v1\n\s+kind: Deployment\n\s+name: weather-mcp\n/);
    expect(message).toMatch(/selector:\n\s+matchLabels:\n\s+app: "weather-mcp"\n/);
  });

  it('a StatefulSet with OnDelete still overlaps versions and is denied', () => {
    const d = decide(breakingUpdate('StatefulSet', { strategy: { type: 'OnDelete' } }), settings(), noConfigMaps);
    expect(d.response.allowed).toBe(false);
    expect(d.response.status?.message).toContain('OnDelete');
  });

  it('lists ten findings, then "and N more"', () => {
    const d = decide(update('Deployment', { snapshot: manyTools(20, '1') }, { snapshot: { ...manyTools(20, '2'), tools: manyTools(20, '2').tools.slice(0, 5) } }), settings(), noConfigMaps);
    const message = d.response.status?.message ?? '';
    expect(message.split('\n')[0]).toContain('15 breaking MCP changes');
    expect(message.split('\n').filter((l) => l.startsWith('  - '))).toHaveLength(10);
    expect(message).toContain('  ... and 5 more');
  });

  it('warn mode (the default) allows with short one-line warnings and an audit annotation', () => {
    const d = decide(breakingUpdate(), settings({ mode: 'warn' }), noConfigMaps);
    expect(d.response.allowed).toBe(true);
    expect(d.outcome).toBe('warn');
    expect(mcpWarnings(d).length).toBeGreaterThanOrEqual(2);
    for (const w of mcpWarnings(d)) {
      expect(w.length).toBeLessThanOrEqual(120);
      expect(w).not.toContain('\n');
    }
    expect(mcpWarnings(d)[1]).toContain('get_alerts');
    // The way to accept the break knowingly, as enforce mode's denial says it.
    expect(mcpWarnings(d).at(-1)).toBe('mcp-drift-guard: to accept the break, annotate the pod template mcp-drift-guard.io/allow-breaking: "<reason>"');
    expect(d.response.auditAnnotations?.decision).toBe('warn');
  });

  it('dryrun mode allows silently and records would-deny for the audit log', () => {
    const d = decide(breakingUpdate(), settings({ mode: 'dryrun' }), noConfigMaps);
    expect(d.response).toEqual({ uid: d.response.uid, allowed: true, auditAnnotations: { decision: 'would-deny', 'breaking-findings': '1' } });
  });

  it('the decision is the same for a dryRun request: the webhook has no side effects to skip', () => {
    const plain = breakingUpdate();
    const dry = { ...plain, dryRun: true };
    const a = decide(plain, settings(), noConfigMaps);
    const b = decide(dry, settings(), noConfigMaps);
    expect(b.response).toEqual(a.response);
  });

  it('a policy with failOn never lets the break through', () => {
    const policy: Policy = { ...DEFAULT_POLICY, failOn: 'never', rules: {}, ignore: [] };
    const d = decide(breakingUpdate(), settings({ policy }), noConfigMaps);
    expect([d.response.allowed, d.reason]).toEqual([true, 'compatible']);
  });
});

describe('allowed anyway', () => {
  it('an Argo Rollout with a blueGreen strategy', () => {
    const d = decide(breakingUpdate('Rollout', { strategy: { blueGreen: { activeService: 'search-mcp' } } }), settings(), noConfigMaps);
    expect([d.response.allowed, d.reason]).toEqual([true, 'blue-green']);
  });

  it('a Recreate Deployment, with a warning naming the break', () => {
    const d = decide(breakingUpdate('Deployment', { strategy: { type: 'Recreate' } }), settings(), noConfigMaps);
    expect([d.response.allowed, d.reason]).toEqual([true, 'recreate']);
    expect(d.response.warnings?.[0]).toMatch(/^mcp-drift-guard: Recreate update with 1 breaking MCP change/);
  });

  it('the allow-breaking annotation with a reason, audited', () => {
    const r = update('Deployment', { snapshot: snapshotV1() }, { snapshot: snapshotV2(), templateAnnotations: { 'mcp-drift-guard.io/allow-breaking': 'JIRA-42 clients pinned to v2' } });
    const d = decide(r, settings(), noConfigMaps);
    expect(d.response.allowed).toBe(true);
    expect(d.response.auditAnnotations).toEqual({ decision: 'allow-breaking', 'allow-breaking-reason': 'JIRA-42 clients pinned to v2', 'breaking-findings': '1' });
    expect(d.response.warnings?.[0]).toContain('JIRA-42');
  });

  it('an empty allow-breaking reason does not count', () => {
    const r = update('Deployment', { snapshot: snapshotV1() }, { snapshot: snapshotV2(), templateAnnotations: { 'mcp-drift-guard.io/allow-breaking': '  ' } });
    expect(decide(r, settings(), noConfigMaps).response.allowed).toBe(false);
  });

  it('a compatible change (a tool added) gets no MCP warning', () => {
    const d = decide(update('Deployment', { snapshot: snapshotV1() }, { snapshot: snapshotV1Compatible() }), settings(), noConfigMaps);
    expect([d.response.allowed, d.reason, d.outcome, mcpWarnings(d)]).toEqual([true, 'compatible', 'allow', []]);
  });

  it('workload lint findings ride along as warnings on a changed template, never as a denial', () => {
    // kubectl create deployment makes no probes: the lint rules say so.
    const d = decide(update('Deployment', { snapshot: snapshotV1() }, { snapshot: snapshotV1Compatible() }), settings(), noConfigMaps);
    const lint = (d.response.warnings ?? []).filter((w) => LINT_WARNING.test(w));
    expect(lint.some((w) => w.startsWith('mcp-drift-guard k8s-readiness-probe-missing: container weather-mcp'))).toBe(true);
    expect(d.response.allowed).toBe(true);
    const withProbes = update('Deployment', { snapshot: snapshotV1() }, { snapshot: snapshotV1Compatible() });
    const container = (withProbes.object as any).spec.template.spec.containers[0]; // eslint-disable-line @typescript-eslint/no-explicit-any
    container.readinessProbe = { exec: { command: ['mcp-drift-guard', 'probe', '--url', 'http://127.0.0.1:8080/mcp'] } };
    container.startupProbe = { exec: { command: ['mcp-drift-guard', 'probe', '--url', 'http://127.0.0.1:8080/mcp'] }, failureThreshold: 30, periodSeconds: 2 };
    const fewer = decide(withProbes, settings(), noConfigMaps).response.warnings ?? [];
    expect(fewer.filter((w) => w.includes('probe-missing'))).toEqual([]);
  });

  it("many lint findings stay within the apiserver's 4,096-character warning budget and say how many were left out", () => {
    const r = update('Deployment', { snapshot: snapshotV1() }, { snapshot: snapshotV1Compatible() });
    const container = (r.object as any).spec.template.spec.containers[0]; // eslint-disable-line @typescript-eslint/no-explicit-any
    container.env = Array.from({ length: 60 }, (_, i) => ({ name: `SERVICE_${i}_API_TOKEN`, value: `ghp_${'x'.repeat(36)}${i}` }));
    const warnings = decide(r, settings(), noConfigMaps).response.warnings ?? [];
    expect(warnings.join('').length).toBeLessThanOrEqual(MAX_WARNINGS_TOTAL);
    expect(warnings.filter((w) => w.includes('k8s-literal-secret')).length).toBeGreaterThan(3);
    expect(warnings.at(-1)).toMatch(/^mcp-drift-guard: \d+ more warnings not shown; run `mcp-drift-guard lint`/);
  });

  it('the first version carrying a snapshot has nothing to compare with: allowed with a warning', () => {
    const d = decide(update('Deployment', {}, { snapshot: snapshotV2() }), settings({ missingSnapshot: 'deny' }), noConfigMaps);
    expect([d.response.allowed, d.reason]).toEqual([true, 'no-base-snapshot']);
  });
});

describe('missing or unusable snapshot follows missingSnapshot', () => {
  const missing = () => update('Deployment', { snapshot: snapshotV1() }, {});
  it.each([
    ['allow', 'enforce', true, undefined],
    ['warn', 'enforce', true, 'warn'],
    ['deny', 'enforce', false, 'deny'],
    ['deny', 'warn', true, 'warn'],
    ['deny', 'dryrun', true, 'would-deny'],
  ] as const)('missingSnapshot %s in %s mode', (missingSnapshot, mode, allowed, audit) => {
    const d = decide(missing(), settings({ missingSnapshot, mode }), noConfigMaps);
    expect(d.response.allowed).toBe(allowed);
    expect(d.response.auditAnnotations?.decision).toBe(audit);
    expect(d.reason).toBe('missing-snapshot');
    if (!allowed) expect(d.response.status?.message).toContain('mcp-drift-guard annotate --snapshot');
    // The warning names the command that fixes it too.
    if (audit === 'warn') expect(d.response.warnings).toContain('mcp-drift-guard: write one with: mcp-drift-guard annotate --snapshot mcp-snapshot.json MANIFEST.yaml');
  });

  it('a gzip bomb in the annotation is refused after a bounded decode', () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20)).toString('base64');
    expect(bomb.length).toBeLessThan(256 * 1024);
    const started = performance.now();
    const d = decide(update('Deployment', { snapshot: snapshotV1() }, { annotation: bomb }), settings({ missingSnapshot: 'deny' }), noConfigMaps);
    // Proves only that it ends: 5-10 times the idle time, as a loaded machine is several times slower.
    expect(performance.now() - started).toBeLessThan(10_000);
    expect([d.response.allowed, d.reason, d.decodeErrors]).toEqual([false, 'invalid-snapshot', 1]);
    expect(d.response.status?.message).toMatch(/inflates to more than \d+ bytes/);
  });

  it.each([
    ['not base64', '!!!not base64!!!', /not base64/],
    ['not gzip', Buffer.from('{"tools":[]}').toString('base64'), /not gzip/],
    ['gzip of something else', gzipSync('hello').toString('base64'), /.+/],
  ])('an undecodable annotation (%s) is an invalid snapshot', (_name, value, pattern) => {
    const d = decide(update('Deployment', { snapshot: snapshotV1() }, { annotation: value }), settings({ missingSnapshot: 'warn' }), noConfigMaps);
    expect([d.response.allowed, d.reason, d.decodeErrors]).toEqual([true, 'invalid-snapshot', 1]);
    expect(d.response.warnings?.[0]).toMatch(pattern);
  });
});

describe('snapshots from ConfigMaps through the lookup', () => {
  const store: Record<string, Record<string, string>> = {
    'shop/weather-v1': { 'mcp-snapshot.json': serializeSnapshot(snapshotV1()) },
    'shop/weather-v2': { custom: serializeSnapshot(snapshotV2()) },
  };
  const lookup: SnapshotLookup = { configMapData: (ns, name) => store[`${ns}/${name}`] };

  it('NAME and NAME/KEY references are read from the cache and compared', () => {
    const d = decide(update('Deployment', { configMap: 'weather-v1' }, { configMap: 'weather-v2/custom' }), settings(), lookup);
    expect(d.response.allowed).toBe(false);
    expect(d.blocking.map((f) => f.subject.name)).toEqual(['get_alerts']);
  });

  it('a ConfigMap not in the cache is a missing snapshot that says which', () => {
    const d = decide(update('Deployment', { configMap: 'weather-v1' }, { configMap: 'weather-v3' }), settings({ missingSnapshot: 'deny' }), lookup);
    expect(d.response.status?.message).toContain('configmap shop/weather-v3 key mcp-snapshot.json: no such ConfigMap');
  });
});

describe('the blue-green recipe is usable as written', () => {
  it('a StatefulSet gets the two-StatefulSets recipe only (Argo Rollouts does not manage StatefulSets)', () => {
    const message = decide(breakingUpdate('StatefulSet'), settings(), noConfigMaps).response.status?.message ?? '';
    expect(message).toContain(`kubectl -n shop patch service notes-mcp --type merge -p '{"spec":{"selector":{"app":"notes-mcp-green"}}}'`);
    expect(message).not.toContain('argoproj.io');
  });

  it.each(['Deployment', 'Rollout'] as const)('%s: the Argo Rollouts snippet is a valid Rollout', async (kind) => {
    const message = decide(breakingUpdate(kind), settings(), noConfigMaps).response.status?.message ?? '';
    const lines = message.split('\n');
    const start = lines.findIndex((l) => l.trim() === 'apiVersion: argoproj.io/v1alpha1');
    const snippet = lines.slice(start).filter((l) => l.startsWith('       ')).map((l) => l.slice(7)).join('\n');
    const rollout = parse(snippet) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(rollout.spec.strategy.blueGreen.activeService).toBe(rollout.metadata.name);
    const { Rollout } = await import('@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/Rollout');
    // A snippet for an existing Rollout is merged into it; validate it with the fixture's template filled in.
    const full = kind === 'Rollout' ? { ...rollout, spec: { ...version('Rollout', {}).spec, strategy: rollout.spec.strategy } } : rollout;
    expect(() => new Rollout(full as ConstructorParameters<typeof Rollout>[0]).validate()).not.toThrow();
  });
});

describe('the snapshot cache only saves work', () => {
  it('a long-lived cache gives the same decisions as a fresh one and keeps each distinct source once', () => {
    const cache = new SnapshotCache();
    const rows = [breakingUpdate(), breakingUpdate('StatefulSet'), update('Deployment', { snapshot: snapshotV1() }, { annotation: '!!!' }), breakingUpdate()];
    for (const r of rows) {
      const fresh = decide(r, settings(), noConfigMaps);
      const cached = decide(r, settings(), noConfigMaps, cache);
      expect(cached.response).toEqual(fresh.response);
    }
    // v1, v2 and the garbage annotation: three distinct sources, kept once each.
    expect(cache.size).toBe(3);
  });

  it('cached snapshots are frozen: diff and policy never mutate what they are given', () => {
    const cache = new SnapshotCache();
    const r = breakingUpdate();
    decide(r, settings(), noConfigMaps, cache);
    const again = decide(r, settings({ mode: 'warn' }), noConfigMaps, cache);
    expect(again.response.allowed).toBe(true);
    expect(again.blocking.every((f) => Object.isFrozen(f))).toBe(true);
  });

  it('stays within its budget of decoded bytes, counted on what the snapshots hold, not on their source text', () => {
    const cache = new SnapshotCache({ maxBytes: 200_000 });
    for (let i = 0; i < 500; i++) cache.decode('annotation', `source ${i}`, () => manyTools(20, String(i)));
    expect(cache.size).toBeGreaterThan(1);
    expect(cache.size).toBeLessThan(500);
    expect(cache.bytes).toBeLessThanOrEqual(200_000);
  });

  it('a short source that decodes to a huge snapshot is decoded for the review but not kept', () => {
    const cache = new SnapshotCache({ maxBytes: 4 * 1024 * 1024 });
    const huge = { ...snapshotV1(), tools: [{ name: 'zz', inputSchema: { type: 'object', properties: { a: { enum: Array.from({ length: 200_000 }, () => 'a') } } } }] };
    const decoded = cache.decode('annotation', 'ten bytes!', () => huge);
    expect('snapshot' in decoded).toBe(true);
    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
  });
});

describe('the policy file decides what counts, as in the CLI', () => {
  const policy = (text: string) => parsePolicy(text, '.mcp-drift-guard.yml');

  it('an ignore with a reason lets the break through', () => {
    const p = policy('ignore:\n  - rule: tool-removed\n    subject: tool/get_alerts\n    reason: nobody calls it\n');
    const d = decide(breakingUpdate(), settings({ policy: p }), noConfigMaps);
    expect([d.response.allowed, d.reason]).toEqual([true, 'compatible']);
  });

  it('an expired ignore no longer applies, and the response says so', () => {
    const p = policy('ignore:\n  - rule: tool-removed\n    subject: tool/get_alerts\n    reason: nobody calls it\n    expires: 2020-01-31\n');
    const d = decide(breakingUpdate(), settings({ policy: p, mode: 'warn' }), noConfigMaps);
    expect(d.reason).toBe('breaking');
    expect(mcpWarnings(d).some((w) => /^mcp-drift-guard: policy: .*expired on 2020-01-31/.test(w))).toBe(true);
  });
});

describe('dryrun shows users nothing', () => {
  it.each([
    ['a breaking change', () => breakingUpdate()],
    ['a Recreate with a breaking change', () => breakingUpdate('Deployment', { strategy: { type: 'Recreate' } })],
    ['a missing snapshot', () => update('Deployment', { snapshot: snapshotV1() }, {})],
    ['a first snapshot', () => update('Deployment', {}, { snapshot: snapshotV1() })],
  ])('%s: allowed without warnings', (_name, make) => {
    const d = decide(make(), settings({ mode: 'dryrun', missingSnapshot: 'warn' }), noConfigMaps);
    expect(d.response.allowed).toBe(true);
    expect(d.response.warnings).toBeUndefined();
    expect(d.outcome).toBe('allow');
  });
});

describe('the issue-14 findings reach the webhook through the same core', () => {
  it('a dropped static resource shipped as a minor version: denied, naming the resource and the missing major bump', () => {
    const base = { ...snapshotV1(), resources: [{ uri: 'file:///docs/guide.md', name: 'guide' }], instructions: 'Use get_forecast.', protocolVersions: ['2024-11-05', '2025-11-25'] };
    const head = { ...base, server: { name: 'weather', version: '1.1.0' }, resources: [], protocolVersions: ['2025-11-25'] };
    const policy = parsePolicy('versioning: semver\n', '.mcp-drift-guard.yml');
    const d = decide(update('Deployment', { snapshot: base }, { snapshot: head }), settings({ policy }), noConfigMaps);
    expect(d.response.allowed).toBe(false);
    const message = d.response.status?.message ?? '';
    expect(message.split('\n')[0]).toContain('would roll out 3 breaking MCP changes (weather 1.0.0 -> weather 1.1.0)');
    expect(message).toMatch(/- resource-removed: .*file:\/\/\/docs\/guide\.md.* \[[0-9a-f]{12}\]/);
    expect(message).toMatch(/- protocol-version-dropped: .*2024-11-05.* \[[0-9a-f]{12}\]/);
    expect(message).toMatch(/- version-not-bumped: .*without a major version bump; release it as 2\.0\.0 or later \[[0-9a-f]{12}\]/);
  });
});

describe('a verdict that could not be judged is acted on like an undecodable snapshot, and never silently', () => {
  const failed: Verdict = { kind: 'Deployment', decodeErrors: 0, notes: [], reason: 'decision-failed', detail: 'the comparison took longer than the 3 s review deadline' };
  it.each([
    ['enforce', 'deny', { allowed: false, decision: 'deny' }],
    ['warn', 'deny', { allowed: true, decision: 'warn' }],
    ['dryrun', 'deny', { allowed: true, decision: 'would-deny' }],
    ['enforce', 'warn', { allowed: true, decision: 'warn' }],
    ['enforce', 'allow', { allowed: true, decision: 'allow' }],
  ] as const)('mode %s, --missing-snapshot %s', (mode, missingSnapshot, expected) => {
    const response = toAdmissionResponse('uid-1', applyMode(failed, settings({ mode, missingSnapshot })));
    expect(response.uid).toBe('uid-1');
    expect(response.allowed).toBe(expected.allowed);
    expect(response.auditAnnotations).toEqual({ decision: expected.decision, reason: 'decision-failed', error: failed.detail });
    if (!expected.allowed) expect(response.status?.message).toContain(failed.detail);
    if (expected.decision === 'warn') expect(response.warnings?.[0]).toContain('review deadline');
  });

  it('an engine error on the main thread is a verdict too: decide() answers with the uid', () => {
    const r = update('Deployment', { snapshot: snapshotV1() }, { snapshot: { ...snapshotV2(), tools: [{ name: 'zz', inputSchema: { type: 'object', $ref: '#' } }] } });
    const d = decide(r, settings({ missingSnapshot: 'deny' }), noConfigMaps);
    expect(d.response.uid).toBe(r.uid);
    // Denied whether the engine judges the schema (breaking: get_alerts is gone) or fails on it (an unusable snapshot).
    expect(d.response.allowed).toBe(false);
    expect(['breaking', 'decision-failed']).toContain(d.reason);
  });
});
