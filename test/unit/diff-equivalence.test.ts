// Semantics, not syntax: equivalent spellings give no finding; recursive schemas terminate; broken or foreign
// schemas give a warning or a best-effort diff, never a crash.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EQUIVALENT_CASES, snapshot } from '../fixtures/diff/cases.js';
import { diffSchema } from '../fixtures/diff/run.js';
import { diffSnapshots } from '../../src/diff/index.js';
import type { Snapshot, Tool } from '../../src/snapshot/types.js';
import { ruleById } from '../../src/diff/rules.js';

describe('equivalent schemas give no finding', () => {
  for (const c of EQUIVALENT_CASES) {
    for (const area of ['input', 'output'] as const) {
      it(`${c.name} (${area})`, () => {
        expect(diffSchema(area, c.before, c.after)).toEqual([]);
        expect(diffSchema(area, c.after, c.before)).toEqual([]);
      });
    }
  }
});

const node = (extra: Record<string, unknown> = {}) => ({ type: 'object', properties: { value: { type: 'string' }, next: { $ref: '#/$defs/Node' }, ...extra } });

describe('recursive schemas terminate', () => {
  it('a direct cycle, unchanged, gives nothing; a change deep inside is found once', () => {
    const before = { $ref: '#/$defs/Node', $defs: { Node: node() } };
    expect(diffSchema('input', before, structuredClone(before))).toEqual([]);
    const after = { $ref: '#/$defs/Node', $defs: { Node: node({ value: { type: 'number' } }) } };
    const findings = diffSchema('input', before, after);
    expect(findings.map((f) => f.rule)).toEqual(['input-type-changed']);
    expect(findings[0]!.pointer.after).toBe('/tools/0/inputSchema/$defs/Node/properties/value/type');
  });

  it('a root self-reference (#)', () => {
    const before = { type: 'object', properties: { child: { $ref: '#' }, n: { type: 'integer' } } };
    const after = { type: 'object', properties: { child: { $ref: '#' }, n: { type: 'integer', minimum: 0 } } };
    const { base, head } = { base: snapshot({ tools: [{ name: 't', inputSchema: before }] }), head: snapshot({ tools: [{ name: 't', inputSchema: after }] }) };
    expect(diffSnapshots(base, head).map((f) => f.rule)).toEqual(['input-minimum-tightened']);
  });

  it('mutual recursion (A -> B -> A)', () => {
    const defs = (bExtra: Record<string, unknown>) => ({
      A: { type: 'object', properties: { b: { $ref: '#/$defs/B' } } },
      B: { type: 'object', properties: { a: { $ref: '#/$defs/A' }, ...bExtra } },
    });
    const before = { $ref: '#/$defs/A', $defs: defs({}) };
    expect(diffSchema('output', before, structuredClone(before))).toEqual([]);
    const after = { $ref: '#/$defs/A', $defs: defs({ tag: { type: 'string' } }) };
    expect(diffSchema('output', before, after).map((f) => [f.rule, f.severity])).toEqual([['output-property-added', 'safe']]);
  });

  it('recursion through anyOf', () => {
    const tree = (leaf: unknown) => ({ $ref: '#/$defs/T', $defs: { T: { anyOf: [leaf, { type: 'array', items: { $ref: '#/$defs/T' } }] } } });
    expect(diffSchema('input', tree({ type: 'string' }), tree({ type: 'string' }))).toEqual([]);
    expect(diffSchema('input', tree({ type: 'string', enum: ['a', 'b'] }), tree({ type: 'string', enum: ['a'] })).map((f) => f.rule)).toEqual(['input-enum-value-removed']);
  });

  it('inline on one side, recursive $ref on the other, compares by meaning', () => {
    const recursive = { $ref: '#/$defs/L', $defs: { L: { type: 'object', properties: { next: { $ref: '#/$defs/L' } } } } };
    const unrolled = { type: 'object', properties: { next: { type: 'object', properties: { next: { $ref: '#/$defs/L' } } } }, $defs: recursive.$defs };
    expect(diffSchema('input', recursive, unrolled)).toEqual([]);
  });

  it('a $ref chain that loops on itself ends as unresolvable, not a hang', () => {
    const before = { type: 'object', properties: { x: { $ref: '#/$defs/A' } }, $defs: { A: { $ref: '#/$defs/B' }, B: { $ref: '#/$defs/A' } } };
    const after = { type: 'object', properties: { x: { type: 'string' } } };
    expect(diffSchema('input', before, after).map((f) => f.rule)).toEqual(['schema-ref-unresolvable']);
  });
});

describe('bad schemas never crash', () => {
  const weird: unknown[] = [null, 42, 'string', [], [1, 2], true, false, { type: 42 }, { properties: 'x' }, { required: 'a' }, { enum: 'a' }, { anyOf: 'x' }, { items: 7 }, { $ref: 42 }, { minimum: 'x' }, { $ref: '#/%zz' }];
  it.each(weird.map((w) => [JSON.stringify(w), w]))('schema %s against a normal one, both ways', (_label, w) => {
    for (const area of ['input', 'output'] as const) {
      expect(() => diffSchema(area, w, { type: 'string' })).not.toThrow();
      expect(() => diffSchema(area, { type: 'string' }, w)).not.toThrow();
      expect(diffSchema(area, w, structuredClone(w))).toEqual([]);
    }
  });

  it('hostile nesting (20,000 levels) is compared by value: one breaking finding, no stack overflow', () => {
    const deep = (leaf: unknown) => {
      let s: unknown = leaf;
      for (let i = 0; i < 20_000; i++) s = { type: 'object', properties: { x: s } };
      return s as Tool['inputSchema'];
    };
    const base = snapshot({ tools: [{ name: 't', inputSchema: deep({ type: 'string' }) }] });
    const head = snapshot({ tools: [{ name: 't', inputSchema: deep({ type: 'number' }) }] });
    expect(diffSnapshots(base, head).map((f) => [f.rule, f.severity])).toEqual([['input-constraint-changed', 'breaking']]);
    expect(diffSnapshots(base, snapshot({ tools: [{ name: 't', inputSchema: deep({ type: 'string' }) }] }))).toEqual([]);
    expect(diffSnapshots(base, snapshot({ tools: [{ name: 'u', inputSchema: deep({ type: 'string' }) }] })).map((f) => f.rule)).toEqual(['tool-removed', 'tool-added']);
  });

  it('is pure: mutating a snapshot between two diffs gives the answer for its new content', () => {
    const schema = { type: 'object', properties: { u: { anyOf: [{ type: 'string', enum: ['a', 'b'] }, { type: 'null' }] }, r: { $ref: '#/$defs/R', minLength: 1 } }, $defs: { R: { type: 'string' } } };
    const base = snapshot({ tools: [{ name: 't', inputSchema: structuredClone(schema) }] });
    const head = snapshot({ tools: [{ name: 't', inputSchema: schema }] });
    expect(diffSnapshots(base, head)).toEqual([]);
    (schema.properties.u.anyOf[0] as { enum: string[] }).enum = ['a'];
    schema.$defs.R = { type: 'number' } as never;
    expect(diffSnapshots(base, head).map((f) => f.rule).sort()).toEqual(['input-enum-value-removed', 'input-type-changed']);
  });

  it('a snapshot with missing lists and odd items diffs without throwing', () => {
    const broken = { format: 1, server: { name: 'x', version: '1' } } as unknown as Snapshot;
    const odd = { ...snapshot(), tools: [null, { name: 7 }, { name: 'ok', inputSchema: { type: 'object' } }] as unknown as Tool[] };
    expect(diffSnapshots(broken, broken)).toEqual([]);
    // Both safe: the server's own finding first, in the one subject order of JSON and text reports alike.
    expect(diffSnapshots(broken, odd).map((f) => f.rule)).toEqual(['capability-added', 'tool-added']);
  });
});

// Random schemas and random meaning-preserving rewrites: the engine must find nothing.
const leaf = fc.oneof(
  fc.record({ type: fc.constantFrom('string', 'number', 'integer', 'boolean', 'null') }),
  fc.record({ type: fc.constant('string'), enum: fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd'), { minLength: 1 }) }),
  fc.record({ type: fc.constant('integer'), minimum: fc.integer({ min: -5, max: 5 }), maximum: fc.integer({ min: 6, max: 50 }) }),
  fc.record({ type: fc.constant('string'), maxLength: fc.nat(20), pattern: fc.constantFrom('^a', 'b$') }),
);
const schemaArb: fc.Arbitrary<Record<string, unknown>> = fc.letrec((tie) => ({
  schema: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('object'), tie('array')),
  object: fc
    .dictionary(fc.constantFrom('a', 'b', 'c', 'd', 'e'), tie('schema'), { maxKeys: 4 })
    .chain((properties) => fc.record({ type: fc.constant('object'), properties: fc.constant(properties), required: fc.subarray(Object.keys(properties)) })),
  array: fc.record({ type: fc.constant('array'), items: tie('schema') }),
})).schema as fc.Arbitrary<Record<string, unknown>>;

/** Reorder keys, enum and required; "x" to ["x"]; add titles; move object properties into $defs. */
function rewrite(schema: unknown, defs: Record<string, unknown>, seed: number): unknown {
  if (typeof schema !== 'object' || schema === null) return schema;
  const s = schema as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(s).reverse()) {
    const v = s[key];
    if (key === 'enum' || key === 'required') out[key] = [...(v as unknown[])].reverse();
    else if (key === 'type' && typeof v === 'string') out[key] = [v];
    else if (key === 'properties') out[key] = Object.fromEntries(Object.entries(v as object).reverse().map(([k, p]) => [k, rewrite(p, defs, seed + 1)]));
    else if (key === 'items') out[key] = rewrite(v, defs, seed + 1);
    else out[key] = v;
  }
  out.title = `t${seed}`;
  if (s.type === 'object' && seed % 2 === 1) {
    const name = `D${Object.keys(defs).length}`;
    defs[name] = out;
    return { $ref: `#/$defs/${name}`, description: 'moved' };
  }
  return out;
}

describe('property: meaning-preserving rewrites give no finding', () => {
  it('random schemas, rewritten (as input and output)', () => {
    fc.assert(
      fc.property(schemaArb, fc.nat(3), (schema, seed) => {
        const defs: Record<string, unknown> = {};
        const rewritten = rewrite(schema, defs, seed) as Record<string, unknown>;
        const after = { ...(typeof rewritten === 'object' ? rewritten : {}), $defs: defs };
        for (const area of ['input', 'output'] as const) {
          const findings = diffSchema(area, schema, after).filter((f) => f.rule !== `${area}-description-changed`);
          expect(findings).toEqual([]);
        }
      }),
      { numRuns: 150, seed: 20261125 },
    );
  });

  it('the same change as input and as output: the same families, and opposite severities where it narrows or widens', () => {
    const family = (rule: string, area: string) => rule.slice(area.length + 1);
    // Defaults mean nothing in a response, and a defaulted property turning required is a plain requirement there.
    const asOutput = (f: string) => (f === 'required-defaulted-property-added' ? 'required-property-added' : f);
    fc.assert(
      fc.property(schemaArb, schemaArb, (a, b) => {
        const input = diffSchema('input', a, b);
        const output = diffSchema('output', a, b);
        const inputFamilies = input.map((f) => asOutput(family(f.rule, 'input'))).filter((f) => f !== 'default-changed');
        expect(inputFamilies.sort()).toEqual(output.map((f) => family(f.rule, 'output')).sort());
        for (const f of input) {
          const effect = ruleById(f.rule)!.effect;
          const o = output.find((x) => family(x.rule, 'output') === family(f.rule, 'input'));
          if (o && (effect === 'narrows' || effect === 'widens')) expect(o.severity).not.toBe(f.severity);
        }
      }),
      { numRuns: 60, seed: 7 },
    );
  });
});
