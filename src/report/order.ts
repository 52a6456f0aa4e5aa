// The reading order shared by the human formats: breaking first, then warnings, then safe changes, each
// grouped by subject in the diff's one subject order (diff/finding.ts), keeping the diff's own order inside a subject.
import { compareSubjects } from '../diff/finding.js';
import type { Finding, Severity, Summary } from '../diff/types.js';
import { failsOn } from '../policy/apply.js';
import { formatSubject } from '../policy/subject.js';
import type { FailOn } from '../policy/types.js';

export const SEVERITIES: readonly Severity[] = ['breaking', 'warning', 'safe'];

export interface SubjectGroup {
  subject: string;
  findings: Finding[];
}

export function groupBySubject(findings: readonly Finding[]): SubjectGroup[] {
  const groups = new Map<string, SubjectGroup>();
  const sorted = findings
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => compareSubjects(a.finding.subject, b.finding.subject) || a.index - b.index);
  for (const { finding } of sorted) {
    const key = formatSubject(finding.subject);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { subject: key, findings: [] }));
    group.findings.push(finding);
  }
  return [...groups.values()];
}

export function bySeverity(findings: readonly Finding[]): Record<Severity, Finding[]> {
  const out: Record<Severity, Finding[]> = { breaking: [], warning: [], safe: [] };
  for (const finding of findings) out[finding.severity].push(finding);
  return out;
}

/** Every finding in reading order: by severity, then grouped by subject. */
export function readingOrder(findings: readonly Finding[]): Finding[] {
  const groups = bySeverity(findings);
  return SEVERITIES.flatMap((severity) => groupBySubject(groups[severity]).flatMap((group) => group.findings));
}

export function isFailing(findings: readonly Finding[], failOn: FailOn): boolean {
  return findings.some((finding) => failsOn(finding.severity, failOn));
}

/** "2 breaking, 1 warning, 3 safe". */
export function countLine(summary: Summary): string {
  return `${summary.breaking} breaking, ${summary.warning} warning${summary.warning === 1 ? '' : 's'}, ${summary.safe} safe`;
}
