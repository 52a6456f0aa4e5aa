// The catalogue cannot drift from the code: every rule in RULES is produced by some test case, every id the
// engine produces is in RULES, severities follow effect x direction, and each example really shows its rule.
import { describe, expect, it } from 'vitest';
import { SCHEMA_CASES, SURFACE_CASES, VERSIONING_CASES, versioningPair } from '../fixtures/diff/cases.js';
import { diffSchema } from '../fixtures/diff/run.js';
import { diffSnapshots } from '../../src/diff/index.js';
import { RULES, ruleById, schemaRule, type SchemaFamilyId } from '../../src/diff/rules.js';
import { applyPolicy } from '../../src/policy/apply.js';
import { DEFAULT_POLICY } from '../../src/policy/types.js';

function producedByCases(): Set<string> {
  const produced = new Set<string>();
  for (const cases of Object.values(SCHEMA_CASES)) {
    for (const c of cases) {
      for (const area of c.inputOnly ? (['input'] as const) : (['input', 'output'] as const)) {
        for (const f of diffSchema(area, c.before, c.after)) produced.add(f.rule);
        for (const f of diffSchema(area, c.after, c.before)) produced.add(f.rule);
      }
    }
  }
  for (const cases of Object.values(SURFACE_CASES)) {
    for (const c of cases) {
      for (const f of diffSnapshots(c.base, c.head)) produced.add(f.rule);
      for (const f of diffSnapshots(c.head, c.base)) produced.add(f.rule);
    }
  }
  // The one rule the policy makes (it needs the versions and the policy's verdict on the others).
  for (const c of VERSIONING_CASES) {
    const { base, head } = versioningPair(c);
    const result = applyPolicy(diffSnapshots(base, head), { ...DEFAULT_POLICY, versioning: 'semver' }, new Date(), { base: base.server, head: head.server });
    for (const f of result.findings) produced.add(f.rule);
  }
  return produced;
}

describe('rule catalogue', () => {
  const produced = producedByCases();

  it('every rule id in RULES is produced by at least one test case', () => {
    expect(RULES.map((r) => r.id).filter((id) => !produced.has(id))).toEqual([]);
  });

  it('every produced rule id is in RULES', () => {
    expect([...produced].filter((id) => !ruleById(id))).toEqual([]);
  });

  it('ids are unique kebab-case and every row is complete', () => {
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    for (const r of RULES) {
      expect(r.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(r.title.length).toBeGreaterThan(3);
      expect(r.description.length).toBeGreaterThan(10);
      expect(r.example).toHaveProperty('before');
      expect(r.example).toHaveProperty('after');
    }
  });

  it('severity is derived from effect and direction, never typed in', () => {
    const expected = (effect: string, direction: string) =>
      effect === 'incomparable' ? 'breaking' : effect === 'hazard' ? 'warning' : effect === 'neutral' ? 'safe' : (effect === 'narrows') === (direction !== 'response') ? 'breaking' : 'safe';
    for (const r of RULES) expect(`${r.id}: ${r.severity}`).toBe(`${r.id}: ${expected(r.effect, r.direction)}`);
  });

  it('input rules are requests and output rules are responses, with opposite severities for the same narrowing or widening', () => {
    for (const r of RULES.filter((x) => x.id.startsWith('input-'))) {
      expect(r.direction).toBe('request');
      const twin = ruleById(r.id.replace(/^input-/, 'output-'));
      if (twin) {
        expect(twin.direction).toBe('response');
        if (r.effect === 'narrows' || r.effect === 'widens') expect(twin.severity).not.toBe(r.severity);
      }
    }
  });

  it("each schema rule's example, diffed, produces that rule", () => {
    for (const r of RULES.filter((x) => x.family)) {
      const area = r.id.startsWith('input-') ? 'input' : 'output';
      const rules = diffSchema(area, r.example.before, r.example.after).map((f) => f.rule);
      expect(rules, r.id).toContain(r.id);
    }
  });

  it('each schema rule id is spelled as its area and family, and schemaRule finds it from them', () => {
    for (const rule of RULES.filter((r) => r.family !== undefined)) {
      const area = rule.direction === 'request' ? 'input' : 'output';
      expect(rule.id).toBe(`${area}-${rule.family}`);
      expect(schemaRule(area, rule.family as SchemaFamilyId)).toBe(rule.id);
    }
    expect(() => schemaRule('output', 'default-changed')).toThrow(/no output rule/);
  });

  it('covers the families of the Confluent JSON Schema checks and the MCP surface (size report)', () => {
    const families = new Set(RULES.filter((r) => r.family).map((r) => r.family));
    for (const f of ['type-narrowed', 'type-widened', 'type-changed', 'required-property-added', 'required-property-removed', 'property-added-closed', 'property-removed-open', 'additional-properties-closed', 'enum-value-removed', 'const-changed', 'min-length-tightened', 'max-length-loosened', 'minimum-tightened', 'maximum-loosened', 'min-items-tightened', 'max-items-tightened', 'min-properties-tightened', 'max-properties-loosened', 'pattern-changed', 'format-added', 'multiple-of-changed', 'unique-items-added', 'any-of-option-removed', 'one-of-option-added', 'all-of-schema-added', 'not-changed', 'default-changed', 'description-changed']) {
      expect(families.has(f), f).toBe(true);
    }
    expect(RULES.length).toBeGreaterThanOrEqual(120);
  });
});
