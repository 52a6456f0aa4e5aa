// "Never misses a break" for the shapes compared by the values they accept (issue 11): combinators (anyOf,
// oneOf, allOf, not, with enum <-> const options, permissive options, allOf of partial objects, oneOf
// exclusivity, `not not X`, De Morgan), unsatisfiable schemas, patternProperties, false subschemas,
// dependentSchemas, min/maxContains, prefixItems and unevaluated*. Checked against Ajv (2020-12): whenever a
// value valid under the old schema is rejected by the new one, the input change is reported breaking; whenever
// the new schema accepts a value the old one rejected, the output change is.
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffSchema } from '../fixtures/diff/run.js';
import { expectChangesReported } from '../fixtures/diff/soundness.js';

const ajv = new Ajv2020({ strict: false });
type S = Record<string, unknown>;
const str = { type: 'string' };

const leaf: fc.Arbitrary<S> = fc.oneof(
  fc.record({ type: fc.constantFrom('string', 'integer', 'number', 'boolean', 'null') }),
  fc.record({ type: fc.constant('string'), enum: fc.uniqueArray(fc.constantFrom('a', 'b', 'c'), { minLength: 1 }) }),
  fc.record({ const: fc.constantFrom('a', 'b', 1) }),
  fc.record({ type: fc.constant('string'), maxLength: fc.integer({ min: 0, max: 3 }), minLength: fc.integer({ min: 0, max: 3 }) }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constantFrom('integer', 'number'), minimum: fc.integer({ min: -2, max: 2 }), maximum: fc.integer({ min: -2, max: 4 }) }, { requiredKeys: ['type'] }),
  fc.constant({}),
  fc.constant({ not: {} }),
);

const schemaArb: fc.Arbitrary<S> = fc.letrec<{ s: S; obj: S; arr: S; comb: S }>((tie) => ({
  s: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, leaf, tie('obj'), tie('arr'), tie('comb')),
  obj: fc.record(
    {
      type: fc.constant('object'),
      properties: fc.dictionary(fc.constantFrom('a', 'b', 'x_1'), fc.oneof(tie('s'), fc.constant(false as unknown as S)), { maxKeys: 2 }),
      required: fc.subarray(['a', 'b']),
      // Closed (or typed) rest: an open object describing a new property is "safe" by design (no client sends an undescribed property).
      additionalProperties: fc.oneof(fc.constant(false), tie('s')),
      patternProperties: fc.record({ '^x_': tie('s') }),
      dependentSchemas: fc.record({ a: fc.record({ required: fc.constant(['b']) }) }),
      unevaluatedProperties: fc.oneof(fc.constant(false), tie('s')),
      propertyNames: fc.constantFrom({ type: 'string' }, { maxLength: 1 }),
    },
    { requiredKeys: ['type', 'additionalProperties'] },
  ),
  // prefixItems and contains apart: Ajv 8 skips contains on an empty array when prefixItems is present, where
  // 2020-12 applies it (the engine follows the spec).
  arr: fc.oneof(
    fc.record(
      { type: fc.constant('array'), prefixItems: fc.array(tie('s'), { minLength: 1, maxLength: 2 }), items: fc.oneof(fc.constant(false), tie('s')), unevaluatedItems: fc.oneof(fc.constant(false), tie('s')), maxItems: fc.integer({ min: 0, max: 3 }) },
      { requiredKeys: ['type'] },
    ),
    fc.record(
      { type: fc.constant('array'), items: tie('s'), contains: tie('s'), minContains: fc.integer({ min: 0, max: 2 }), maxContains: fc.integer({ min: 1, max: 3 }), maxItems: fc.integer({ min: 0, max: 3 }) },
      { requiredKeys: ['type'] },
    ),
  ),
  comb: fc.oneof(
    fc.record({ anyOf: fc.array(tie('s'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ oneOf: fc.array(tie('s'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ allOf: fc.array(tie('s'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ not: tie('s') }),
  ),
})).s.map((s) => JSON.parse(JSON.stringify(s)) as S);

/** Rewrites that keep the values (the engine must see no break) and edits that change them. */
function mutate(s: S, pick: number, other: S): S {
  const c = structuredClone(s);
  switch (pick % 14) {
    case 0:
      return other;
    case 1: // enum -> anyOf of const
      return Array.isArray(c.enum) ? { anyOf: (c.enum as unknown[]).map((v) => ({ const: v })) } : { anyOf: [c, other] };
    case 2: // allOf of partial objects
      return isObj(c) && c.properties ? { allOf: [...Object.entries(c.properties as S).map(([k, v]): S => ({ type: 'object', properties: { [k]: v } })), { ...c, properties: {} }] } : { allOf: [c, other] };
    case 3: // not not X
      return { not: { not: c } };
    case 4: // De Morgan: not (A or B) = not A and not B
      return { not: { anyOf: [c, other] } };
    case 5:
      return { allOf: [{ not: c }, { not: other }] };
    case 6: // a permissive option
      return { anyOf: [c, { type: 'object', additionalProperties: true }] };
    case 7: // oneOf of what was an anyOf
      return Array.isArray(c.anyOf) ? { oneOf: c.anyOf } : { oneOf: [c, other] };
    case 8:
      if (isObj(c)) delete c.additionalProperties;
      else delete c.type;
      return c;
    case 9:
      if (isObj(c)) c.patternProperties = { '^x_': other };
      else if (Array.isArray(c.prefixItems) && (c.prefixItems as unknown[]).length > 1) c.prefixItems = (c.prefixItems as unknown[]).slice(1);
      else c.minLength = 2;
      return c;
    case 10:
      if (typeof c.minContains === 'number') c.minContains = Math.max(0, (c.minContains as number) + (pick % 3) - 1);
      else if (isObj(c)) delete c.dependentSchemas;
      else c.maxLength = 1;
      return c;
    case 11:
      if ('unevaluatedProperties' in c) delete c.unevaluatedProperties;
      else if ('unevaluatedItems' in c) c.unevaluatedItems = other;
      else if (isObj(c)) c.properties = { ...(c.properties as S), a: false };
      else return { anyOf: [c, other] };
      return c;
    case 12: // an unsatisfiable schema
      return { allOf: [c, { type: 'string', minLength: 3, maxLength: 1 }] };
    default:
      return { allOf: [c, other] };
  }
}

const isObj = (s: S) => s.type === 'object';

const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, tie('leaf'), tie('leaf'), tie('object'), tie('array')),
  leaf: fc.oneof(fc.constantFrom('a', 'b', 'c', '', 'abcd', 'x'), fc.integer({ min: -3, max: 5 }), fc.constantFrom(0.5, 2.5), fc.boolean(), fc.constant(null)),
  object: fc.dictionary(fc.constantFrom('a', 'b', 'x_1', 'zz'), tie('v'), { maxKeys: 3 }),
  array: fc.array(tie('v'), { maxLength: 4 }),
})).v.map((v) => JSON.parse(JSON.stringify(v)) as unknown);

describe('soundness against Ajv on combinators, unsatisfiable schemas and 2020-12 keywords', () => {
  it('a value that stops (or starts) validating is always reported', () => {
    fc.assert(
      fc.property(schemaArb, schemaArb, fc.nat(999), fc.array(value, { minLength: 40, maxLength: 40 }), (before, other, pick, values) => {
        expectChangesReported((schema) => ajv.compile(schema), before, mutate(before, pick, other), values);
      }),
      { numRuns: 300, seed: 1111 },
    );
  });

  it('the equivalent rewrites are seen as such: enum as const options, allOf of partial objects, not not X', () => {
    const base = { type: 'object', properties: { a: { type: 'string', enum: ['x', 'y'] }, b: str }, required: ['a'] };
    const rewritten = {
      allOf: [
        { type: 'object', properties: { a: { anyOf: [{ const: 'x' }, { const: 'y' }] } }, required: ['a'] },
        { type: 'object', properties: { b: { not: { not: str } } } },
      ],
    };
    for (const area of ['input', 'output'] as const) {
      expect(diffSchema(area, base, rewritten).filter((f) => f.severity === 'breaking')).toEqual([]);
      expect(diffSchema(area, rewritten, base).filter((f) => f.severity === 'breaking')).toEqual([]);
    }
  });
});
