// Arrays: positional items (draft-07 tuple items/additionalItems, 2020-12 prefixItems/items), the rest, length
// bounds and uniqueItems.

import type { Path } from '../change.js';
import type { PlainObject } from '../keywords.js';
import { child, keywordPointer, type SchemaOnly } from '../nodes.js';
import type { Walk } from '../walker.js';
import { maximumCount, minimumCount } from './counts.js';

export function arrays(w: Walk, b: SchemaOnly, a: SchemaOnly, path: Path): void {
  const { base, head } = w.c;
  const bShape = arrayShape(b.schema);
  const aShape = arrayShape(a.schema);
  const bRest = child(base, b, bShape.rest, bShape.restKey);
  const aRest = child(head, a, aShape.rest, aShape.restKey);
  const positions = Math.max(bShape.prefix.length, aShape.prefix.length);
  for (let i = 0; i < positions; i++) {
    const bi = i < bShape.prefix.length ? child(base, b, bShape.prefix[i], bShape.prefixKey, i) : bRest;
    const ai = i < aShape.prefix.length ? child(head, a, aShape.prefix[i], aShape.prefixKey, i) : aRest;
    w.compare(bi, ai, [...path, 'prefixItems', String(i)]);
  }
  w.compare(bRest, aRest, [...path, 'items']);
  minimumCount(w, 'minItems', b, a, path);
  maximumCount(w, 'maxItems', b, a, path);
  const bu = b.schema.uniqueItems === true;
  const au = a.schema.uniqueItems === true;
  if (bu !== au) w.report({ family: au ? 'unique-items-added' : 'unique-items-removed', path, pointer: { before: keywordPointer(b, 'uniqueItems'), after: keywordPointer(a, 'uniqueItems') }, before: bu, after: au });
}

function arrayShape(schema: PlainObject): { prefix: unknown[]; prefixKey: string; rest: unknown; restKey: string } {
  // draft-07 array-form items is a tuple whose rest is additionalItems; 2020-12 says prefixItems and items.
  if (Array.isArray(schema.items)) return { prefix: schema.items, prefixKey: 'items', rest: schema.additionalItems, restKey: 'additionalItems' };
  return { prefix: Array.isArray(schema.prefixItems) ? schema.prefixItems : [], prefixKey: 'prefixItems', rest: schema.items, restKey: 'items' };
}
