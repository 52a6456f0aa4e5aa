// The synthetic snapshot generator shared with `npm run bench`: deterministic, and its revision 2 holds
// exactly the changes it documents, which the engine finds at any size.
import { describe, expect, it } from 'vitest';
import { generateSnapshot } from '../fixtures/diff/generate.js';
import { diffSnapshots } from '../../src/diff/index.js';

describe('generateSnapshot', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateSnapshot(20, { seed: 3 })).toEqual(generateSnapshot(20, { seed: 3 }));
    expect(generateSnapshot(20, { seed: 3 })).not.toEqual(generateSnapshot(20, { seed: 4 }));
  });

  it('a snapshot diffed with itself (or a copy) has no finding', () => {
    const s = generateSnapshot(50, { seed: 9, depth: 3 });
    expect(diffSnapshots(s, structuredClone(s))).toEqual([]);
  });

  it.each([10, 100, 1000])('revision 1 -> 2 of %i tools: one finding set per changed tool, as documented', (n) => {
    const findings = diffSnapshots(generateSnapshot(n, { seed: 1 }), generateSnapshot(n, { seed: 1, revision: 2 }));
    const changed = Math.ceil(n / 10);
    const count = (rule: string) => findings.filter((f) => f.rule === rule).length;
    const expectedOf = (kind: number) => Array.from({ length: changed }, (_, k) => k).filter((k) => k % 5 === kind).length;
    expect(count('input-maximum-tightened')).toBe(expectedOf(0));
    expect(count('input-required-property-added')).toBe(expectedOf(1));
    expect(count('output-property-added-closed')).toBe(expectedOf(2));
    expect(count('tool-description-changed')).toBe(expectedOf(3));
    expect(count('tool-renamed')).toBe(expectedOf(4));
  });
});
