// Count bounds (minLength, maxItems, minProperties, minContains, ...): shared by the string, array, object and
// contains detectors. Families are looked up by keyword, never spelled by concatenation.

import type { Path } from '../change.js';
import type { SchemaFamilyId } from '../../rules.js';
import { count, keywordPointer, type SchemaOnly } from '../nodes.js';
import type { Walk } from '../walker.js';

type CountKeyword = keyof typeof COUNT_FAMILIES;

const COUNT_FAMILIES = {
  minLength: { tightened: 'min-length-tightened', loosened: 'min-length-loosened' },
  maxLength: { tightened: 'max-length-tightened', loosened: 'max-length-loosened' },
  minItems: { tightened: 'min-items-tightened', loosened: 'min-items-loosened' },
  maxItems: { tightened: 'max-items-tightened', loosened: 'max-items-loosened' },
  minContains: { tightened: 'min-contains-tightened', loosened: 'min-contains-loosened' },
  maxContains: { tightened: 'max-contains-tightened', loosened: 'max-contains-loosened' },
  minProperties: { tightened: 'min-properties-tightened', loosened: 'min-properties-loosened' },
  maxProperties: { tightened: 'max-properties-tightened', loosened: 'max-properties-loosened' },
} as const satisfies Record<string, { tightened: SchemaFamilyId; loosened: SchemaFamilyId }>;

/** A lower count bound: absent is `absent` (0, or 1 for minContains). */
export function minimumCount(w: Walk, keyword: 'minLength' | 'minItems' | 'minProperties' | 'minContains', b: SchemaOnly, a: SchemaOnly, path: Path, absent = 0): void {
  const bv = count(b.schema[keyword]) ?? absent;
  const av = count(a.schema[keyword]) ?? absent;
  if (bv === av) return;
  w.report({ family: COUNT_FAMILIES[keyword][av > bv ? 'tightened' : 'loosened'], keyword, path, pointer: { before: keywordPointer(b, keyword), after: keywordPointer(a, keyword) }, before: bv, after: av });
}

/** An upper count bound: absent is unbounded. */
export function maximumCount(w: Walk, keyword: Exclude<CountKeyword, 'minLength' | 'minItems' | 'minProperties' | 'minContains'>, b: SchemaOnly, a: SchemaOnly, path: Path): void {
  const bv = count(b.schema[keyword]);
  const av = count(a.schema[keyword]);
  if (bv === av) return;
  const tightened = av !== undefined && (bv === undefined || av < bv);
  w.report({
    family: COUNT_FAMILIES[keyword][tightened ? 'tightened' : 'loosened'],
    keyword,
    path,
    pointer: { before: bv === undefined ? undefined : keywordPointer(b, keyword), after: av === undefined ? undefined : keywordPointer(a, keyword) },
    before: bv,
    after: av,
  });
}
