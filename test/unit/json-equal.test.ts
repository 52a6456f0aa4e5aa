// jsonEqual, which every schema comparison starts with: the same answer as Node's own deep equality on JSON values,
// whatever the key order, and no stack overflow at any depth.
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonEqual } from '../../src/json.js';
import { keyShuffled } from '../hardening/arbitraries.js';

/** As JSON.parse hands values over: own `__proto__` keys, and -0 already written as 0. */
const asParsed = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('jsonEqual', () => {
  it('agrees with util.isDeepStrictEqual on any two JSON values, equal, reordered or different', () => {
    const pair = fc.jsonValue().chain((x) =>
      fc.tuple(fc.constant(x), fc.oneof(fc.constant(x), fc.integer().map((seed) => keyShuffled(x, seed)), fc.jsonValue())),
    );
    fc.assert(
      fc.property(pair, ([x, y]) => {
        const [a, b] = [asParsed(x), asParsed(y)];
        expect(jsonEqual(a, b)).toBe(isDeepStrictEqual(a, b));
        expect(jsonEqual(b, a)).toBe(isDeepStrictEqual(a, b));
      }),
      { numRuns: 500 },
    );
  });

  it('tells apart what only the key lookup or the shape can: a missing key, an array against an object, null', () => {
    expect(jsonEqual({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1, b: undefined }, { a: 1, c: undefined })).toBe(false);
    expect(jsonEqual([1, 2], { 0: 1, 1: 2 })).toBe(false);
    expect(jsonEqual({ a: null }, { a: {} })).toBe(false);
    expect(jsonEqual(JSON.parse('{"__proto__": {"x": 1}}'), JSON.parse('{"__proto__": {"x": 2}}'))).toBe(false);
  });

  it('compares 100,000 levels of nesting without a stack overflow', () => {
    const deep = (leaf: number): unknown => {
      let value: unknown = leaf;
      for (let i = 0; i < 100_000; i++) value = i % 2 ? [value] : { v: value };
      return value;
    };
    expect(jsonEqual(deep(1), deep(1))).toBe(true);
    expect(jsonEqual(deep(1), deep(2))).toBe(false);
  });
});
