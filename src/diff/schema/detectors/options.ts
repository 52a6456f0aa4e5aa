// Pairing the options of two combinators (anyOf, oneOf, allOf): by meaning first, then by likeness.

import type { SchemaComparison } from '../compare.js';
import { nodeKey } from '../equivalence.js';
import { allowedValues, effectiveTypes, typeSubset } from '../facets.js';
import { isPlainObject } from '../keywords.js';
import { resolveNode, type SchemaNode } from '../resolve.js';

/** Equivalent options paired by semantic key (linear); the rest left over on each side. */
export function matchByMeaning(c: SchemaComparison, bOpts: SchemaNode[], aOpts: SchemaNode[]): { pairs: [number, number][]; restB: number[]; restA: number[] } {
  const byKey = new Map<string, number[]>();
  aOpts.forEach((o, j) => {
    const k = nodeKey(c.head, o);
    const list = byKey.get(k);
    if (list) list.push(j);
    else byKey.set(k, [j]);
  });
  const pairs: [number, number][] = [];
  const usedA = new Set<number>();
  const restB: number[] = [];
  bOpts.forEach((o, i) => {
    const j = byKey.get(nodeKey(c.base, o))?.shift();
    if (j === undefined) restB.push(i);
    else {
      usedA.add(j);
      pairs.push([i, j]);
    }
  });
  return { pairs, restB, restA: aOpts.map((_, j) => j).filter((j) => !usedA.has(j)) };
}

/** Pair equivalent options first (by semantic key, linear), then the most alike of the rest. */
export function match(c: SchemaComparison, bOpts: SchemaNode[], aOpts: SchemaNode[]): { pairs: [number, number][]; removed: number[]; added: number[] } {
  const { pairs, restB, restA } = matchByMeaning(c, bOpts, aOpts);
  // Each left-over base option pairs with the most alike head option not yet paired, at most once.
  const used = new Set(pairs.map(([, j]) => j));
  const removed: number[] = [];
  for (const i of restB) {
    const best = mostAlike(c, bOpts[i]!, aOpts, used);
    if (best < 0) removed.push(i);
    else {
      used.add(best);
      pairs.push([i, best]);
    }
  }
  return { pairs, removed, added: restA.filter((j) => !used.has(j)) };
}

/** The unpaired new option most like `o` (same types, shared property names, the same discriminator), or -1. */
export function mostAlike(c: SchemaComparison, o: SchemaNode, aOpts: SchemaNode[], used: Set<number>): number {
  let best = -1;
  let bestScore = 1;
  aOpts.forEach((x, j) => {
    if (used.has(j)) return;
    const score = likeness(c, o, x);
    if (score > bestScore) {
      best = j;
      bestScore = score;
    }
  });
  return best;
}

/** An option as written, for a finding's before/after. */
export function optionValue(node: SchemaNode): unknown {
  return node.kind === 'schema' ? node.schema : node.kind === 'false' ? false : { $ref: node.ref };
}

/** How alike two unmatched options are: same types, shared property names, the same discriminator value. */
function likeness(c: SchemaComparison, b: SchemaNode, a: SchemaNode): number {
  if (b.kind !== 'schema' || a.kind !== 'schema') return 0;
  const bt = effectiveTypes(b.schema);
  const at = effectiveTypes(a.schema);
  let score = 0;
  if (typeSubset(bt, at) && typeSubset(at, bt)) score += 2;
  else if (bt === null || at === null || [...bt].some((t) => at.has(t))) score += 1;
  const bp = isPlainObject(b.schema.properties) ? b.schema.properties : undefined;
  const ap = isPlainObject(a.schema.properties) ? a.schema.properties : undefined;
  if (bp && ap) {
    const names = new Set([...Object.keys(bp), ...Object.keys(ap)]);
    let shared = 0;
    for (const name of names) {
      if (!Object.hasOwn(bp, name) || !Object.hasOwn(ap, name)) continue;
      shared++;
      const bv = single(resolveNode(c.base, bp[name], b.pointer));
      const av = single(resolveNode(c.head, ap[name], a.pointer));
      if (bv !== undefined && av !== undefined) score += bv === av ? 4 : -10;
    }
    if (names.size) score += (2 * shared) / names.size;
  }
  return score;
}

function single(node: SchemaNode): string | undefined {
  if (node.kind !== 'schema') return undefined;
  const values = allowedValues(node.schema);
  return values && values.size === 1 ? [...values.keys()][0] : undefined;
}
