// The admission decision, split the way Gatekeeper splits it: evaluate (inspect + compare + judge) the request
// into a verdict, apply the mode to it, build the response. Every row of DESIGN.md's "Admission webhook" table
// is one verdict and one mode rule, apart from HTTP, so each row is unit-tested on its own. Whatever throws while
// evaluating becomes a verdict too ("decision-failed", judged as an unusable snapshot), so a review always gets
// an AdmissionReview with its uid.
import type { Finding } from '../../src/diff/types.js';
import { toAdmissionResponse, type AdmissionRequest, type AdmissionResponse } from './admission.js';
import { applyMode, type DecisionSettings, type Outcome } from './apply-mode.js';
import { compareSnapshots, type Comparison, type SnapshotPair } from './compare.js';
import { inspect, judge, thrownVerdict, type DecisionReason, type Verdict } from './evaluate.js';
import { SnapshotCache } from './snapshot-cache.js';
import type { SnapshotLookup } from './snapshot-source.js';
import { workloadKind } from './workload.js';

export type { DecisionSettings, Outcome } from './apply-mode.js';
export type { DecisionReason } from './evaluate.js';
export type { MissingSnapshotAction, Mode } from './modes.js';

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
  /** Why the review could not be judged (reason "decision-failed"), for the log. */
  error?: string;
}

/** Compares a located snapshot pair: inline (`compareSnapshots`) or in a review worker (review-pool.ts). */
export type Compare = (pair: SnapshotPair, settings: DecisionSettings) => Promise<Comparison>;

/**
 * Decides one admission with the comparison inline. `cache` only memoises deterministic work (decoding, diffing),
 * so the answer is the same with a long-lived cache or a fresh one (the default).
 */
export function decide(request: AdmissionRequest, settings: DecisionSettings, lookup: SnapshotLookup, cache = new SnapshotCache()): Decision {
  let verdict: Verdict;
  try {
    const inspection = inspect(request, lookup);
    verdict =
      'verdict' in inspection
        ? inspection.verdict
        : judge(inspection.change, compareSnapshots(inspection.change.pair, settings.policy, settings.now ?? new Date(), cache));
  } catch (error) {
    verdict = thrownVerdict(workloadKind(request.kind) ?? 'other', error);
  }
  return decision(request.uid, verdict, settings);
}

/** Decides one admission with the comparison done by `compare` (the server's review workers). */
export async function decideWith(request: AdmissionRequest, settings: DecisionSettings, lookup: SnapshotLookup, compare: Compare): Promise<Decision> {
  let verdict: Verdict;
  try {
    const inspection = inspect(request, lookup);
    verdict = 'verdict' in inspection ? inspection.verdict : judge(inspection.change, await compare(inspection.change.pair, settings));
  } catch (error) {
    verdict = thrownVerdict(workloadKind(request.kind) ?? 'other', error);
  }
  return decision(request.uid, verdict, settings);
}

function decision(uid: string, verdict: Verdict, settings: DecisionSettings): Decision {
  let effective;
  try {
    effective = applyMode(verdict, settings);
  } catch (error) {
    // A bug in building a message must not cost the review its answer either.
    verdict = thrownVerdict(verdict.kind, error);
    effective = applyMode(verdict, settings);
  }
  return {
    response: toAdmissionResponse(uid, effective),
    outcome: effective.outcome,
    reason: verdict.reason,
    kind: verdict.kind,
    blocking: 'blocking' in verdict && verdict.blocking ? verdict.blocking : [],
    decodeErrors: verdict.decodeErrors,
    ...(verdict.reason === 'decision-failed' ? { error: verdict.detail } : {}),
  };
}
