// How the mode acts on a verdict: enforce denies a breaking rolling update, warn turns the denial into warnings,
// dryrun only records it (audit annotations, logs, metrics) and shows users nothing. `--missing-snapshot` says
// what an update without a usable snapshot gets. The only place that reads the mode.
import type { Policy } from '../../src/policy/types.js';
import { oneLine } from '../../src/report/sanitize.js';
import type { DecisionReason, Verdict } from './evaluate.js';
import { denialMessage, findingWarnings, fitWarnings, shortLine } from './message.js';
import type { MissingSnapshotAction, Mode } from './modes.js';
import { ALLOW_BREAKING_ANNOTATION } from './workload.js';

export interface DecisionSettings {
  mode: Mode;
  missingSnapshot: MissingSnapshotAction;
  policy: Policy;
  now?: Date;
}

export type Outcome = 'allow' | 'warn' | 'deny';

/** A verdict as the mode acts on it: what the AdmissionReview response says. */
export interface Effective {
  outcome: Outcome;
  reason: DecisionReason;
  /** The status message of a denial. */
  denial?: string;
  warnings: string[];
  audit?: Record<string, string>;
}

/** An audit annotation value: the apiserver keeps them short. */
const auditValue = (text: string): string => text.slice(0, 1024);

export function applyMode(verdict: Verdict, settings: DecisionSettings): Effective {
  const effective = byVerdict(verdict, settings);
  if (settings.mode === 'dryrun') return { ...effective, warnings: [], outcome: effective.outcome === 'deny' ? 'deny' : 'allow' };
  if (verdict.notes.length > 0) return { ...effective, warnings: fitWarnings([...effective.warnings, ...verdict.notes]) };
  return effective;
}

function allow(reason: DecisionReason, warnings: string[] = [], audit?: Record<string, string>): Effective {
  return { outcome: warnings.length > 0 ? 'warn' : 'allow', reason, warnings, ...(audit ? { audit } : {}) };
}

function byVerdict(verdict: Verdict, settings: DecisionSettings): Effective {
  switch (verdict.reason) {
    case 'missing-snapshot':
    case 'invalid-snapshot':
    case 'decision-failed':
      return unusable(verdict.reason, verdict.detail, settings);
    case 'no-base-snapshot':
      return allow(verdict.reason, [shortLine(`mcp-drift-guard: nothing to compare with, ${verdict.detail}`)]);
    case 'compatible': {
      const { warned } = verdict;
      return allow(verdict.reason, warned.length > 0 ? findingWarnings(`mcp-drift-guard: ${warned.length} MCP change(s) worth a look`, warned) : []);
    }
    case 'recreate':
    case 'allow-breaking':
    case 'breaking':
      break;
    default:
      return allow(verdict.reason);
  }
  if (verdict.blocking === undefined) return allow(verdict.reason);
  const { blocking, workload, base, head } = verdict;
  const count = String(blocking.length);
  if (verdict.reason === 'recreate') {
    const lead = `mcp-drift-guard: Recreate update with ${count} breaking MCP change(s): connected clients will see the new tools at once`;
    return allow('recreate', findingWarnings(lead, blocking), { decision: 'recreate', 'breaking-findings': count });
  }
  if (verdict.reason === 'allow-breaking') {
    const because = verdict.allowedBecause ?? '';
    const lead = `mcp-drift-guard: ${count} breaking MCP change(s) allowed by ${ALLOW_BREAKING_ANNOTATION}: ${because}`;
    return allow('allow-breaking', [shortLine(lead)], { decision: 'allow-breaking', 'allow-breaking-reason': auditValue(because), 'breaking-findings': count });
  }
  if (settings.mode === 'enforce') {
    return {
      outcome: 'deny',
      reason: 'breaking',
      denial: denialMessage(workload, base, head, blocking),
      warnings: [],
      audit: { decision: 'deny', 'breaking-findings': count },
    };
  }
  if (settings.mode === 'warn') {
    const lead = `mcp-drift-guard: ${count} breaking MCP change(s) ${base.version} -> ${head.version} in a ${workload.strategyName} of ${workload.name}; ship blue-green`;
    // Like the denial, say how to accept the break knowingly: in warn mode the same update is denied under enforce.
    const accept = `mcp-drift-guard: to accept the break, annotate the pod template ${ALLOW_BREAKING_ANNOTATION}: "<reason>"`;
    return allow('breaking', [...findingWarnings(lead, blocking), accept], { decision: 'warn', 'breaking-findings': count });
  }
  return allow('breaking', [], { decision: 'would-deny', 'breaking-findings': count });
}

/** The command that writes the snapshot annotation into a manifest. */
const ANNOTATE_COMMAND = 'mcp-drift-guard annotate --snapshot mcp-snapshot.json MANIFEST.yaml';

/** No usable snapshot, or the judging failed: `--missing-snapshot`, acted on by the mode like any verdict. */
function unusable(reason: 'missing-snapshot' | 'invalid-snapshot' | 'decision-failed', detail: string, settings: DecisionSettings): Effective {
  const failed = reason === 'decision-failed';
  // A failed review is never silent: its reason goes to the audit log whatever the action.
  const audit = (decision: string): Record<string, string> => ({ decision, reason, ...(failed ? { error: auditValue(detail) } : {}) });
  // warn turns a deny into a warning, dryrun only records it.
  const action = settings.missingSnapshot === 'deny' && settings.mode !== 'enforce' ? (settings.mode === 'warn' ? 'warn' : 'record') : settings.missingSnapshot;
  if (action === 'record') return { outcome: 'allow', reason, warnings: [], audit: audit('would-deny') };
  if (action === 'deny') {
    const denial = failed
      ? `mcp-drift-guard: the MCP snapshots of this update could not be judged, so it is treated as having no usable snapshot: ${oneLine(detail)}`
      : `mcp-drift-guard: no usable MCP snapshot for the new pod template: ${oneLine(detail)}\nWrite one with: ${ANNOTATE_COMMAND}`;
    return { outcome: 'deny', reason, denial, warnings: [], audit: audit('deny') };
  }
  if (action === 'warn') {
    const warning = shortLine(`mcp-drift-guard: ${failed ? 'not judged, ' : reason === 'invalid-snapshot' ? 'unusable snapshot, ' : ''}${detail}`);
    // A missing or unusable snapshot is fixed by writing one, as the denial says; a failed judging is not.
    const fix = failed ? [] : [`mcp-drift-guard: write one with: ${ANNOTATE_COMMAND}`];
    return { outcome: 'warn', reason, warnings: [warning, ...fix], audit: audit('warn') };
  }
  return { outcome: 'allow', reason, warnings: [], ...(failed ? { audit: audit('allow') } : {}) };
}
