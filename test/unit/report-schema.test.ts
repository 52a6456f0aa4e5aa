// The machine-readable reports validated against their schemas, on real diff output of the weather fixtures:
// json against schemas/report.schema.json (shipped in the package), sarif against the SARIF 2.1.0 structure.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../src/diff/index.js';
import { RULES } from '../../src/diff/rules.js';
import { applyPolicy, parsePolicy } from '../../src/policy/index.js';
import { buildReport, renderReport } from '../../src/report/index.js';
import { parseSnapshot } from '../../src/snapshot/index.js';
import { findingText } from '../../src/report/consequence.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv | Ajv2020) => void;
const fixture = (name: string) => new URL(`../fixtures/snapshots/${name}`, import.meta.url);
function sourced(name: string) {
  const text = readFileSync(fixture(name), 'utf8');
  return { snapshot: parseSnapshot(text, name), source: `test/fixtures/snapshots/${name}`, file: `test/fixtures/snapshots/${name}`, text };
}
const base = sourced('weather-1.0.0.json');
const head = sourced('weather-2.0.0.json');
const findings = diffSnapshots(base.snapshot, head.snapshot);

const reportSchema = JSON.parse(readFileSync(new URL('../../schemas/report.schema.json', import.meta.url), 'utf8'));
const ajv2020 = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv2020);
const validateReport = ajv2020.compile(reportSchema);

const sarifSchema = JSON.parse(readFileSync(new URL('../fixtures/report/sarif-2.1.0-subset.schema.json', import.meta.url), 'utf8'));
const ajv07 = new Ajv({ allErrors: true, strict: false });
addFormats(ajv07);
const validateSarif = ajv07.compile(sarifSchema);

describe('json report schema', () => {
  it('the weather 1.0.0 -> 2.0.0 diff has breaking, warning and safe findings to validate', () => {
    const severities = new Set(findings.map((f) => f.severity));
    expect(severities).toEqual(new Set(['breaking', 'warning', 'safe']));
  });

  it('real output validates', () => {
    const json = JSON.parse(renderReport(buildReport(base, head, findings), 'json'));
    expect(validateReport(json), JSON.stringify(validateReport.errors)).toBe(true);
    expect(json.summary.breaking).toBe(findings.filter((f) => f.severity === 'breaking').length);
  });

  it('an empty diff validates', () => {
    const json = JSON.parse(renderReport(buildReport(base, base, diffSnapshots(base.snapshot, base.snapshot)), 'json'));
    expect(json.findings).toEqual([]);
    expect(validateReport(json)).toBe(true);
  });

  it('the schema rejects what breaks the contract', () => {
    const json = JSON.parse(renderReport(buildReport(base, head, findings), 'json'));
    const broken = structuredClone(json);
    delete broken.findings[0].fingerprint;
    expect(validateReport(broken)).toBe(false);
    const extra = structuredClone(json);
    extra.findings[0].severity = 'fatal';
    expect(validateReport(extra)).toBe(false);
    expect(validateReport({ ...json, format: 2 })).toBe(false);
  });
});

describe('sarif', () => {
  const policy = parsePolicy(`ignore:\n  - fingerprint: ${findings.find((f) => f.severity === 'breaking')!.fingerprint}\n    reason: "accepted: clients migrated"`, 'p.yml');
  const result = applyPolicy(findings, policy);
  const sarifText = renderReport(buildReport(base, head, result.findings), 'sarif', { head: { file: head.file, text: head.text }, ignored: result.ignored });
  const sarif = JSON.parse(sarifText);

  it('validates against the SARIF 2.1.0 structure', () => {
    expect(validateSarif(sarif), JSON.stringify(validateSarif.errors)).toBe(true);
  });

  it('describes every catalogue rule, and each result points at its rule', () => {
    const run = sarif.runs[0];
    expect(run.tool.driver.name).toBe('mcp-drift-guard');
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(RULES.map((r) => r.id));
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
    expect(run.results).toHaveLength(findings.length);
  });

  it('maps severity to level, keeps fingerprints, locates subjects in the head file, suppresses ignored findings', () => {
    const run = sarif.runs[0];
    const levels = { breaking: 'error', warning: 'warning', safe: 'note' } as const;
    for (const f of findings) {
      const r = run.results.find((x: { partialFingerprints: Record<string, string> }) => x.partialFingerprints['mcpDriftGuard/v1'] === f.fingerprint);
      expect(r.level).toBe(levels[f.severity]);
      expect(r.message.text).toBe(findingText(f));
      expect(r.locations[0].logicalLocations[0].fullyQualifiedName).toBe(`${f.subject.kind}/${f.subject.name}`);
      expect(r.locations[0].physicalLocation.artifactLocation.uri).toBe('test/fixtures/snapshots/weather-2.0.0.json');
    }
    // Each result sits on the line its head pointer names (the canonical file puts one key per line).
    const textLines = head.text.split('\n');
    for (const f of findings.filter((x) => x.pointer.after !== undefined)) {
      const r = run.results.find((x: { partialFingerprints: Record<string, string> }) => x.partialFingerprints['mcpDriftGuard/v1'] === f.fingerprint);
      const tokens = f.pointer.after!.split('/').slice(1);
      const lastKey = tokens.at(-1)!;
      const lineText = textLines[r.locations[0].physicalLocation.region.startLine - 1]!;
      if (/^\d+$/.test(lastKey)) expect(lineText.trim()).toMatch(/^\{|^"/);
      else expect(lineText.trim().startsWith(`"${lastKey}":`), `${f.pointer.after} -> ${lineText}`).toBe(true);
    }
    const suppressed = run.results.filter((r: { suppressions?: unknown[] }) => r.suppressions);
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0].suppressions[0]).toEqual({ kind: 'external', justification: 'accepted: clients migrated' });
  });

  it('the schema catches a malformed log', () => {
    const bad = structuredClone(sarif);
    bad.runs[0].results[0].level = 'fatal';
    expect(validateSarif(bad)).toBe(false);
    const noMessage = structuredClone(sarif);
    delete noMessage.runs[0].results[0].message;
    expect(validateSarif(noMessage)).toBe(false);
  });
});
