// The admission decision, a pure function of the request, the settings and a snapshot lookup: every row of
// DESIGN.md's "Admission webhook" table lives here, apart from HTTP, so each row is unit-tested on its own.
import type { Finding } from '../../src/diff/types.js';
import { lintAdmissionWarnings } from '../../src/lint/index.js';
import { applyPolicy, type Policy } from '../../src/policy/index.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import type { AdmissionRequest, AdmissionResponse } from './admission.js';
import type { MissingSnapshotAction, Mode } from './modes.js';
import { denialMessage, findingWarnings, fitWarnings, shortLine } from './message.js';
import { SnapshotCache } from './snapshot-cache.js';
import { resolveSnapshot, type SnapshotLookup, type SnapshotResolution } from './snapshot-source.js';
import { jsonEqual } from '../../src/json.js';
import { ENABLED_LABEL } from '../../src/lint/workloads.js';
import { ALLOW_BREAKING_ANNOTATION, readWorkload, workloadKind, type Workload, type WorkloadKind } from './workload.js';

export type { MissingSnapshotAction, Mode } from './modes.js';

export interface DecisionSettings {
  mode: Mode;
  missingSnapshot: MissingSnapshotAction;
  policy: Policy;
  now?: Date;
}

export type Outcome = 'allow' | 'warn' | 'deny';

/** Why the decision was taken, a stable word for logs and audit annotations. */
export type DecisionReason =
  | 'not-guarded-kind'
  | 'not-update'
  | 'subresource'
  | 'not-enabled'
  | 'template-unchanged'
  | 'blue-green'
  | 'recreate'
  | 'missing-snapshot'
  | 'invalid-snapshot'
  | 'no-base-snapshot'
  | 'compatible'
  | 'allow-breaking'
  | 'breaking';

export interface Decision {
  response: AdmissionResponse;
  outcome: Outcome;
  reason: DecisionReason;
  /** The guarded kind, or "other", for metrics. */
  kind: string;
  /** Findings at or above the policy's failOn. */
  blocking: Finding[];
  /** Snapshots that were present but could not be decoded. */
  decodeErrors: number;
}

/**
 * Decides one admission. `cache` only memoises deterministic work (decoding, diffing), so the answer is the
 * same with a long-lived cache (the server's) or a fresh one (the default).
 */
export function decide(request: AdmissionRequest, settings: DecisionSettings, lookup: SnapshotLookup, cache = new SnapshotCache()): Decision {
  const uid = request.uid;
  const kind = workloadKind(request.kind);
  const allow: Allow = (reason, extra = {}, warnings = [], audit) => ({
    response: {
      uid,
      allowed: true,
      ...(warnings.length > 0 ? { warnings } : {}),
      ...(audit ? { auditAnnotations: audit } : {}),
    },
    outcome: warnings.length > 0 ? 'warn' : 'allow',
    reason,
    kind: kind ?? 'other',
    blocking: [],
    decodeErrors: 0,
    ...extra,
  });

  // Fast paths: nothing here can change which tools clients see.
  if (!kind) return allow('not-guarded-kind');
  if (request.operation !== 'UPDATE') return allow('not-update');
  if (request.subResource) return allow('subresource');
  const head = readWorkload(kind, request.object, request.namespace);
  const base = readWorkload(kind, request.oldObject, request.namespace);
  if (head.labels[ENABLED_LABEL] !== 'true' && base.labels[ENABLED_LABEL] !== 'true') return allow('not-enabled');
  if (jsonEqual(head.template, base.template)) return allow('template-unchanged');

  const policyNotices: string[] = [];
  const decision = decideTemplateChange(request, kind, head, base, settings, lookup, cache, allow, policyNotices);
  // Policy notices (an expired ignore) and workload lint (probes, stdio transport, ...) ride along as warnings
  // on every changed template; never a denial, and not in dryrun mode, which tells users nothing.
  if (settings.mode === 'dryrun') {
    // dryrun records (audit annotations, logs, metrics) and shows users nothing.
    delete decision.response.warnings;
    return decision.response.allowed ? { ...decision, outcome: 'allow' } : decision;
  }
  const extra = [...policyNotices.map((n) => shortLine(`mcp-drift-guard: policy: ${n}`)), ...lintAdmissionWarnings(request.object)];
  if (extra.length > 0) decision.response.warnings = fitWarnings([...(decision.response.warnings ?? []), ...extra]);
  return decision;
}

type Allow = (reason: DecisionReason, extra?: Partial<Decision>, warnings?: string[], audit?: Record<string, string>) => Decision;

function decideTemplateChange(
  request: AdmissionRequest,
  kind: WorkloadKind,
  head: Workload,
  base: Workload,
  settings: DecisionSettings,
  lookup: SnapshotLookup,
  cache: SnapshotCache,
  allow: Allow,
  policyNotices: string[],
): Decision {
  const uid = request.uid;
  if (head.updateStyle === 'blue-green') return allow('blue-green');

  const headSnapshot = resolveSnapshot(head.templateAnnotations, head.namespace, lookup, cache);
  const baseSnapshot = resolveSnapshot(base.templateAnnotations, base.namespace, lookup, cache);
  const decodeErrors = (headSnapshot.state === 'invalid' ? 1 : 0) + (baseSnapshot.state === 'invalid' ? 1 : 0);

  if (headSnapshot.state !== 'found') {
    if (head.updateStyle === 'recreate') return allow('recreate', { decodeErrors });
    return missingSnapshot(headSnapshot, settings, uid, kind, decodeErrors);
  }
  if (baseSnapshot.state !== 'found') {
    // The first version that carries a snapshot has nothing to be compared with; later updates will.
    const why = baseSnapshot.state === 'invalid' ? `the previous snapshot is unusable: ${baseSnapshot.reason}` : 'the previous pod template had no snapshot';
    return allow('no-base-snapshot', { decodeErrors }, [shortLine(`mcp-drift-guard: nothing to compare with, ${why}`)]);
  }

  const versions = { base: baseSnapshot.snapshot.server, head: headSnapshot.snapshot.server };
  const result = applyPolicy(cache.diff(baseSnapshot.snapshot, headSnapshot.snapshot), settings.policy, settings.now, versions);
  policyNotices.push(...result.notices);
  const blocking = result.blocking;
  if (blocking.length === 0) {
    const warned = result.findings.filter((f) => f.severity === 'warning');
    const warnings = warned.length > 0 ? findingWarnings(`mcp-drift-guard: ${warned.length} MCP change(s) worth a look`, warned) : [];
    return allow('compatible', { decodeErrors }, warnings);
  }
  const count = String(blocking.length);

  if (head.updateStyle === 'recreate') {
    const lead = `mcp-drift-guard: Recreate update with ${count} breaking MCP change(s): connected clients will see the new tools at once`;
    return allow('recreate', { blocking, decodeErrors }, findingWarnings(lead, blocking), { decision: 'recreate', 'breaking-findings': count });
  }

  const reason = (head.templateAnnotations[ALLOW_BREAKING_ANNOTATION] ?? head.annotations[ALLOW_BREAKING_ANNOTATION] ?? '').trim();
  if (reason !== '') {
    const lead = `mcp-drift-guard: ${count} breaking MCP change(s) allowed by ${ALLOW_BREAKING_ANNOTATION}: ${reason}`;
    return allow('allow-breaking', { blocking, decodeErrors }, [shortLine(lead)], {
      decision: 'allow-breaking',
      'allow-breaking-reason': reason.slice(0, 1024),
      'breaking-findings': count,
    });
  }

  if (settings.mode === 'enforce') {
    return {
      response: {
        uid,
        allowed: false,
        status: { code: 403, reason: 'Forbidden', message: denialMessage(head, baseSnapshot.snapshot, headSnapshot.snapshot, blocking) },
        auditAnnotations: { decision: 'deny', 'breaking-findings': count },
      },
      outcome: 'deny',
      reason: 'breaking',
      kind,
      blocking,
      decodeErrors,
    };
  }
  if (settings.mode === 'warn') {
    return allow('breaking', { blocking, decodeErrors }, findingWarnings(rollingLead(head, baseSnapshot.snapshot, headSnapshot.snapshot, blocking), blocking), {
      decision: 'warn',
      'breaking-findings': count,
    });
  }
  // dryrun: record what enforce would have done.
  return allow('breaking', { blocking, decodeErrors }, [], { decision: 'would-deny', 'breaking-findings': count });
}

function rollingLead(w: Workload, base: Snapshot, head: Snapshot, blocking: Finding[]): string {
  return `mcp-drift-guard: ${blocking.length} breaking MCP change(s) ${base.server.version} -> ${head.server.version} in a ${w.strategyName} of ${w.name}; ship blue-green`;
}

function missingSnapshot(
  resolution: Exclude<SnapshotResolution, { state: 'found' }>,
  settings: DecisionSettings,
  uid: string,
  kind: string,
  decodeErrors: number,
): Decision {
  const reason: DecisionReason = resolution.state === 'invalid' ? 'invalid-snapshot' : 'missing-snapshot';
  const text = `mcp-drift-guard: no usable MCP snapshot for the new pod template: ${resolution.reason}`;
  const warning = shortLine(`mcp-drift-guard: ${resolution.state === 'invalid' ? 'unusable snapshot, ' : ''}${resolution.reason}`);
  const base = { reason, kind, blocking: [], decodeErrors };
  // The mode says how verdicts are acted on: warn turns a deny into a warning, dryrun only records it.
  const action = settings.missingSnapshot === 'deny' && settings.mode !== 'enforce' ? (settings.mode === 'warn' ? 'warn' : 'record') : settings.missingSnapshot;
  if (action === 'record') {
    return { ...base, outcome: 'allow', response: { uid, allowed: true, auditAnnotations: { decision: 'would-deny', reason } } };
  }
  if (action === 'deny') {
    return {
      ...base,
      outcome: 'deny',
      response: {
        uid,
        allowed: false,
        status: {
          code: 403,
          reason: 'Forbidden',
          message: `${text}\nWrite one with: mcp-drift-guard annotate --snapshot mcp-snapshot.json MANIFEST.yaml`,
        },
        auditAnnotations: { decision: 'deny', reason },
      },
    };
  }
  if (action === 'warn') {
    return { ...base, outcome: 'warn', response: { uid, allowed: true, warnings: [warning], auditAnnotations: { decision: 'warn', reason } } };
  }
  return { ...base, outcome: 'allow', response: { uid, allowed: true } };
}
