// json-schema-diff's own test suite, run through our engine: every source/destination pair it ships in its
// npm package (read from node_modules, never copied here) as a tool input (breaking iff it found removals) and
// as a tool output (breaking iff it found additions), both ways round. The cases we knowingly judge otherwise
// are listed with the reason; any other difference fails, and so does a listed case that starts to agree.
import { describe, expect, it } from 'vitest';
import { loadSuiteCases } from '../fixtures/diff/json-schema-diff-suite.js';
import { diffSchema, type Area } from '../fixtures/diff/run.js';

const OPEN_OBJECT = 'an open object gaining (or losing) a constraint on a property it did not describe: strictly a removal, but no MCP client sends an undescribed property, and a response is read by its described properties; reported as property-added (safe) / property-removed-open (warning) by design';
const UNION_OF_RANGES = 'a union whose options together cover what one option did (minItems 0..2 and 3..): coverage is decided option by option, so the split is reported (conservative: never a missed break)';
const COMPLEMENT_IN_UNION = 'a union where one option excludes exactly what another accepts (X and not Y, or Y): coverage option by option misses that they add up (conservative)';
const NOT_OF_UNION = '"not" of a union compared with the union of "not"s (De Morgan across anyOf options): the options are matched one by one (conservative)';

/** `<case> <a->b|b->a> <input|output>` -> why our verdict differs from json-schema-diff's. */
const KNOWN: Record<string, string> = {
  'json-schema-diff/diff-schemas-type-object > object with no constraints gets a property constrained to some types a->b input': OPEN_OBJECT,
  'json-schema-diff/diff-schemas-type-object > object with no constraints gets a property constrained to some types b->a output': OPEN_OBJECT,
  'json-schema-diff/diff-schemas-anyof > union of two disjoint sets using minItems and maxItems representing all arrays a->b output': UNION_OF_RANGES,
  'json-schema-diff/diff-schemas-anyof > union of two disjoint sets using minItems and maxItems representing all arrays b->a input': UNION_OF_RANGES,
  'json-schema-diff/diff-schemas-anyof > all arrays vs union of two disjoint sets using minItems and maxItems representing all arrays a->b output': UNION_OF_RANGES,
  'json-schema-diff/diff-schemas-anyof > all arrays vs union of two disjoint sets using minItems and maxItems representing all arrays b->a input': UNION_OF_RANGES,
  'json-schema-diff/diff-schemas-oneof > oneOf containing partial array schemas that are equivalent to all arrays of numbers a->b output': UNION_OF_RANGES,
  'json-schema-diff/diff-schemas-oneof > oneOf containing partial array schemas that are equivalent to all arrays of numbers b->a input': UNION_OF_RANGES,
  'json-schema-diff/diff-schemas-anyof > any of not integers or integers to numbers a->b output': COMPLEMENT_IN_UNION,
  'json-schema-diff/diff-schemas-anyof > any of not integers or integers to numbers b->a input': COMPLEMENT_IN_UNION,
  'json-schema-diff/diff-schemas-not > DeMorgans with all and some arrays a->b output': NOT_OF_UNION,
  'json-schema-diff/diff-schemas-not > DeMorgans with all and some arrays b->a input': NOT_OF_UNION,
  'json-schema-diff/diff-schemas-not > DeMorgans with some and some arrays a->b input': NOT_OF_UNION,
  'json-schema-diff/diff-schemas-not > DeMorgans with some and some arrays b->a output': NOT_OF_UNION,
  'json-schema-diff/diff-schemas-not > a schema containing a contradiction between additionalProperties involving not + anyOf a->b input': 'an object whose additionalProperties excludes, through not + anyOf, every type a required property could have: that contradiction is not derived',
  'json-schema-diff/diff-schemas-not > a schema containing a contradiction between additionalProperties involving not + anyOf b->a output': 'as above',
};

const cases = loadSuiteCases();
const breaking = (area: Area, before: unknown, after: unknown) => diffSchema(area, before, after).some((f) => f.severity === 'breaking');

describe("json-schema-diff's own suite (node_modules/json-schema-diff/test/unit)", () => {
  it('is read from the package: over 150 pairs, 600 verdicts', () => {
    expect(cases.length).toBeGreaterThan(150);
  });

  it('every verdict agrees, except the listed ones, each for its reason', () => {
    const differ: string[] = [];
    for (const c of cases) {
      for (const [way, from, to, removed, added] of [
        ['a->b', c.a, c.b, c.removed, c.added],
        ['b->a', c.b, c.a, c.added, c.removed],
      ] as const) {
        if (breaking('input', from, to) !== removed) differ.push(`${c.name} ${way} input`);
        if (breaking('output', from, to) !== added) differ.push(`${c.name} ${way} output`);
      }
    }
    expect(differ.filter((d) => !(d in KNOWN)), 'verdicts that differ and are not listed').toEqual([]);
    expect(Object.keys(KNOWN).filter((k) => !differ.includes(k)), 'listed differences that now agree: remove them from the list').toEqual([]);
    expect(cases.length * 4).toBe(632);
    expect(differ.length).toBe(Object.keys(KNOWN).length);
  });
});
