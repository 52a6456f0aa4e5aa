// Documentation and behaviour: a description a model reads, a default the server fills in.

import type { Path } from '../change.js';
import { childPointer } from '../../finding.js';
import { jsonEqual } from '../../../json.js';
import type { SchemaOnly } from '../nodes.js';
import type { Walk } from '../walker.js';

export function annotations(w: Walk, b: SchemaOnly, a: SchemaOnly, path: Path): void {
  const bs = b.schema;
  const as = a.schema;
  if (typeof bs.description === 'string' && typeof as.description === 'string' && bs.description !== as.description) {
    w.report({ family: 'description-changed', path, pointer: { before: childPointer(b.pointer, 'description'), after: childPointer(a.pointer, 'description') }, before: bs.description, after: as.description });
  }
  if (w.c.area === 'input' && 'default' in bs && !jsonEqual(bs.default, as.default)) {
    const removed = !('default' in as);
    w.report({ family: 'default-changed', path, pointer: { before: childPointer(b.pointer, 'default'), after: removed ? undefined : childPointer(a.pointer, 'default') }, before: bs.default, after: as.default, removed });
  }
}
