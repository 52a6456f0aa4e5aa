// Applies a policy to findings: severity overrides and `off`, ignores (by fingerprint or rule + subject) with
// their expiry, and the fail-on verdict. Pure: `now` is a parameter so expiry is testable and reproducible.
import { compareFindings } from '../diff/finding.js';
import { SEVERITY_ORDER, type Finding } from '../diff/types.js';
import { formatSubject } from './subject.js';
import type { FailOn, IgnoredFinding, IgnoreEntry, Policy, PolicyResult } from './types.js';
import { versionNotBumped, type Versions } from './versioning.js';

/** Today's date in UTC as YYYY-MM-DD; an ignore expiring today still applies today. */
function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

function matches(entry: IgnoreEntry, finding: Finding): boolean {
  if (entry.fingerprint !== undefined) return entry.fingerprint === finding.fingerprint;
  return entry.rule === finding.rule && entry.subject?.kind === finding.subject.kind && entry.subject?.name === finding.subject.name;
}

function describeEntry(entry: IgnoreEntry, index: number): string {
  const what = entry.fingerprint !== undefined ? `fingerprint ${entry.fingerprint}` : `${entry.rule} on ${formatSubject(entry.subject!)}`;
  return `ignore[${index}] (${what})`;
}

/** True when a finding of this severity fails a run with this fail-on level. */
export function failsOn(severity: Finding['severity'], failOn: FailOn): boolean {
  return failOn !== 'never' && SEVERITY_ORDER[severity] <= SEVERITY_ORDER[failOn];
}

/** The policy with a front end's fail-on (the CLI's --fail-on, the Action's fail-on input) on top, when one is given. */
export function withFailOn(policy: Policy, failOn: FailOn | undefined): Policy {
  return failOn !== undefined ? { ...policy, failOn } : policy;
}

/**
 * `versions` (the base's and head's server info) lets `versioning: semver` judge the release: the version finding
 * is made from the findings the policy keeps, then goes through the same overrides and ignores as any other.
 */
export function applyPolicy(findings: Finding[], policy: Policy, now: Date = new Date(), versions?: Versions): PolicyResult {
  const today = utcDay(now);
  const notices: string[] = [];
  const active: { entry: IgnoreEntry; index: number }[] = [];
  policy.ignore.forEach((entry, index) => {
    if (entry.expires !== undefined && entry.expires < today) {
      const hits = findings.filter((finding) => matches(entry, finding)).length;
      notices.push(
        `${describeEntry(entry, index)} expired on ${entry.expires} and no longer applies` +
          (hits > 0 ? `: ${hits} finding${hits === 1 ? '' : 's'} count${hits === 1 ? 's' : ''} again` : ''),
      );
    } else {
      active.push({ entry, index });
    }
  });

  const kept: Finding[] = [];
  const ignored: IgnoredFinding[] = [];
  const judge = (original: Finding) => {
    const setting = policy.rules[original.rule];
    if (setting === 'off') return;
    const finding = setting !== undefined && setting !== original.severity ? { ...original, severity: setting } : original;
    const hit = active.find(({ entry }) => matches(entry, finding));
    if (hit) ignored.push({ finding, reason: hit.entry.reason });
    else kept.push(finding);
  };
  for (const original of findings) judge(original);
  if (policy.versioning === 'semver' && versions) {
    const unbumped = versionNotBumped(kept, versions);
    if (unbumped) {
      judge(unbumped);
      kept.sort(compareFindings);
    }
  }
  const blocking = kept.filter((finding) => failsOn(finding.severity, policy.failOn));
  return { findings: kept, ignored, notices, failOn: policy.failOn, blocking, failed: blocking.length > 0 };
}
