// Builds the JSON report contract (DESIGN.md "Findings", schemas/report.schema.json) from two sourced
// snapshots and the findings that count; every renderer starts from this one object.
import type { DiffReport, Finding, Severity, Summary } from '../diff/types.js';
import type { SourcedSnapshot } from '../snapshot/types.js';

export function summarize(findings: readonly Finding[]): Summary {
  const summary: Summary = { breaking: 0, warning: 0, safe: 0 };
  for (const finding of findings) summary[finding.severity as Severity] += 1;
  return summary;
}

export function buildReport(base: SourcedSnapshot, head: SourcedSnapshot, findings: Finding[]): DiffReport {
  const side = (s: SourcedSnapshot) => ({ server: { name: s.snapshot.server.name, version: s.snapshot.server.version }, source: s.source });
  return { format: 1, base: side(base), head: side(head), summary: summarize(findings), findings };
}
