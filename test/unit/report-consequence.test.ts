// A finding's message says what changed; what it means for clients ("arguments valid before may now be rejected",
// or its witness) is added when rendering, from the severity after the policy: a rule a policy marks safe never
// reads as a break, in any format.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diffWithExamples } from '../../src/diff/index.js';
import { applyPolicy, parsePolicy } from '../../src/policy/index.js';
import { buildReport, REPORT_FORMATS, renderReport } from '../../src/report/index.js';
import { consequenceText } from '../../src/report/consequence.js';
import { parseSnapshot } from '../../src/snapshot/index.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { snapshot } from '../fixtures/diff/cases.js';

const days = (maximum: number) => ({ type: 'object', properties: { days: { type: 'integer', maximum } }, required: ['days'] });
const base = snapshot({ tools: [{ name: 'get_forecast', inputSchema: days(14) }] });
const head = snapshot({ tools: [{ name: 'get_forecast', inputSchema: days(7) }] });
const side = (s: Snapshot, source: string) => ({ snapshot: s, source });

async function render(policyText: string): Promise<Record<string, string>> {
  const { findings } = applyPolicy(await diffWithExamples(base, head), parsePolicy(policyText, '.mcp-drift-guard.yml'));
  const report = buildReport(side(base, 'base.json'), side(head, 'head.json'), findings);
  // Every finding, safe ones too (github lists breaking and warnings only by default).
  return Object.fromEntries(REPORT_FORMATS.map((format) => [format, renderReport(report, format, { show: 'all' })]));
}

describe('the consequence follows the final severity', () => {
  it('breaking by default: every format says what is now rejected, with the witness', async () => {
    const out = await render('');
    const example = (JSON.parse(out.json!) as { findings: { example: { days: number } }[] }).findings[0]!.example;
    for (const format of ['text', 'markdown', 'github', 'sarif', 'junit']) {
      expect(out[format], format).toMatch(/maximum (<|&lt;)= 14 became (<|&lt;)= 7; e\.g\. \{(\\?"|&quot;)days(\\?"|&quot;):\d+\} is now rejected/);
    }
    expect(out.text).toContain(`maximum <= 14 became <= 7; e.g. ${JSON.stringify(example)} is now rejected`);
    const json = JSON.parse(out.json!) as { findings: { message: string; example: unknown }[] };
    expect(json.findings[0]!.message).toBe('tool "get_forecast" input "days": maximum <= 14 became <= 7');
    expect(json.findings[0]!.example).toEqual(example);
    expect(example.days).toBeGreaterThan(7);
    expect(example.days).toBeLessThanOrEqual(14);
  });

  it('marked safe by the policy: no format says anything is rejected', async () => {
    const out = await render('rules:\n  input-maximum-tightened: safe\n');
    expect(out.text).toContain('SAFE (1)');
    for (const format of REPORT_FORMATS) {
      // SARIF's rule catalogue describes every rule; what counts is the result's message.
      const text = format === 'sarif' ? (JSON.parse(out.sarif!) as { runs: { results: { message: { text: string } }[] }[] }).runs[0]!.results[0]!.message.text : out[format];
      expect(text, format).toMatch(/maximum (<|&lt;)= 14 became (<|&lt;)= 7/);
      expect(text, format).not.toMatch(/rejected|may now/);
    }
    // The example stays in the JSON report: it is a fact about the change, whatever the policy makes of it.
    expect((JSON.parse(out.json!) as { findings: { example: unknown }[] }).findings[0]!.example).toHaveProperty('days');
  });

  it('a widening a policy marks breaking claims no rejection; outputs say old clients reject the new result', () => {
    expect(consequenceText({ rule: 'input-maximum-loosened', severity: 'breaking' })).toBeUndefined();
    expect(consequenceText({ rule: 'input-maximum-tightened', severity: 'breaking' })).toBe('arguments valid before may now be rejected');
    expect(consequenceText({ rule: 'input-maximum-tightened', severity: 'warning', example: { days: 14 } })).toBeUndefined();
    expect(consequenceText({ rule: 'output-enum-value-added', severity: 'breaking', example: { s: 'new' } })).toBe('e.g. {"s":"new"} is now possible and clients on the old outputSchema reject it');
    expect(consequenceText({ rule: 'output-enum-value-added', severity: 'breaking' })).toBe('results may now fail validation in clients built against the old outputSchema');
    expect(consequenceText({ rule: 'tool-removed', severity: 'breaking' })).toBeUndefined();
  });
});

// The fixture pair the README shows keeps working end to end (parse -> diff -> text).
it('the weather fixtures render their witnesses in text', async () => {
  const read = (v: string) => parseSnapshot(readFileSync(new URL(`../fixtures/snapshots/weather-${v}.json`, import.meta.url), 'utf8'), v);
  const b = read('1.0.0');
  const h = read('2.0.0');
  const report = buildReport(side(b, 'a'), side(h, 'b'), await diffWithExamples(b, h));
  const text = renderReport(report, 'text');
  expect(text).toMatch(/input-maximum-tightened: tool "get_forecast" input "days": maximum <= 14 became <= 7; e\.g\. \{"city":"x","units":"[a-z]+","days":(8|9|1[0-4])\} is now rejected/);
  expect(text).toMatch(/input-required-property-added: tool "get_forecast" input "units": now required; e\.g\. \{"city":"x"\} is now rejected/);
});
