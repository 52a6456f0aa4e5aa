// What a review finds, whatever the mode: `inspect` takes the fast paths and locates the two snapshots of a
// changed pod template; `judge` turns the comparison of those snapshots into a verdict. Neither looks at the mode
// or builds a response (mode.ts and response.ts do), so every verdict, a failed comparison included, goes through
// the same two steps to the AdmissionReview.
import type { Finding } from '../../src/diff/types.js';
import { describeError } from '../../src/errors.js';
import { lintAdmissionWarnings } from '../../src/lint/index.js';
import { ENABLED_LABEL } from '../../src/lint/workloads.js';
import { jsonEqual } from '../../src/json.js';
import type { ServerInfo } from '../../src/snapshot/types.js';
import type { AdmissionRequest } from './admission.js';
import type { Comparison, SnapshotPair } from './compare.js';
import { shortLine } from './message.js';
import { locateSnapshot, type SnapshotLookup } from './snapshot-source.js';
import { ALLOW_BREAKING_ANNOTATION, readWorkload, workloadKind, type Workload, type WorkloadKind } from './workload.js';

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
  | 'decision-failed'
  | 'no-base-snapshot'
  | 'compatible'
  | 'allow-breaking'
  | 'breaking';

interface Common {
  /** The guarded kind, or "other", for metrics. */
  kind: WorkloadKind | 'other';
  /** Snapshots that were present but could not be decoded. */
  decodeErrors: number;
  /** Warnings about the policy (an expired ignore) and the workload (lint), shown on every changed template. */
  notes: string[];
}

export type Verdict = Common &
  (
    | { reason: 'not-guarded-kind' | 'not-update' | 'subresource' | 'not-enabled' | 'template-unchanged' | 'blue-green' }
    /** A Recreate update whose new snapshot is missing: the old pods are gone before new ones serve. */
    | { reason: 'recreate'; blocking?: undefined }
    /** No usable snapshot to judge the new template by (or the judging failed): `--missing-snapshot` decides. */
    | { reason: 'missing-snapshot' | 'invalid-snapshot' | 'decision-failed'; detail: string }
    | { reason: 'no-base-snapshot'; detail: string }
    | { reason: 'compatible'; warned: Finding[] }
    | { reason: 'recreate' | 'allow-breaking' | 'breaking'; blocking: Finding[]; workload: Workload; base: ServerInfo; head: ServerInfo; allowedBecause?: string }
  );

export type Inspection = { verdict: Verdict } | { change: TemplateChange };

/** A changed pod template of an opted-in workload, with its two snapshots located but not yet decoded. */
export interface TemplateChange {
  kind: WorkloadKind;
  head: Workload;
  pair: SnapshotPair;
  notes: string[];
}

/** The fast paths (nothing here can change which tools clients see), else the template change to compare. */
export function inspect(request: AdmissionRequest, lookup: SnapshotLookup): Inspection {
  const kind = workloadKind(request.kind);
  const pass = (reason: 'not-guarded-kind' | 'not-update' | 'subresource' | 'not-enabled' | 'template-unchanged' | 'blue-green', notes: string[] = []): Inspection => ({
    verdict: { reason, kind: kind ?? 'other', decodeErrors: 0, notes },
  });
  if (!kind) return pass('not-guarded-kind');
  if (request.operation !== 'UPDATE') return pass('not-update');
  if (request.subResource) return pass('subresource');
  const head = readWorkload(kind, request.object, request.namespace);
  const base = readWorkload(kind, request.oldObject, request.namespace);
  if (head.labels[ENABLED_LABEL] !== 'true' && base.labels[ENABLED_LABEL] !== 'true') return pass('not-enabled');
  if (jsonEqual(head.template, base.template)) return pass('template-unchanged');
  // Workload lint (probes, stdio transport, ...) rides along as warnings on every changed template.
  const notes = lintAdmissionWarnings(request.object);
  if (head.updateStyle === 'blue-green') return pass('blue-green', notes);
  const pair = {
    head: locateSnapshot(head.templateAnnotations, head.namespace, lookup),
    base: locateSnapshot(base.templateAnnotations, base.namespace, lookup),
  };
  return { change: { kind, head, pair, notes } };
}

/** The verdict on a template change from the comparison of its snapshots. */
export function judge(change: TemplateChange, comparison: Comparison): Verdict {
  const { kind, head } = change;
  if (comparison.state === 'failed') return failedVerdict(kind, comparison.reason, change.notes);
  const common = { kind, decodeErrors: comparison.decodeErrors, notes: change.notes };
  if (comparison.state === 'no-head') {
    if (head.updateStyle === 'recreate') return { ...common, reason: 'recreate' };
    const resolution = comparison.head;
    return { ...common, reason: resolution.state === 'invalid' ? 'invalid-snapshot' : 'missing-snapshot', detail: resolution.reason };
  }
  if (comparison.state === 'no-base') {
    // The first version that carries a snapshot has nothing to be compared with; later updates will.
    const resolution = comparison.base;
    const detail = resolution.state === 'invalid' ? `the previous snapshot is unusable: ${resolution.reason}` : 'the previous pod template had no snapshot';
    return { ...common, reason: 'no-base-snapshot', detail };
  }
  const notes = [...comparison.notices.map((n) => shortLine(`mcp-drift-guard: policy: ${n}`)), ...change.notes];
  const { blocking } = comparison;
  if (blocking.length === 0) return { ...common, notes, reason: 'compatible', warned: comparison.warned };
  const breaking = { ...common, notes, blocking, workload: head, base: comparison.base, head: comparison.head };
  if (head.updateStyle === 'recreate') return { ...breaking, reason: 'recreate' };
  const allowedBecause = (head.templateAnnotations[ALLOW_BREAKING_ANNOTATION] ?? head.annotations[ALLOW_BREAKING_ANNOTATION] ?? '').trim();
  if (allowedBecause !== '') return { ...breaking, reason: 'allow-breaking', allowedBecause };
  return { ...breaking, reason: 'breaking' };
}

/** Anything that failed while deciding: judged like an unusable snapshot, with the reason kept for the audit and the log. */
function failedVerdict(kind: WorkloadKind | 'other', reason: string, notes: string[] = []): Verdict {
  return { kind, decodeErrors: 0, notes, reason: 'decision-failed', detail: reason };
}

/** `failedVerdict` for an error thrown on the main thread. */
export function thrownVerdict(kind: WorkloadKind | 'other', error: unknown): Verdict {
  return failedVerdict(kind, `the review could not be decided: ${describeError(error)}`);
}
