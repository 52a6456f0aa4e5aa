// allOf (conjuncts paired by meaning, then likeness) and not (the excluded set compared by a probe, its effect
// turned around).

import type { Path } from '../change.js';
import { child, keywordPointer, type SchemaOnly } from '../nodes.js';
import type { Walk } from '../walker.js';
import { match, optionValue } from './options.js';

export function allOf(w: Walk, b: SchemaOnly, a: SchemaOnly, path: Path): void {
  const bl = Array.isArray(b.schema.allOf) ? b.schema.allOf : [];
  const al = Array.isArray(a.schema.allOf) ? a.schema.allOf : [];
  if (!bl.length && !al.length) return;
  const bOpts = bl.map((o, i) => child(w.c.base, b, o, 'allOf', i));
  const aOpts = al.map((o, i) => child(w.c.head, a, o, 'allOf', i));
  const { pairs, removed, added } = match(w.c, bOpts, aOpts);
  for (const [i, j] of pairs) w.compare(bOpts[i]!, aOpts[j]!, [...path, 'allOf', String(i)]);
  for (const i of removed) w.report({ family: 'all-of-schema-removed', path: [...path, 'allOf', String(i)], pointer: { before: bOpts[i]!.pointer }, before: optionValue(bOpts[i]!) });
  for (const j of added) w.report({ family: 'all-of-schema-added', path: [...path, 'allOf', String(j)], pointer: { after: aOpts[j]!.pointer }, after: optionValue(aOpts[j]!) });
}

/** "not X": the excluded set X changing one way changes the allowed set the other way. */
export function not(w: Walk, b: SchemaOnly, a: SchemaOnly, path: Path): void {
  const bHas = 'not' in b.schema;
  const aHas = 'not' in a.schema;
  if (!bHas && !aHas) return;
  const change = { keyword: 'not', path: [...path, 'not'], pointer: { before: bHas ? keywordPointer(b, 'not') : undefined, after: aHas ? keywordPointer(a, 'not') : undefined }, before: b.schema.not, after: a.schema.not };
  if (!bHas || !aHas) {
    w.report(aHas ? { family: 'not-tightened', edit: 'added', ...change } : { family: 'not-loosened', edit: 'removed', ...change });
    return;
  }
  const inner = w.probe(child(w.c.base, b, b.schema.not, 'not'), child(w.c.head, a, a.schema.not, 'not'), change.path, true);
  w.adopt(inner.unresolvable);
  const { narrows, widens } = inner;
  if (!narrows && !widens) return;
  w.report({ family: narrows && widens ? 'not-changed' : narrows ? 'not-loosened' : 'not-tightened', edit: 'changed', ...change });
}
