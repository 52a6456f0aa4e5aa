// The costly, untrusted part of a review: decode the two snapshots of a changed pod template and evaluate them
// with the policy (src/evaluate.ts, as the CLI and the Action do). Input and output are plain data, so the server
// runs it in a review worker (review-pool.ts) under a deadline and a heap limit; tests and the self-test run it inline.
import type { Finding } from '../../src/diff/types.js';
import { describeError } from '../../src/errors.js';
import { evaluate } from '../../src/evaluate.js';
import type { Policy } from '../../src/policy/types.js';
import type { ServerInfo } from '../../src/snapshot/types.js';
import type { SnapshotCache } from './snapshot-cache.js';
import { decodeLocated, type LocatedSnapshot, type SnapshotResolution } from './snapshot-source.js';

export interface SnapshotPair {
  base: LocatedSnapshot;
  head: LocatedSnapshot;
}

type Unusable = Exclude<SnapshotResolution, { state: 'found' }>;

export type Comparison =
  /** Findings without their before/after values (messages name what changed; the values may be megabytes). */
  | { state: 'compared'; base: ServerInfo; head: ServerInfo; blocking: Finding[]; warned: Finding[]; notices: string[]; decodeErrors: number }
  /** The new template's snapshot is missing or unusable: nothing to judge it by. */
  | { state: 'no-head'; head: Unusable; decodeErrors: number }
  /** The first version that carries a snapshot: nothing to compare it with. */
  | { state: 'no-base'; base: Unusable; decodeErrors: number }
  /** The comparison itself failed (a thrown error, the deadline, the heap limit): judged as an unusable snapshot. */
  | { state: 'failed'; reason: string };

function withoutValues(finding: Finding): Finding {
  const { before: _before, after: _after, ...rest } = finding;
  return Object.freeze(rest);
}

export function compareSnapshots(pair: SnapshotPair, policy: Policy, now: Date, cache: SnapshotCache): Comparison {
  try {
    const head = decodeLocated(pair.head, cache);
    const base = decodeLocated(pair.base, cache);
    const decodeErrors = (head.state === 'invalid' ? 1 : 0) + (base.state === 'invalid' ? 1 : 0);
    if (head.state !== 'found') return { state: 'no-head', head, decodeErrors };
    if (base.state !== 'found') return { state: 'no-base', base, decodeErrors };
    const { result } = evaluate({
      base: { snapshot: base.snapshot, source: base.source },
      head: { snapshot: head.snapshot, source: head.source },
      policy,
      now,
      findings: cache.diff(base.snapshot, head.snapshot),
    });
    const server = (s: ServerInfo): ServerInfo => ({ name: s.name, version: s.version });
    return {
      state: 'compared',
      base: server(base.snapshot.server),
      head: server(head.snapshot.server),
      blocking: result.blocking.map(withoutValues),
      warned: result.findings.filter((f) => f.severity === 'warning').map(withoutValues),
      notices: result.notices,
      decodeErrors,
    };
  } catch (error) {
    // Whatever the engine throws on hostile input (a stack overflow, "too complex"): an unusable snapshot, never a 500.
    return { state: 'failed', reason: `the snapshots could not be compared: ${describeError(error)}` };
  }
}
