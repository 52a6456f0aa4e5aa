// Keywords that apply a subschema to part of the value (property names, matching items, unevaluated parts,
// dependents, conditionals): compared as schemas where both sides have one, added narrows, removed widens.

import type { Path } from '../change.js';
import { semanticKey } from '../equivalence.js';
import { isPlainObject, type PlainObject } from '../keywords.js';
import { child, keywordPointer, stringSet, type SchemaOnly } from '../nodes.js';
import type { Walk } from '../walker.js';
import { maximumCount, minimumCount } from './counts.js';

const SIDES = [
  ['propertyNames', { added: 'property-names-added', removed: 'property-names-removed' }],
  ['contains', { added: 'contains-added', removed: 'contains-removed' }],
  ['unevaluatedProperties', { added: 'constraint-added', removed: 'constraint-removed' }],
  ['unevaluatedItems', { added: 'constraint-added', removed: 'constraint-removed' }],
] as const;

export function applicators(w: Walk, b: SchemaOnly, a: SchemaOnly, path: Path): void {
  const { base, head } = w.c;
  const bs = b.schema;
  const as = a.schema;
  for (const [keyword, families] of SIDES) {
    const bHas = keyword in bs;
    const aHas = keyword in as;
    if (bHas && aHas) w.compare(child(base, b, bs[keyword], keyword), child(head, a, as[keyword], keyword), [...path, keyword]);
    else if (aHas) w.report({ family: families.added, keyword, edit: 'added', path, at: `/${keyword}`, pointer: { after: keywordPointer(a, keyword) }, after: as[keyword] });
    else if (bHas) w.report({ family: families.removed, keyword, edit: 'removed', path, at: `/${keyword}`, pointer: { before: keywordPointer(b, keyword) }, before: bs[keyword] });
  }
  if ('contains' in bs && 'contains' in as) {
    // minContains is 1 when absent; maxContains unbounded.
    minimumCount(w, 'minContains', b, a, path, 1);
    maximumCount(w, 'maxContains', b, a, path);
  }
  dependents(w, b, a, path);
  conditional(w, b, a, path);
}

/** dependentRequired and dependentSchemas (draft-07 `dependencies` arrives split into them: normalise.ts). */
function dependents(w: Walk, b: SchemaOnly, a: SchemaOnly, path: Path): void {
  const { base, head } = w.c;
  const bs = b.schema;
  const as = a.schema;
  const bdr = isPlainObject(bs.dependentRequired) ? bs.dependentRequired : {};
  const adr = isPlainObject(as.dependentRequired) ? as.dependentRequired : {};
  for (const name of [...new Set([...Object.keys(bdr), ...Object.keys(adr)])].sort()) {
    const bl = stringSet(bdr[name]);
    const al = stringSet(adr[name]);
    const added = [...al].filter((x) => !bl.has(x));
    const removed = [...bl].filter((x) => !al.has(x));
    const here = [...path, 'dependentRequired', name];
    if (added.length) w.report({ family: 'dependent-required-added', name, path: here, pointer: { after: keywordPointer(a, 'dependentRequired') }, after: added });
    if (removed.length) w.report({ family: 'dependent-required-removed', name, path: here, pointer: { before: keywordPointer(b, 'dependentRequired') }, before: removed });
  }
  const bds = isPlainObject(bs.dependentSchemas) ? bs.dependentSchemas : {};
  const ads = isPlainObject(as.dependentSchemas) ? as.dependentSchemas : {};
  for (const name of [...new Set([...Object.keys(bds), ...Object.keys(ads)])].sort()) {
    const here = [...path, 'dependentSchemas', name];
    const inB = Object.prototype.hasOwnProperty.call(bds, name);
    const inA = Object.prototype.hasOwnProperty.call(ads, name);
    if (inB && inA) w.compare(child(base, b, bds[name], 'dependentSchemas', name), child(head, a, ads[name], 'dependentSchemas', name), here);
    else if (inA) w.report({ family: 'dependent-schema-added', name, path: here, pointer: { after: keywordPointer(a, 'dependentSchemas') }, after: ads[name] });
    else w.report({ family: 'dependent-schema-removed', name, path: here, pointer: { before: keywordPointer(b, 'dependentSchemas') }, before: bds[name] });
  }
}

/** if/then/else: the same condition compares the branches; a changed condition is not compared by meaning. */
function conditional(w: Walk, b: SchemaOnly, a: SchemaOnly, path: Path): void {
  const { base, head } = w.c;
  const bs = b.schema;
  const as = a.schema;
  const bIf = 'if' in bs;
  const aIf = 'if' in as;
  if (!bIf && !aIf) return;
  const written = (s: PlainObject) => ({ if: s.if, then: s.then, else: s.else });
  if (bIf && aIf && semanticKey(base, bs.if, keywordPointer(b, 'if')) === semanticKey(head, as.if, keywordPointer(a, 'if'))) {
    // The same condition: each branch (absent is "anything") compared as a schema.
    for (const k of ['then', 'else'] as const) w.compare(child(base, b, bs[k], k), child(head, a, as[k], k), [...path, k]);
  } else if (aIf && !bIf) w.report({ family: 'conditional-added', path, at: '/if', pointer: { after: keywordPointer(a, 'if') }, after: written(as) });
  else if (bIf && !aIf) w.report({ family: 'conditional-removed', path, at: '/if', pointer: { before: keywordPointer(b, 'if') }, before: written(bs) });
  else w.report({ family: 'constraint-changed', why: 'condition', path, at: '/if', pointer: { before: keywordPointer(b, 'if'), after: keywordPointer(a, 'if') }, before: bs.if, after: as.if });
}
