// Numbers: lower and upper bounds (draft-04 boolean and draft-06+ numeric exclusive forms) and multipleOf.

import type { Path } from '../change.js';
import { boundTighter, isMultiple, lowerBound, typeSubset, upperBound, type Bound, type TypeSet } from '../facets.js';
import { keywordPointer, type SchemaOnly } from '../nodes.js';
import type { Walk } from '../walker.js';

const BOUNDS = {
  minimum: { sign: 1, exclusive: 'exclusiveMinimum', tightened: 'minimum-tightened', loosened: 'minimum-loosened' },
  maximum: { sign: -1, exclusive: 'exclusiveMaximum', tightened: 'maximum-tightened', loosened: 'maximum-loosened' },
} as const;

export function numbers(w: Walk, b: SchemaOnly, a: SchemaOnly, path: Path, types: { before: TypeSet; after: TypeSet }): void {
  const integerOnly = (t: TypeSet) => t !== null && t.size > 0 && typeSubset(t, new Set(['integer']));
  bound(w, 'minimum', lowerBound(b.schema, integerOnly(types.before)), lowerBound(a.schema, integerOnly(types.after)), b, a, path);
  bound(w, 'maximum', upperBound(b.schema, integerOnly(types.before)), upperBound(a.schema, integerOnly(types.after)), b, a, path);
  const bm = positive(b.schema.multipleOf);
  const am = positive(a.schema.multipleOf);
  if (bm === am) return;
  const change = { path, pointer: { before: bm === undefined ? undefined : keywordPointer(b, 'multipleOf'), after: am === undefined ? undefined : keywordPointer(a, 'multipleOf') }, before: bm, after: am };
  if (bm === undefined || (am !== undefined && isMultiple(am, bm))) w.report({ family: 'multiple-of-tightened', ...change });
  else if (am === undefined || isMultiple(bm, am)) w.report({ family: 'multiple-of-loosened', ...change });
  else w.report({ family: 'multiple-of-changed', ...change });
}

function bound(w: Walk, keyword: 'minimum' | 'maximum', bb: Bound | null, ab: Bound | null, b: SchemaOnly, a: SchemaOnly, path: Path): void {
  const same = (bb === null && ab === null) || (bb !== null && ab !== null && bb.value === ab.value && bb.exclusive === ab.exclusive);
  if (same) return;
  const { sign, exclusive, tightened, loosened } = BOUNDS[keyword];
  const tighter = ab !== null && (bb === null || boundTighter(ab, bb, sign));
  const at = (node: SchemaOnly) => (typeof node.schema[exclusive] === 'number' ? keywordPointer(node, exclusive) : keywordPointer(node, keyword));
  // The values shown are the schema's own bound keywords, as written (draft-04 or draft-06+ form).
  const written = (node: SchemaOnly) => {
    const keys = [keyword, exclusive].filter((k) => k in node.schema);
    return keys.length ? Object.fromEntries(keys.map((k) => [k, node.schema[k]])) : undefined;
  };
  w.report({
    family: tighter ? tightened : loosened,
    keyword,
    path,
    pointer: { before: bb === null ? undefined : at(b), after: ab === null ? undefined : at(a) },
    before: written(b),
    after: written(a),
    bounds: { before: bb, after: ab },
  });
}

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}
