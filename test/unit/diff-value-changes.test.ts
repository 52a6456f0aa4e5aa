// valueChanges (sorted lists walked side by side, for enums of primitives) gives the answer of comparing
// allowedValues' canonical-JSON maps, the general definition, in the same order: on random lists and on the
// spellings where comparing values and comparing their JSON text could part (duplicates, -0, "1" and 1, a value
// the declared type rejects, a number too large for JSON).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allowedValues } from '../../src/diff/schema/facets.js';
import type { PlainObject } from '../../src/diff/schema/keywords.js';
import { valueChanges } from '../../src/diff/schema/value-changes.js';
import { diffSchema } from '../fixtures/diff/run.js';

function byMaps(before: PlainObject, after: PlainObject): ReturnType<typeof valueChanges> {
  const bv = allowedValues(before);
  const av = allowedValues(after);
  if (!bv || !av) return null;
  return { removed: [...bv].filter(([k]) => !av.has(k)), added: [...av].filter(([k]) => !bv.has(k)) };
}

const primitive = fc.oneof(
  fc.constantFrom('a', 'b', 'c', '1', '2', '', 'null', 'true'),
  fc.string({ maxLength: 3 }),
  fc.constantFrom(0, -0, 1, 2, 1.5, -3, 1e21),
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom(true, false, null),
);
const schema = fc.record(
  {
    enum: fc.array(primitive, { maxLength: 12 }),
    type: fc.constantFrom('string', 'number', 'integer', ['string', 'null'], ['boolean', 'number']),
    const: primitive,
  },
  { requiredKeys: ['enum'] },
);

describe('valueChanges', () => {
  it('gives what comparing allowedValues maps gives, in the same order, on random enums of primitives', () => {
    fc.assert(
      fc.property(schema, schema, fc.boolean(), (before, after, related) => {
        // Half the pairs are one list edited, as real releases are: most values shared.
        const head = related ? { ...after, enum: [...before.enum.slice(1), ...after.enum.slice(0, 2)].reverse() } : after;
        expect(valueChanges(before, head)).toEqual(byMaps(before, head));
      }),
      { numRuns: 2000 },
    );
  });

  it('treats duplicates, -0 and 0 as one value, and the string "1" and the number 1 as two', () => {
    expect(valueChanges({ enum: ['a', 'a', 0, '1'] }, { enum: [-0, 'a', 1, 1] })).toEqual({
      removed: [['"1"', '1']],
      added: [['1', 1]],
    });
  });

  it('leaves out values the declared type rejects, on both sides', () => {
    expect(valueChanges({ type: 'integer', enum: [1, 1.5, 'x'] }, { type: 'integer', enum: [1, 2.5, 'y'] })).toEqual({ removed: [], added: [] });
  });

  it('reads Infinity (JSON 1e400) as its JSON text says, null', () => {
    const before = JSON.parse('{"enum": [1e400, 1]}') as PlainObject;
    expect(valueChanges(before, { enum: [null, 1] })).toEqual(byMaps(before, { enum: [null, 1] }));
    expect(valueChanges(before, { enum: [null, 1] })).toEqual({ removed: [], added: [] });
  });

  it('is null when either side allows every value', () => {
    expect(valueChanges({ type: 'string' }, { enum: ['a'] })).toBeNull();
    expect(valueChanges({ const: 'a' }, {})).toBeNull();
  });

  it('a diff of an enum of numbers reordered and one changed names that one value each way', () => {
    const values = Array.from({ length: 50_000 }, (_, i) => i * 0.5);
    const findings = diffSchema('input', { type: 'number', enum: values }, { type: 'number', enum: [...values.slice(0, -1), -1].reverse() });
    expect(findings.map((f) => [f.rule, f.before ?? f.after])).toEqual([
      ['input-enum-value-removed', 24_999.5],
      ['input-enum-value-added', -1],
    ]);
  });
});
