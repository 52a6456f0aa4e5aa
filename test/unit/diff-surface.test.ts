// MCP surface rules: tools (renames, aliases, descriptions, annotations, task support, output schemas),
// prompts, resource templates and capabilities; plus the order, pointers and fingerprints of findings.
import { describe, expect, it } from 'vitest';
import { SURFACE_CASES, forecastInput, snapshot, tool } from '../fixtures/diff/cases.js';
import { lookup } from '../fixtures/diff/run.js';
import { diffSnapshots } from '../../src/diff/index.js';
import type { Finding } from '../../src/diff/types.js';

for (const [group, cases] of Object.entries(SURFACE_CASES)) {
  describe(`surface rules: ${group}`, () => {
    for (const c of cases) {
      it(c.name, () => {
        const findings = diffSnapshots(c.base, c.head);
        expect(findings.map((f) => ({ rule: f.rule, severity: f.severity, subject: f.subject.name }))).toEqual(c.expect.map(({ rule, severity, subject }) => ({ rule, severity, subject })));
        c.expect.forEach((e, i) => {
          if (e.message) expect(findings[i]!.message).toMatch(e.message);
        });
        for (const f of findings) {
          if (f.pointer.before !== undefined) expect(lookup(c.base, f.pointer.before), `${f.rule} ${f.pointer.before}`).not.toBeUndefined();
          if (f.pointer.after !== undefined) expect(lookup(c.head, f.pointer.after), `${f.rule} ${f.pointer.after}`).not.toBeUndefined();
        }
      });
    }
  });
}

describe('the weather example: what a careful reader sees', () => {
  const v1 = snapshot({
    tools: [
      tool('get_forecast', { inputSchema: { type: 'object', properties: { city: { type: 'string' }, units: { type: 'string', enum: ['celsius', 'fahrenheit', 'kelvin'] } }, required: ['city'] } }),
      tool('lookup_station', { inputSchema: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } }),
    ],
  });
  const v2 = snapshot({
    tools: [tool('get_forecast', { inputSchema: { type: 'object', properties: { city: { type: 'string' }, country: { type: 'string' }, units: { type: 'string', enum: ['celsius', 'fahrenheit'] } }, required: ['city', 'country'] } })],
  });
  const findings = diffSnapshots(v1, v2);

  it('lists breaking first, grouped by subject, then safe', () => {
    expect(findings.map((f) => `${f.severity} ${f.rule} ${f.subject.name}`)).toEqual([
      'breaking input-enum-value-removed get_forecast',
      'breaking input-required-property-added get_forecast',
      'breaking tool-removed lookup_station',
    ]);
  });

  it('says it in one line a person understands', () => {
    expect(findings.map((f) => f.message)).toEqual([
      'tool "get_forecast" input "units": value "kelvin" is no longer allowed',
      'tool "get_forecast" input "country": now required',
      'tool "lookup_station" was removed; clients calling it fail',
    ]);
  });

  it('is deterministic: the same input, the same output, whatever the list order', () => {
    const shuffled = { ...v2, tools: [...v2.tools].reverse() };
    expect(diffSnapshots(v1, v2)).toEqual(findings);
    expect(diffSnapshots(structuredClone(v1), structuredClone(v2))).toEqual(findings);
    expect(diffSnapshots(v1, shuffled).map((f) => f.fingerprint)).toEqual(findings.map((f) => f.fingerprint));
  });

  it('diffing a snapshot with itself finds nothing', () => {
    expect(diffSnapshots(v1, v1)).toEqual([]);
    expect(diffSnapshots(v2, structuredClone(v2))).toEqual([]);
  });
});

describe('fingerprints', () => {
  const base = snapshot({ tools: [tool('get_forecast'), tool('lookup_station')] });
  const narrowed = (s: typeof base) => ({ ...s, tools: s.tools.map((t) => (t.name === 'get_forecast' ? { ...t, inputSchema: { ...forecastInput, required: ['city', 'days'] } } : t)) });
  const fp = (findings: Finding[]) => findings.map((f) => f.fingerprint);

  it('do not change when an unrelated tool is added before it (pointers shift, fingerprints do not)', () => {
    const withExtra = { ...base, tools: [tool('aaa_new', { inputSchema: { type: 'object', properties: { x: { type: 'string' } } } }), ...base.tools] };
    const plain = diffSnapshots(base, narrowed(base));
    const shifted = diffSnapshots(withExtra, narrowed(withExtra));
    expect(plain[0]!.pointer.after).toBe('/tools/0/inputSchema/required');
    expect(shifted[0]!.pointer.after).toBe('/tools/1/inputSchema/required');
    expect(fp(shifted)).toEqual(fp(plain));
  });

  it('do not change when a property moves into $defs', () => {
    const inline = snapshot({ tools: [tool('t', { inputSchema: { type: 'object', properties: { w: { type: 'object', properties: { u: { enum: ['a', 'b'] } } } } } })] });
    const viaRef = snapshot({ tools: [tool('t', { inputSchema: { type: 'object', properties: { w: { $ref: '#/$defs/W' } }, $defs: { W: { type: 'object', properties: { u: { enum: ['a'] } } } } } })] });
    const inlineAfter = snapshot({ tools: [tool('t', { inputSchema: { type: 'object', properties: { w: { type: 'object', properties: { u: { enum: ['a'] } } } } } })] });
    expect(fp(diffSnapshots(inline, viaRef))).toEqual(fp(diffSnapshots(inline, inlineAfter)));
  });

  it('differ between findings of one diff', () => {
    const v1 = snapshot({ tools: [tool('t', { inputSchema: { type: 'object', properties: { a: { enum: [1, 2, 3] }, b: { enum: [1, 2, 3] } } } })] });
    const v2 = snapshot({ tools: [tool('t', { inputSchema: { type: 'object', properties: { a: { enum: [1] }, b: { enum: [1] } } } })] });
    const prints = fp(diffSnapshots(v1, v2));
    expect(prints).toHaveLength(4);
    expect(new Set(prints).size).toBe(4);
  });
});
