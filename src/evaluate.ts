// The one comparison every front end runs: diff two snapshots, apply the policy, build the report. The CLI
// (diff, check), the GitHub Action and the admission webhook all decide from what this returns, so a finding
// counts, is ignored or fails the same way wherever it is judged.
import { diffSnapshots } from './diff/index.js';
import type { DiffReport, Finding } from './diff/types.js';
import { applyPolicy } from './policy/apply.js';
import type { Policy, PolicyResult } from './policy/types.js';
import { buildReport } from './report/build.js';
import type { SourcedSnapshot } from './snapshot/types.js';

export interface EvaluateInput {
  base: SourcedSnapshot;
  head: SourcedSnapshot;
  policy: Policy;
  /** The day ignores expire against; today when absent. */
  now?: Date;
  /**
   * The diff's findings when the caller already has them: the CLI and the Action with examples
   * (diffWithExamples, asynchronous), the webhook from its memo. Absent: diffSnapshots.
   */
  findings?: Finding[];
}

export interface Evaluation {
  /** The report contract, with the findings that still count after the policy. */
  report: DiffReport;
  /** The policy's verdict: kept, ignored and blocking findings, notices, failed. */
  result: PolicyResult;
}

export function evaluate({ base, head, policy, now, findings }: EvaluateInput): Evaluation {
  const result = applyPolicy(findings ?? diffSnapshots(base.snapshot, head.snapshot), policy, now, { base: base.snapshot.server, head: head.snapshot.server });
  return { report: buildReport(base, head, result.findings), result };
}
