// type, enum and const: the JSON types and the listed values a schema allows.

import type { Path } from '../change.js';
import { childPointer } from '../../finding.js';
import { allowedValues, effectiveTypes, typeSubset } from '../facets.js';
import type { PlainObject } from '../keywords.js';
import { keywordPointer, type SchemaOnly } from '../nodes.js';
import { restrictsValues, valueChanges } from '../value-changes.js';
import type { Walk } from '../walker.js';

const isConst = (s: PlainObject) => 'const' in s && !Array.isArray(s.enum);

function valuePointer(node: SchemaOnly, schema: PlainObject): string {
  return childPointer(node.pointer, Array.isArray(schema.enum) ? 'enum' : 'const');
}

export function typesAndValues(w: Walk, b: SchemaOnly, a: SchemaOnly, path: Path): void {
  const bs = b.schema;
  const as = a.schema;
  const bv = restrictsValues(bs);
  const av = restrictsValues(as);
  // Compared by sorting, not by maps of canonical JSON: an enum of a million values in well under a second.
  const changes = valueChanges(bs, as);
  if (changes) {
    const { removed, added } = changes;
    if (isConst(bs) && isConst(as)) {
      if (removed.length || added.length) {
        w.report({ family: 'const-changed', path, pointer: { before: childPointer(b.pointer, 'const'), after: childPointer(a.pointer, 'const') }, before: bs.const, after: as.const });
      }
      return;
    }
    for (const [k, v] of removed) w.report({ family: 'enum-value-removed', path, at: `/enum/${k}`, pointer: { before: valuePointer(b, bs) }, before: v });
    for (const [k, v] of added) w.report({ family: 'enum-value-added', path, at: `/enum/${k}`, pointer: { after: valuePointer(a, as) }, after: v });
    return;
  }
  if (!bv && av) {
    const constant = isConst(as);
    w.report({ family: constant ? 'const-added' : 'enum-added', path, pointer: { after: valuePointer(a, as) }, after: constant ? as.const : [...allowedValues(as)!.values()] });
  } else if (bv && !av) {
    const constant = isConst(bs);
    w.report({ family: constant ? 'const-removed' : 'enum-removed', path, pointer: { before: valuePointer(b, bs) }, before: constant ? bs.const : [...allowedValues(bs)!.values()] });
  }
  const bt = effectiveTypes(bs);
  const at = effectiveTypes(as);
  const narrower = typeSubset(at, bt);
  const wider = typeSubset(bt, at);
  if (narrower && wider) return;
  const type = { path, pointer: { before: keywordPointer(b, 'type'), after: keywordPointer(a, 'type') }, before: bs.type, after: as.type, types: { before: bt, after: at } };
  // A new enum narrows the type by itself and a dropped one widens it: the enum finding already says so.
  if (narrower) {
    if (!av) w.report({ family: 'type-narrowed', ...type });
  } else if (wider) {
    if (!bv) w.report({ family: 'type-widened', ...type });
  } else {
    w.report({ family: 'type-changed', ...type });
  }
}
