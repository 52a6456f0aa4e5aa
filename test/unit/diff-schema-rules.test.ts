// One table per JSON Schema rule family, each change checked as a request (tool input) and as a response
// (tool output): the same change has opposite severities, as the direction says.
import { describe, expect, it } from 'vitest';
import { EXPECTED_SEVERITY, SCHEMA_CASES } from '../fixtures/diff/cases.js';
import { diffSchema, lookup, schemaSnapshots, type Area } from '../fixtures/diff/run.js';
import { SEVERITY_ORDER } from '../../src/diff/types.js';
import { diffSnapshots } from '../../src/diff/index.js';

for (const [group, cases] of Object.entries(SCHEMA_CASES)) {
  describe(`schema rules: ${group}`, () => {
    for (const c of cases) {
      const areas: Area[] = c.inputOnly ? ['input'] : ['input', 'output'];
      for (const area of areas) {
        const expected = EXPECTED_SEVERITY[c.effect][area];
        it(`${c.name}: ${area}-${c.family} (${expected} as ${area})`, () => {
          const findings = diffSchema(area, c.before, c.after);
          const rules = findings.map((f) => f.rule).sort();
          expect(rules).toEqual([c.family, ...(c.also ?? [])].map((f) => `${area}-${f}`).sort());
          const worst = findings.reduce((w, f) => (SEVERITY_ORDER[f.severity] < SEVERITY_ORDER[w] ? f.severity : w), 'safe' as keyof typeof SEVERITY_ORDER);
          expect(worst).toBe(expected);
          for (const f of findings) {
            expect(f.subject).toEqual({ kind: 'tool', name: 'subject_tool' });
            expect(f.message).toMatch(new RegExp(`^tool "subject_tool" ${area} "p`));
            expect(f.message).not.toMatch(/\n/);
            expect(f.fingerprint).toMatch(/^[0-9a-f]{12}$/);
          }
        });
      }
    }
  });
}

describe('direction decides severity', () => {
  const narrowing = { before: { type: 'string', enum: ['c', 'f', 'k'] }, after: { type: 'string', enum: ['c', 'f'] } };
  it('an enum value removed breaks a request and is safe in a response', () => {
    expect(diffSchema('input', narrowing.before, narrowing.after).map((f) => [f.rule, f.severity])).toEqual([['input-enum-value-removed', 'breaking']]);
    expect(diffSchema('output', narrowing.before, narrowing.after).map((f) => [f.rule, f.severity])).toEqual([['output-enum-value-removed', 'safe']]);
  });
  it('the reverse change has the reverse severities', () => {
    expect(diffSchema('input', narrowing.after, narrowing.before).map((f) => [f.rule, f.severity])).toEqual([['input-enum-value-added', 'safe']]);
    expect(diffSchema('output', narrowing.after, narrowing.before).map((f) => [f.rule, f.severity])).toEqual([['output-enum-value-added', 'breaking']]);
  });
});

describe('findings point at what they describe', () => {
  it('pointer.before / pointer.after resolve in the base / head snapshot, and before/after values match for keyword changes', () => {
    let checked = 0;
    for (const cases of Object.values(SCHEMA_CASES)) {
      for (const c of cases) {
        for (const area of ['input', 'output'] as const) {
          const { base, head } = schemaSnapshots(area, c.before, c.after);
          for (const f of diffSnapshots(base, head)) {
            if (f.pointer.before !== undefined) expect(lookup(base, f.pointer.before), `${c.name} ${f.rule} before ${f.pointer.before}`).not.toBeUndefined();
            if (f.pointer.after !== undefined) expect(lookup(head, f.pointer.after), `${c.name} ${f.rule} after ${f.pointer.after}`).not.toBeUndefined();
            expect(f.pointer.before ?? f.pointer.after).toBeDefined();
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(150);
  });

  it('a bound change shows the bound keywords as written (draft-04 boolean or draft-06+ number)', () => {
    const [f] = diffSchema('input', { type: 'number', minimum: 0, exclusiveMinimum: true }, { type: 'number', exclusiveMinimum: 1 });
    expect(f).toMatchObject({ rule: 'input-minimum-tightened', before: { minimum: 0, exclusiveMinimum: true }, after: { exclusiveMinimum: 1 }, pointer: { before: '/tools/0/inputSchema/properties/p/minimum', after: '/tools/0/inputSchema/properties/p/exclusiveMinimum' } });
    expect(f!.message).toBe('tool "subject_tool" input "p": minimum > 0 became > 1');
  });

  it('a nested change points into the schema and names the place in the message', () => {
    const [f] = diffSchema('input', { type: 'object', properties: { where: { type: 'object', properties: { units: { enum: ['c', 'k'] } } } } }, { type: 'object', properties: { where: { type: 'object', properties: { units: { enum: ['c'] } } } } });
    expect(f).toMatchObject({
      rule: 'input-enum-value-removed',
      pointer: { before: '/tools/0/inputSchema/properties/p/properties/where/properties/units/enum' },
      before: 'k',
      message: 'tool "subject_tool" input "p.where.units": value "k" is no longer allowed',
    });
  });
});
