// The JSON report: DESIGN.md's stable contract, documented by schemas/report.schema.json.
// Findings are projected onto the contract's fields, so nothing internal leaks into a format consumers parse.
import type { DiffReport, Finding } from '../diff/types.js';

function contractFinding(finding: Finding): Finding {
  const { rule, severity, subject, pointer, before, after, message, fingerprint, example, noExample } = finding;
  const out: Finding = { rule, severity, subject: { kind: subject.kind, name: subject.name }, pointer, before, after, message, fingerprint };
  // `example: null` is an example (a null result), so presence is what counts, not the value.
  if ('example' in finding) out.example = example;
  if (noExample !== undefined) out.noExample = noExample;
  return out;
}

export function renderJson(report: DiffReport): string {
  const { format, base, head, summary, findings } = report;
  return `${JSON.stringify({ format, base, head, summary, findings: findings.map(contractFinding) }, null, 2)}\n`;
}
