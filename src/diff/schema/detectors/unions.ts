// anyOf and oneOf, compared by the values they accept: options paired by meaning, never by position.

import type { Path } from '../change.js';
import { childPointer } from '../../finding.js';
import { effectiveTypes } from '../facets.js';
import { disjoint, pairwiseDisjoint } from '../normalise.js';
import { child, onlyKeyword, unionOf, type SchemaOnly, type Union } from '../nodes.js';
import type { SchemaDoc, SchemaNode } from '../resolve.js';
import type { SchemaFamilyId } from '../../rules.js';
import type { Walk } from '../walker.js';
import { matchByMeaning, mostAlike, optionValue } from './options.js';

const UNION_FAMILIES = {
  anyOf: { added: 'any-of-added', removed: 'any-of-removed', optionAdded: 'any-of-option-added', optionRemoved: 'any-of-option-removed' },
  oneOf: { added: 'one-of-added', removed: 'one-of-removed', optionAdded: 'one-of-option-added', optionRemoved: 'one-of-option-removed' },
} as const satisfies Record<Union['keyword'], Record<'added' | 'removed' | 'optionAdded' | 'optionRemoved', SchemaFamilyId>>;

/** Returns true when one side was a bare union compared against the other as a whole (nothing else left). */
export function unions(w: Walk, b: SchemaOnly, a: SchemaOnly, path: Path): boolean {
  const bu = unionOf(b.schema);
  const au = unionOf(a.schema);
  if (!bu && !au) return false;
  const options = (side: SchemaOnly, doc: SchemaDoc, u: Union) => flatten(doc, u.keyword, u.options.map((o, i) => child(doc, side, o, u.keyword, i)));
  if (bu && au) {
    matchUnion(w, options(b, w.c.base, bu), options(a, w.c.head, au), bu.keyword, au.keyword, path, false);
    return false;
  }
  if (au) {
    // `{type: "string"}` -> `{anyOf: [{type: "string"}, {type: "number"}]}` is an option added, not a new constraint.
    if (onlyKeyword(a.schema, au.keyword)) {
      matchUnion(w, [b], options(a, w.c.head, au), au.keyword, au.keyword, path, true);
      return true;
    }
    // Beside other keywords the union is one more condition: it narrows unless every old value meets an option.
    const opts = options(a, w.c.head, au);
    if (!byType(b).every((part) => opts.some((x) => !w.probe(part, x, [], true).narrows))) {
      w.report({ family: UNION_FAMILIES[au.keyword].added, path, at: `/${au.keyword}`, pointer: { after: childPointer(a.pointer, au.keyword) }, after: a.schema[au.keyword] });
    } else if (au.keyword === 'oneOf') exclusive(w, [b], opts, 'none', [], path);
    return false;
  }
  if (bu && onlyKeyword(b.schema, bu.keyword)) {
    matchUnion(w, options(b, w.c.base, bu), [a], bu.keyword, bu.keyword, path, false);
    return true;
  }
  if (bu) {
    // Dropping a condition widens unless every new value met an option anyway.
    const opts = options(b, w.c.base, bu);
    if (!byType(a).every((part) => opts.some((x) => !w.probe(x, part, [], true).widens))) {
      w.report({ family: UNION_FAMILIES[bu.keyword].removed, path, at: `/${bu.keyword}`, pointer: { before: childPointer(b.pointer, bu.keyword) }, before: b.schema[bu.keyword] });
    }
  }
  return false;
}

/** An anyOf option that is itself a bare anyOf contributes its options (`A | (B | C)` is `A | B | C`). */
function flatten(doc: SchemaDoc, keyword: string, options: SchemaNode[], depth = 0): SchemaNode[] {
  if (keyword !== 'anyOf' || depth > 8) return options;
  const flat = options.flatMap((o) => {
    const inner = o.kind === 'schema' ? unionOf(o.schema) : undefined;
    if (o.kind !== 'schema' || inner?.keyword !== 'anyOf' || !onlyKeyword(o.schema, 'anyOf')) return [o];
    return flatten(doc, keyword, inner.options.map((x, i) => child(doc, o, x, 'anyOf', i)), depth + 1);
  });
  // A union that lists itself (`T = anyOf[X, T]`) reaches the same options again on every level: once each.
  if (depth > 0) return flat;
  const seen = new Set<string>();
  return flat.filter((o) => !seen.has(o.pointer) && seen.add(o.pointer));
}

/**
 * Unions are compared by the values they accept. Equivalent options pair up (order does not matter); an old
 * option that some new option accepts entirely lost nothing (an enum split into const options, options
 * merged, a permissive option added); one that none accepts is compared with the most alike new option to say
 * what narrowed, or reported removed. Likewise a new option that an old one already accepted adds nothing.
 * In a oneOf, a value that matches two options is rejected: an old value that now matches two is reported.
 */
function matchUnion(w: Walk, bOpts: SchemaNode[], aOpts: SchemaNode[], bKeyword: Union['keyword'], aKeyword: Union['keyword'], path: Path, beforeWrapped: boolean): void {
  const { pairs, restB, restA } = matchByMeaning(w.c, bOpts, aOpts);
  const segment = (i: number, j: number): string[] => (beforeWrapped ? [aKeyword, String(j)] : [bKeyword, String(i)]);
  for (const [i, j] of pairs) w.compare(bOpts[i]!, aOpts[j]!, [...path, ...segment(i, j)]);
  const usedA = new Set(pairs.map(([, j]) => j));
  const coveredBy = (part: SchemaNode, options: SchemaNode[], old: boolean) =>
    byType(part).every((p) => options.some((x) => (old ? !w.probe(x, p, [], true).widens : !w.probe(p, x, [], true).narrows)));
  for (const i of restB) {
    const o = bOpts[i]!;
    if (coveredBy(o, aOpts, false)) continue;
    const j = mostAlike(w.c, o, aOpts, usedA);
    if (j >= 0) {
      usedA.add(j);
      w.compare(o, aOpts[j]!, [...path, ...segment(i, j)]);
      continue;
    }
    w.report({ family: UNION_FAMILIES[bKeyword].optionRemoved, path: [...path, bKeyword, String(i)], pointer: { before: o.pointer }, before: optionValue(o) });
  }
  for (const j of restA) {
    if (usedA.has(j)) continue;
    const o = aOpts[j]!;
    if (coveredBy(o, bOpts, true)) continue;
    w.report({ family: UNION_FAMILIES[aKeyword].optionAdded, path: [...path, aKeyword, String(j)], pointer: { after: o.pointer }, after: optionValue(o) });
  }
  if (aKeyword === 'oneOf' && aOpts.length > 1) exclusive(w, bOpts, aOpts, bKeyword, pairs, path);
  // The other way: values that matched two options of the old oneOf were rejected, and an anyOf accepts them.
  if (bKeyword === 'oneOf' && aKeyword === 'anyOf' && !beforeWrapped && bOpts.length > 1 && !pairwiseDisjoint(bOpts)) {
    w.report({ family: 'one-of-exclusivity-removed', path: [...path, 'anyOf'], pointer: { before: childPointer(bOpts[0]!.pointer.slice(0, bOpts[0]!.pointer.lastIndexOf('/'))) } });
  }
}

/**
 * A new oneOf rejects a value that matches two of its options. Each old option that may share values with
 * two new options (unless the same two overlapped in an old oneOf already) loses those values.
 */
function exclusive(w: Walk, bOpts: SchemaNode[], aOpts: SchemaNode[], bKeyword: Union['keyword'] | 'none', pairs: [number, number][], path: Path): void {
  if (pairwiseDisjoint(aOpts)) return;
  const oldIndexOf = new Map(pairs.map(([i, j]) => [j, i]));
  for (const [i, o] of bOpts.entries()) {
    const overlapping = aOpts.map((x, j) => j).filter((j) => !disjoint(o, aOpts[j]!));
    for (let x = 0; x < overlapping.length; x++) {
      for (let y = x + 1; y < overlapping.length; y++) {
        const [j, k] = [overlapping[x]!, overlapping[y]!];
        // The same two options of an old oneOf: their shared values were rejected before too.
        const oj = oldIndexOf.get(j);
        const ok = oldIndexOf.get(k);
        if (bKeyword === 'oneOf' && oj !== undefined && ok !== undefined && (oj === i || ok === i)) continue;
        w.report({
          family: 'one-of-options-overlap',
          path: [...path, 'oneOf', String(j)],
          pointer: { before: o.pointer, after: aOpts[k]!.pointer },
          before: optionValue(o),
          after: [optionValue(aOpts[j]!), optionValue(aOpts[k]!)],
          options: [j, k],
        });
        return;
      }
    }
  }
}

/**
 * A schema of several types as one schema per type (`{type: ["string", "null"]}` -> string, null), so that an
 * option can be found covered by several options together, one per type.
 */
function byType(node: SchemaNode): SchemaNode[] {
  if (node.kind !== 'schema') return [node];
  const types = effectiveTypes(node.schema);
  if (types === null || types.size < 2) return [node];
  return [...types].sort().map((type) => ({ ...node, schema: { ...node.schema, type } }));
}
