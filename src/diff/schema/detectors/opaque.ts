// Keywords compared by value (the registry's `opaque` rows, each with its reason): any change is reported, never
// silently passed.

import type { Path } from '../change.js';
import { semanticKey } from '../equivalence.js';
import { OPAQUE_KEYWORDS } from '../keywords.js';
import { keywordPointer, type SchemaOnly } from '../nodes.js';
import type { Walk } from '../walker.js';

export function opaque(w: Walk, b: SchemaOnly, a: SchemaOnly, path: Path): void {
  for (const keyword of OPAQUE_KEYWORDS) {
    const bHas = keyword in b.schema;
    const aHas = keyword in a.schema;
    if (!bHas && !aHas) continue;
    const pb = bHas ? keywordPointer(b, keyword) : undefined;
    const pa = aHas ? keywordPointer(a, keyword) : undefined;
    const change = { keyword, path, at: `/${keyword}`, pointer: { before: pb, after: pa }, before: b.schema[keyword], after: a.schema[keyword] };
    if (bHas && aHas) {
      if (semanticKey(w.c.base, change.before, pb) !== semanticKey(w.c.head, change.after, pa)) w.report({ family: 'constraint-changed', edit: 'changed', ...change });
    } else if (aHas) {
      w.report({ family: 'constraint-added', edit: 'added', ...change });
    } else {
      w.report({ family: 'constraint-removed', edit: 'removed', ...change });
    }
  }
}
