// SARIF 2.1.0 for GitHub code scanning: rule metadata from the catalogue, one result per finding (ignored
// findings as suppressed results, with the policy's reason), located at the subject's line in the head file.
import type { DiffReport, Finding, Severity } from '../diff/types.js';
import type { CatalogueRule } from '../policy/catalogue.js';
import { CATALOGUE } from '../policy/catalogue.js';
import { formatSubject } from '../policy/subject.js';
import { VERSION } from '../version.js';
import { findingLines } from './locate.js';
import { readingOrder } from './order.js';
import type { RenderOptions } from './types.js';
import { findingText } from './consequence.js';

const LEVELS: Record<Severity, 'error' | 'warning' | 'note'> = { breaking: 'error', warning: 'warning', safe: 'note' };

/** A relative file path as a SARIF uri-reference: forward slashes, each segment percent-encoded. */
function fileUri(path: string): string {
  return path.split(/[\\/]/).map(encodeURIComponent).join('/');
}

interface SarifRule {
  id: string;
  shortDescription: { text: string };
  fullDescription?: { text: string };
  help?: { text: string };
  defaultConfiguration: { level: 'error' | 'warning' | 'note' };
  properties: { direction: string; tags: string[] };
}

function descriptor(rule: CatalogueRule): SarifRule {
  return {
    id: rule.id,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    help: { text: `${rule.description}\nExample, before: ${JSON.stringify(rule.example.before)}\nafter: ${JSON.stringify(rule.example.after)}` },
    defaultConfiguration: { level: LEVELS[rule.severity] },
    properties: { direction: rule.direction, tags: ['mcp', rule.source === 'lint' ? 'kubernetes' : rule.direction === 'none' ? 'surface' : rule.direction] },
  };
}

/** The diff catalogue always (the rules a diff applies); lint rules when a lint finding is present. */
function catalogueRules(findings: readonly Finding[]): SarifRule[] {
  const used = new Set(findings.map((f) => f.rule));
  const rules = CATALOGUE.filter((rule) => rule.source === 'diff' || used.has(rule.id)).map(descriptor);
  // A finding whose rule is not in the catalogue (a newer engine) still gets a descriptor, so ruleIndex holds.
  for (const finding of findings) {
    if (!rules.some((rule) => rule.id === finding.rule)) {
      rules.push({ id: finding.rule, shortDescription: { text: finding.rule }, defaultConfiguration: { level: LEVELS[finding.severity] }, properties: { direction: 'none', tags: ['mcp'] } });
    }
  }
  return rules;
}

export function renderSarif(report: DiffReport, options: RenderOptions = {}): string {
  const ignored = options.ignored ?? [];
  const all = [...report.findings, ...ignored.map((i) => i.finding)];
  const rules = catalogueRules(all);
  const index = new Map(rules.map((rule, i) => [rule.id, i]));
  const file = options.head?.file;
  const lineOf = file !== undefined && options.head?.text !== undefined ? findingLines(options.head.text, all) : undefined;

  const result = (finding: Finding, suppression?: string) => {
    const line = lineOf?.(finding);
    const physicalLocation =
      file !== undefined ? { artifactLocation: { uri: fileUri(file) }, ...(line !== undefined ? { region: { startLine: line } } : {}) } : undefined;
    return {
      ruleId: finding.rule,
      ruleIndex: index.get(finding.rule)!,
      level: LEVELS[finding.severity],
      message: { text: findingText(finding) },
      locations: [
        {
          ...(physicalLocation ? { physicalLocation } : {}),
          logicalLocations: [{ name: finding.subject.name, fullyQualifiedName: formatSubject(finding.subject), kind: finding.subject.kind }],
        },
      ],
      partialFingerprints: { 'mcpDriftGuard/v1': finding.fingerprint },
      ...(suppression !== undefined ? { suppressions: [{ kind: 'external', justification: suppression }] } : {}),
      properties: { subject: formatSubject(finding.subject), ...(finding.pointer.before ? { pointerBefore: finding.pointer.before } : {}), ...(finding.pointer.after ? { pointerAfter: finding.pointer.after } : {}) },
    };
  };

  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'mcp-drift-guard', semanticVersion: VERSION, version: VERSION, rules } },
        results: [...readingOrder(report.findings).map((f) => result(f)), ...ignored.map((i) => result(i.finding, i.reason))],
        properties: { base: report.base, head: report.head, summary: report.summary },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
