// Builds the JSON report contract (DESIGN.md "Findings", schemas/report.schema.json) from two sourced
// snapshots and the findings that count; every renderer starts from this one object.
import { uncomparedParts } from '../diff/index.js';
import type { DiffReport, Finding, Severity, Summary } from '../diff/types.js';
import type { SourcedSnapshot } from '../snapshot/types.js';

export function summarize(findings: readonly Finding[]): Summary {
  const summary: Summary = { breaking: 0, warning: 0, safe: 0 };
  for (const finding of findings) summary[finding.severity as Severity] += 1;
  return summary;
}

export function buildReport(base: SourcedSnapshot, head: SourcedSnapshot, findings: Finding[]): DiffReport {
  const side = (s: SourcedSnapshot) => ({ server: { name: s.snapshot.server.name, version: s.snapshot.server.version }, source: s.source });
  const report: DiffReport = { format: 1, base: side(base), head: side(head), summary: summarize(findings), findings };
  const notCompared = uncomparedParts(base.snapshot, head.snapshot);
  if (notCompared.length > 0) report.notCompared = notCompared;
  return report;
}

const PART_NAMES: Record<NonNullable<DiffReport['notCompared']>[number]['part'], string> = {
  capabilities: 'capabilities',
  tools: 'tools',
  prompts: 'prompts',
  resourceTemplates: 'resource templates',
  resources: 'resources',
  instructions: 'instructions',
  protocolVersions: 'protocol revisions',
  transports: 'HTTP transports',
};

/** The one line a report says about what was not compared, or undefined when everything was. */
export function notComparedLine(report: DiffReport): string | undefined {
  const parts = report.notCompared ?? [];
  if (parts.length === 0) return undefined;
  const side = (missingIn: 'base' | 'head') => {
    const names = parts.filter((p) => p.missingIn === missingIn).map((p) => PART_NAMES[p.part]);
    return names.length === 0 ? [] : [`${names.join(', ')} (the ${missingIn} did not capture ${names.length === 1 ? 'it' : 'them'})`];
  };
  return `Not compared: ${[...side('base'), ...side('head')].join('; ')}.`;
}
