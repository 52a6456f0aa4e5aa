// "Never misses a break", checked against a real validator: for random schema pairs and random values, if
// Ajv accepts a value under the old schema and rejects it under the new one, the engine must report a
// breaking change for a tool input (requests); if the new schema accepts what the old one rejected, it must
// report one for a tool output (responses). Objects are closed here, so no "open object" judgement applies.
import { Ajv } from 'ajv';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { expectChangesReported } from '../fixtures/diff/soundness.js';

const ajv = new Ajv({ strict: false, allErrors: false });

const leaf = fc.oneof(
  fc.record({ type: fc.constantFrom('string', 'number', 'integer', 'boolean', 'null') }),
  fc.record({ type: fc.constantFrom(['string', 'null'], ['integer', 'string'], ['number', 'null']) }),
  fc.record({ type: fc.constant('string'), enum: fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd'), { minLength: 1 }) }),
  fc.record({ const: fc.constantFrom('a', 1, null) }),
  fc.record({ type: fc.constantFrom('integer', 'number'), minimum: fc.integer({ min: -5, max: 5 }), maximum: fc.integer({ min: 6, max: 50 }) }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('number'), exclusiveMinimum: fc.integer({ min: -5, max: 5 }), multipleOf: fc.constantFrom(0.5, 1, 2, 3) }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('string'), minLength: fc.nat(3), maxLength: fc.integer({ min: 2, max: 20 }), pattern: fc.constantFrom('^a', 'b$') }, { requiredKeys: ['type'] }),
  fc.constant({}),
);

const schemaArb: fc.Arbitrary<Record<string, unknown>> = fc.letrec((tie) => ({
  schema: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, leaf, tie('object'), tie('array'), tie('union')),
  object: fc
    .dictionary(fc.constantFrom('a', 'b', 'c'), tie('schema'), { maxKeys: 3 })
    .chain((properties) => fc.record({ type: fc.constant('object'), properties: fc.constant(properties), required: fc.subarray(Object.keys(properties)), additionalProperties: fc.constant(false) })),
  array: fc.record({ type: fc.constant('array'), items: tie('schema'), maxItems: fc.integer({ min: 1, max: 4 }), uniqueItems: fc.boolean() }, { requiredKeys: ['type', 'items'] }),
  union: fc.record({ anyOf: fc.array(tie('schema'), { minLength: 1, maxLength: 3 }) }),
})).schema.map((s) => JSON.parse(JSON.stringify(s)) as Record<string, unknown>);

/** A tweak of a schema: the kind of edit a release makes (so pairs are related, not random strangers). */
function mutate(schema: Record<string, unknown>, pick: number, other: Record<string, unknown>): Record<string, unknown> {
  const s = structuredClone(schema);
  const props = s.properties as Record<string, Record<string, unknown>> | undefined;
  switch (pick % 10) {
    case 8:
      // The same change, spelled through $defs (recursive: the definition refers to itself).
      return { type: 'object', properties: { a: { $ref: '#/$defs/Node' }, b: other }, additionalProperties: false, $defs: { Node: { type: 'object', properties: { next: { $ref: '#/$defs/Node' }, v: schema }, additionalProperties: false } } };
    case 9:
      return { $ref: '#/$defs/Wrapped', $defs: { Wrapped: mutate(schema, pick + 1, other) } };
    case 0:
      return other;
    case 1:
      if (Array.isArray(s.enum)) s.enum = s.enum.length > 1 ? s.enum.slice(1) : s.enum.concat(['e']);
      else if (typeof s.maximum === 'number') s.maximum += pick % 2 ? 5 : -5;
      else s.type = pick % 2 ? ['string', 'null'] : 'integer';
      return s;
    case 2:
      if (props) s.required = Object.keys(props).slice(pick % 2);
      else s.minLength = 2;
      return s;
    case 3:
      if (props) delete s.additionalProperties;
      else if (Array.isArray(s.anyOf)) s.anyOf = (s.anyOf as unknown[]).slice(1).concat(pick % 2 ? [{ type: 'boolean' }] : []);
      else delete s.type;
      return s;
    case 4:
      if (props) props[Object.keys(props)[0] ?? 'c'] = other;
      else s.items = other;
      return s;
    case 5:
      return { anyOf: [schema, other] };
    case 6:
      if (typeof s.multipleOf === 'number') s.multipleOf = pick % 3 ? 1.5 : 4;
      else s.pattern = pick % 2 ? '^a' : 'a';
      return s;
    default:
      s.exclusiveMaximum = 10;
      return s;
  }
}

const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, tie('leaf'), tie('leaf'), tie('object'), tie('array')),
  leaf: fc.oneof(
    fc.constantFrom('a', 'b', 'c', 'd', 'e', 'ab', 'ba', 'aab', '', 'zzzzzzzzzzzzzzzzzzzzzzzz'),
    fc.integer({ min: -10, max: 60 }),
    fc.constantFrom(0.5, 1.5, 4.5, 10, -5, 5, 6, 50),
    fc.boolean(),
    fc.constant(null),
  ),
  object: fc.dictionary(fc.constantFrom('a', 'b', 'c'), tie('v'), { maxKeys: 3 }),
  array: fc.array(tie('v'), { maxLength: 4 }),
})).v.map((v) => JSON.parse(JSON.stringify(v)) as unknown);

describe('soundness against Ajv: a value that stops (or starts) validating is always reported', () => {
  it('random related schema pairs, random values', () => {
    fc.assert(
      fc.property(schemaArb, schemaArb, fc.nat(99), fc.array(value, { minLength: 30, maxLength: 30 }), (before, other, pick, values) => {
        expectChangesReported((schema) => ajv.compile(schema), before, mutate(before, pick, other), values);
      }),
      { numRuns: 400, seed: 424242 },
    );
  });
});
