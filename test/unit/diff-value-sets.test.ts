// Schemas compared by the values they accept, not member by member: the shapes of issue 11 (published
// servers' releases and peer suites), each with the general rule behind it. A verdict is checked both ways:
// as a tool input (breaking iff a value valid before is rejected now) and as a tool output (breaking iff a
// value rejected before is valid now), and every "no change" against Ajv on sample values.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { diffSchema } from '../fixtures/diff/run.js';
import { SchemaTooComplexError } from '../../src/errors.js';

type S = Record<string, unknown> | boolean;

const breaking = (area: 'input' | 'output', before: S, after: S) => diffSchema(area, before, after).filter((f) => f.severity === 'breaking').map((f) => f.rule);

/** Neither way loses or gains a value: no breaking finding as input or as output, in either direction. */
function expectEquivalent(a: S, b: S): void {
  for (const [before, after] of [
    [a, b],
    [b, a],
  ] as const) {
    expect(breaking('input', before, after), `input ${JSON.stringify(before)} -> ${JSON.stringify(after)}`).toEqual([]);
    expect(breaking('output', before, after), `output ${JSON.stringify(before)} -> ${JSON.stringify(after)}`).toEqual([]);
  }
}

/** before -> after only widens: safe as input, breaking as output (and the reverse narrows). */
function expectWidens(before: S, after: S): void {
  expect(breaking('input', before, after), 'input').toEqual([]);
  expect(breaking('output', before, after).length, 'output').toBeGreaterThan(0);
  expect(breaking('input', after, before).length, 'reverse input').toBeGreaterThan(0);
  expect(breaking('output', after, before), 'reverse output').toEqual([]);
}

const ajv = new Ajv2020({ strict: false });
const accepts = (schema: S, value: unknown) => ajv.validate(schema as object, value);

const str = { type: 'string' };

describe('1. enum vs anyOf/oneOf of const: the same values', () => {
  const before = { type: 'string', enum: ['off', 'strict'] };
  it('brave_image_search safesearch: enum [off, strict] -> anyOf [{const: off}, {const: strict}] is no change', () => {
    expectEquivalent(before, { anyOf: [{ const: 'off' }, { const: 'strict' }] });
    expect(diffSchema('input', before, { anyOf: [{ const: 'off' }, { const: 'strict' }] })).toEqual([]);
  });
  it('oneOf of const, reordered, and split into several enums', () => {
    expectEquivalent(before, { oneOf: [{ const: 'strict' }, { const: 'off' }] });
    expectEquivalent(before, { anyOf: [{ enum: ['strict'] }, { type: 'string', const: 'off' }] });
  });
  it('a const option dropped narrows; one added widens', () => {
    expect(breaking('input', before, { anyOf: [{ const: 'off' }] })).toEqual(['input-enum-value-removed']);
    expectWidens(before, { anyOf: [{ const: 'off' }, { const: 'strict' }, { const: 'moderate' }] });
  });
});

describe('2. a union gaining a permissive option widens', () => {
  const closed = { type: 'object', properties: { type: { const: 'paragraph' }, text: str }, required: ['type'], additionalProperties: false };
  const before = { type: 'array', items: closed };
  const after = { type: 'array', items: { anyOf: [{ $ref: '#/$defs/Block' }, str, { type: 'object', additionalProperties: true }] }, $defs: { Block: closed } };
  it('notion API-patch-block-children children.items: closed object -> anyOf [$ref closed object, string, open object]', () => {
    expectWidens(before, after);
  });
  it('options matched by meaning, not position: reordered, merged, an option added', () => {
    expectEquivalent({ anyOf: [str, { type: 'integer' }] }, { anyOf: [{ type: 'integer' }, str] });
    expectWidens({ anyOf: [{ type: 'string', maxLength: 3 }, { type: 'integer' }] }, { anyOf: [{ type: 'integer' }, str] });
    expectWidens(str, { anyOf: [{ type: 'integer' }, str] });
  });
});

describe('3. allOf is compared by the values it accepts', () => {
  it('allOf [string, string] -> allOf [string] is no change', () => {
    expectEquivalent({ allOf: [str, str] }, { allOf: [str] });
    expectEquivalent({ allOf: [str, str] }, str);
  });
  it('dropping a conjunct widens', () => {
    expectWidens({ allOf: [str, { maxLength: 5 }] }, str);
    expectWidens({ allOf: [{ enum: ['one', 'two', 'three'] }, str] }, { allOf: [str] });
    expectWidens({ allOf: [{ type: 'string', maxLength: 5 }, { minLength: 1 }] }, { anyOf: [{ type: 'string', maxLength: 5 }] });
  });
  it('an allOf of partial objects is the merged object, both ways', () => {
    const parts = { allOf: [{ type: 'object', properties: { first: str } }, { type: 'object', properties: { last: str } }] };
    expectEquivalent(parts, { type: 'object', properties: { first: str, last: str } });
    expectEquivalent({ allOf: [{ type: 'object', properties: { first: str }, required: ['first'] }, { properties: { last: str } }] }, { type: 'object', properties: { first: str, last: str }, required: ['first'] });
  });
  it('members naming one property, or one each, merge (even "__proto__", an own key once parsed), and what they add is said', () => {
    for (const name of ['city', '__proto__']) {
      const key = JSON.stringify(name);
      const one = JSON.parse(`{"type": "object", "properties": {${key}: {"type": "string"}}}`) as S;
      const both = JSON.parse(`{"allOf": [{"type": "object", "properties": {${key}: {"type": "string"}}}, {"properties": {${key}: {"maxLength": 3}}}]}`) as S;
      expect(breaking('input', one, both), name).toEqual(['input-max-length-tightened']);
      expect(breaking('input', both, one), name).toEqual([]);
      // The property only in the second member: the merged object has it, with its constraint.
      const parts = JSON.parse(`{"allOf": [{"type": "object", "properties": {"first": {"type": "string"}}}, {"properties": {${key}: {"type": "string", "maxLength": 3}}}]}`) as S;
      const merged = JSON.parse(`{"type": "object", "properties": {"first": {"type": "string"}, ${key}: {"type": "string", "maxLength": 3}}}`) as S;
      expectEquivalent(parts, merged);
    }
  });
  it('a member holding only a title or description requires nothing; duplicate members change nothing', () => {
    expectEquivalent({ allOf: [str, { description: 'The city.' }] }, str);
    expectEquivalent({ allOf: [str, { maxLength: 3 }, { maxLength: 3 }] }, { allOf: [str, { maxLength: 3 }] });
  });
  it('an additionalProperties: false member does not merge with a member naming other properties (it rejects them)', () => {
    const split = { allOf: [{ type: 'object', properties: { a: str }, additionalProperties: false }, { properties: { b: str } }] };
    expect(accepts(split, { b: 'x' })).toBe(false);
    expect(breaking('input', { type: 'object', properties: { a: str, b: str }, additionalProperties: false }, split).length).toBeGreaterThan(0);
  });
});

describe('3b. oneOf is exclusive; the empty pattern; unsatisfiable schemas are false', () => {
  const props = { foo: str, bar: str, baz: str };
  it('required [foo, bar] -> oneOf [{required: [foo]}, {required: [bar]}] rejects every old value: breaking', () => {
    const before = { type: 'object', required: ['foo', 'bar'], properties: props };
    const after = { oneOf: [{ required: ['foo'] }, { required: ['bar'] }] };
    expect(accepts(before, { foo: 'x', bar: 'y' }) && !accepts(after, { foo: 'x', bar: 'y' })).toBe(true);
    expect(breaking('input', before, after)).toContain('input-one-of-options-overlap');
    expect(breaking('input', before, { type: 'object', properties: props, oneOf: [{ required: ['foo'] }, { required: ['bar'] }] })).toContain('input-one-of-options-overlap');
  });
  it('a oneOf whose options cannot overlap (types, discriminator values) is judged as a union', () => {
    expectEquivalent({ type: ['string', 'integer'] }, { oneOf: [str, { type: 'integer' }] });
    const kind = (k: string) => ({ type: 'object', properties: { kind: { const: k }, v: str }, required: ['kind'] });
    expectEquivalent({ anyOf: [kind('a'), kind('b')] }, { oneOf: [kind('b'), kind('a')] });
  });
  it('pattern "^\\w+$" -> "" (matches everything) widens', () => {
    expectWidens({ type: 'string', pattern: '^\\w+$' }, { type: 'string', pattern: '' });
    expectEquivalent({ type: 'string', pattern: '' }, str);
  });
  it.each([
    ['minLength over maxLength', { type: 'string', minLength: 3, maxLength: 1 }],
    ['two types in allOf', { allOf: [{ type: 'number' }, { type: 'string' }] }],
    ['no integer in the range', { type: 'integer', minimum: 1.3, maximum: 1.8 }],
    ['a required property that may not be present', { type: 'object', properties: { a: false }, required: ['a'] }],
    ['minItems with no items allowed', { type: 'array', items: false, minItems: 1 }],
    ['not of everything', { not: {} }],
  ])('%s is false: compared with false, no change', (_name, schema) => {
    expectEquivalent(schema, false);
  });
  it('a contradiction in one type removes only that type: {minLength: 3, maxLength: 1} still accepts numbers', () => {
    expect(accepts({ minLength: 3, maxLength: 1 }, 5)).toBe(true);
    expectEquivalent({ minLength: 3, maxLength: 1 }, { not: { type: 'string' } });
  });
});

describe('4. patternProperties', () => {
  it('a closed object drops I_123: integer but adds patternProperties ^I_: number: still accepted', () => {
    const before = { type: 'object', properties: { I_123: { type: 'integer' } }, additionalProperties: false };
    const after = { type: 'object', patternProperties: { '^I_': { type: 'number' } }, additionalProperties: false };
    expect(accepts(after, { I_123: 5 })).toBe(true);
    expect(breaking('input', before, after)).toEqual([]);
    expect(breaking('input', after, before).length).toBeGreaterThan(0);
  });
  it('a property whose pattern schema is narrower than the property was narrows', () => {
    const before = { type: 'object', properties: { I_123: { type: 'number' } }, additionalProperties: false };
    const after = { type: 'object', patternProperties: { '^I_': { type: 'integer' } }, additionalProperties: false };
    expect(breaking('input', before, after).length).toBeGreaterThan(0);
  });
  // Names are the author's: one that Object.prototype also has is a name like any other, never an inherited member.
  it.each(['toString', 'constructor', '__proto__'])('a pattern named %s added to a closed object widens, like any pattern', (pattern) => {
    const closed = { type: 'object', additionalProperties: false };
    // Parsed, as a snapshot is: `__proto__` is then an own key.
    const withPattern = JSON.parse(`{"type": "object", "additionalProperties": false, "patternProperties": {${JSON.stringify(pattern)}: {"type": "string"}}}`) as S;
    expectWidens(closed, withPattern);
  });
});

describe('5. false property schemas', () => {
  it('{additionalProperties: false, properties: {foo: false}} -> {additionalProperties: false} is no change', () => {
    expectEquivalent({ type: 'object', additionalProperties: false, properties: { foo: false } }, { type: 'object', additionalProperties: false });
  });
  it('in an open object, foo: false forbids foo: removing it widens', () => {
    expectWidens({ type: 'object', properties: { foo: false } }, { type: 'object' });
  });
});

describe('6. dependentSchemas/dependencies and min/maxContains have direction rules, never the catch-all', () => {
  const catchAll = (area: 'input' | 'output', before: S, after: S) => diffSchema(area, before, after).filter((f) => f.rule.endsWith('-constraint-changed') || f.rule.endsWith('-constraint-added') || f.rule.endsWith('-constraint-removed'));
  const obj = { type: 'object', properties: { a: str, b: str } };
  it.each([
    ['dependentSchemas entry removed', { ...obj, dependentSchemas: { a: { required: ['b'] } } }, obj],
    ['dependencies (schema) entry removed', { ...obj, dependencies: { a: { required: ['b'] } } }, obj],
    ['dependencies (list) entry removed', { ...obj, dependencies: { a: ['b'] } }, obj],
    ['dependentRequired entry removed', { ...obj, dependentRequired: { a: ['b'] } }, obj],
    // A dependency named like a member of Object.prototype is a name like any other.
    ['dependencies (schema) entry "toString" removed', { ...obj, dependencies: { toString: { required: ['b'] } } }, obj],
    ['dependencies (schema) entry "__proto__" removed', { ...obj, dependencies: JSON.parse('{"__proto__": {"required": ["b"]}}') }, obj],
    ['dependencies (list) entry "__proto__" removed', { ...obj, dependencies: JSON.parse('{"__proto__": ["b"]}') }, obj],
    ['minContains 2 -> 1', { type: 'array', contains: str, minContains: 2 }, { type: 'array', contains: str, minContains: 1 }],
    ['maxContains 1 -> 2', { type: 'array', contains: str, maxContains: 1 }, { type: 'array', contains: str, maxContains: 2 }],
    ['contains removed', { type: 'array', contains: str }, { type: 'array' }],
    ['contains widened', { type: 'array', contains: { type: 'string', maxLength: 2 } }, { type: 'array', contains: str }],
    ['propertyNames removed', { type: 'object', propertyNames: { maxLength: 3 } }, { type: 'object' }],
    ['then widened', { type: 'object', if: { required: ['a'] }, then: { required: ['b'] } }, { type: 'object', if: { required: ['a'] }, then: {} }],
  ])('%s relaxes: safe as input, breaking as output, and the reverse narrows', (_name, before, after) => {
    expectWidens(before, after);
    for (const area of ['input', 'output'] as const) {
      expect(catchAll(area, before, after)).toEqual([]);
      expect(catchAll(area, after, before)).toEqual([]);
    }
  });
});

describe('7. 2020-12 unevaluated* and prefixItems', () => {
  it('unevaluatedProperties {type: string} + a new declared bar: number rejects {bar: "x"}: breaking as input', () => {
    const before = { type: 'object', properties: { foo: str }, unevaluatedProperties: str };
    const after = { type: 'object', properties: { foo: str, bar: { type: 'number' } }, unevaluatedProperties: str };
    expect(accepts(before, { bar: 'x' }) && !accepts(after, { bar: 'x' })).toBe(true);
    expect(breaking('input', before, after).length).toBeGreaterThan(0);
  });
  it('prefixItems [string, number, number] + unevaluatedItems string -> prefixItems [string, number] rejects ["a", 1, 2]', () => {
    const before = { type: 'array', prefixItems: [str, { type: 'number' }, { type: 'number' }], unevaluatedItems: str };
    const after = { type: 'array', prefixItems: [str, { type: 'number' }], unevaluatedItems: str };
    expect(accepts(before, ['a', 1, 2]) && !accepts(after, ['a', 1, 2])).toBe(true);
    expect(breaking('input', before, after).length).toBeGreaterThan(0);
  });
  it('adding prefixItems[2]: string where unevaluatedItems was already string is no change', () => {
    expectEquivalent({ type: 'array', prefixItems: [str, { type: 'number' }], unevaluatedItems: str }, { type: 'array', prefixItems: [str, { type: 'number' }, str], unevaluatedItems: str });
  });
});

describe('10. non-finite bounds', () => {
  it('maximum: -1e400 (parses to -Infinity) admits no number: judged as such, not as unbounded', () => {
    const before = JSON.parse('{"type": "number", "maximum": 5}') as S;
    const after = JSON.parse('{"type": "number", "maximum": -1e400}') as S;
    expect(breaking('input', before, after).length).toBeGreaterThan(0);
    expectEquivalent(after, false);
    expectEquivalent(JSON.parse('{"type": "number", "minimum": -1e400}') as S, { type: 'number' });
    expectEquivalent(JSON.parse('{"type": "number", "exclusiveMinimum": 1e400}') as S, false);
  });
});

describe('12. enums are compared in linear time', () => {
  it('an enum of 200,000 values, one removed and one added: exactly those two findings', () => {
    const values = Array.from({ length: 200_000 }, (_, i) => `v${i}`);
    const findings = diffSchema('input', { type: 'string', enum: values }, { type: 'string', enum: [...values.slice(1), 'new'].reverse() });
    expect(findings.map((f) => [f.rule, f.before ?? f.after])).toEqual([
      ['input-enum-value-removed', 'v0'],
      ['input-enum-value-added', 'new'],
    ]);
  });
});

describe('13. tautologies are not constraints', () => {
  it('propertyNames {type: string} added is no change (object keys are strings)', () => {
    expectEquivalent({ type: 'object', properties: { a: str } }, { type: 'object', properties: { a: str }, propertyNames: { type: 'string' } });
  });
  it('an allOf that already required an object, made {type: object, additionalProperties: {}}, widens', () => {
    const closed = (kind: string) => ({ type: 'object', properties: { name: str, kind: { const: kind } }, required: ['kind'], additionalProperties: false });
    const before = { allOf: [{ type: 'object', required: ['name'] }, { anyOf: [closed('a'), closed('b')] }] };
    const after = { type: 'object', additionalProperties: {} };
    expect(diffSchema('input', before, after).map((f) => f.rule)).not.toContain('input-type-narrowed');
    expect(breaking('input', before, after)).toEqual([]);
    expect(breaking('output', before, after).length).toBeGreaterThan(0);
  });
});

describe('recursion and a work budget (issue 12, points 1 and 2)', () => {
  it('$ref beside other keywords that leads back to itself terminates', () => {
    const self = { type: 'object', $ref: '#' };
    expect(() => diffSchema('input', self, { type: 'object' })).not.toThrow();
    const defs = { $defs: { A: { $ref: '#/$defs/A', type: 'string' } }, $ref: '#/$defs/A' };
    expect(() => diffSchema('input', defs, str)).not.toThrow();
    expect(() => diffSchema('input', str, defs)).not.toThrow();
  });
  it('24 levels of $defs, each a union of two $refs to the next: ends (memoised per pair, or too complex)', () => {
    const chain = (keyword: string, leaf: unknown) => {
      const defs: Record<string, unknown> = {};
      for (let i = 0; i < 24; i++) defs[`L${i}`] = { [keyword]: [{ $ref: `#/$defs/L${i + 1}` }, { $ref: `#/$defs/L${i + 1}` }], description: `level ${i}` };
      defs.L24 = leaf;
      return { $ref: '#/$defs/L0', $defs: defs };
    };
    for (const keyword of ['allOf', 'oneOf', 'anyOf']) {
      const before = chain(keyword, { type: 'string', maxLength: 5 });
      const after = chain(keyword, { type: 'string', maxLength: 4 });
      const started = Date.now();
      try {
        diffSchema('input', before, after);
      } catch (error) {
        expect(error).toBeInstanceOf(SchemaTooComplexError);
      }
      // Ends at all (it took 5-23 s and gigabytes before): a bound with ample headroom, not a speed test.
      expect(Date.now() - started).toBeLessThan(20_000);
    }
  });
});

describe('the work budget', () => {
  it('over it, a diff ends with SchemaTooComplexError (exit code 2, a one-line message)', async () => {
    const { DiffContext } = await import('../../src/diff/schema/context.js');
    const ctx = new DiffContext(10);
    expect(() => ctx.spend(11)).toThrow(SchemaTooComplexError);
    try {
      new DiffContext(0).spend();
    } catch (error) {
      expect((error as SchemaTooComplexError).exitCode).toBe(2);
      expect((error as Error).message).not.toMatch(/\n/);
    }
  });
});
