// Strings: length bounds, pattern and format.

import type { Path } from '../change.js';
import type { SchemaFamilyId } from '../../rules.js';
import { keywordPointer, type SchemaOnly } from '../nodes.js';
import type { Walk } from '../walker.js';
import { maximumCount, minimumCount } from './counts.js';

const TEXT_FAMILIES = {
  pattern: { added: 'pattern-added', removed: 'pattern-removed', changed: 'pattern-changed' },
  format: { added: 'format-added', removed: 'format-removed', changed: 'format-changed' },
} as const satisfies Record<string, Record<'added' | 'removed' | 'changed', SchemaFamilyId>>;

export function strings(w: Walk, b: SchemaOnly, a: SchemaOnly, path: Path): void {
  minimumCount(w, 'minLength', b, a, path);
  maximumCount(w, 'maxLength', b, a, path);
  textKeyword(w, 'pattern', b, a, path);
  textKeyword(w, 'format', b, a, path);
}

function textKeyword(w: Walk, keyword: 'pattern' | 'format', b: SchemaOnly, a: SchemaOnly, path: Path): void {
  const before = b.schema[keyword];
  const after = a.schema[keyword];
  const bv = typeof before === 'string' ? before : undefined;
  const av = typeof after === 'string' ? after : undefined;
  if (bv === av) return;
  const edit = bv === undefined ? 'added' : av === undefined ? 'removed' : 'changed';
  const pointer = { before: bv === undefined ? undefined : keywordPointer(b, keyword), after: av === undefined ? undefined : keywordPointer(a, keyword) };
  w.report({ family: TEXT_FAMILIES[keyword][edit], keyword, edit, path, pointer, before: bv, after: av });
}
