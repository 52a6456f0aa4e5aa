// The two ends of a walk that are not schemas to compare keyword by keyword: a `$ref` that cannot be followed,
// and a `false` schema (no value) on one side.

import type { Path } from '../change.js';
import type { SchemaNode } from '../resolve.js';
import type { Walk } from '../walker.js';

/** One side is a `$ref` not followed (non-local, or into nowhere): said, and compared by its text only. */
export function unresolvable(w: Walk, b: SchemaNode, a: SchemaNode, path: Path): void {
  const side = a.kind === 'unresolved' ? a : (b as Extract<SchemaNode, { kind: 'unresolved' }>);
  w.report({
    family: 'ref-unresolvable',
    path,
    at: '/$ref',
    pointer: { before: b.kind === 'unresolved' ? b.pointer : undefined, after: a.kind === 'unresolved' ? a.pointer : undefined },
    before: b.kind === 'unresolved' ? b.ref : undefined,
    after: a.kind === 'unresolved' ? a.ref : undefined,
    ref: side.ref,
  });
}

/** Exactly one side is `false`: the place closed (no value accepted any more) or opened. */
export function falseSchemas(w: Walk, b: SchemaNode, a: SchemaNode, path: Path): void {
  const closing = a.kind === 'false';
  const before = b.kind === 'false' ? false : b.kind === 'schema' ? b.schema : undefined;
  const after = a.kind === 'false' ? false : a.kind === 'schema' ? a.schema : undefined;
  const pointer = { before: b.pointer, after: a.pointer };
  if (path[path.length - 1] === 'additionalProperties') {
    // Said of the object: "unknown properties", not of a place called "*".
    w.report({ family: closing ? 'additional-properties-closed' : 'additional-properties-opened', path, shownPath: path.slice(0, -1), pointer, before, after });
  } else {
    w.report({ family: closing ? 'schema-closed' : 'schema-opened', path, pointer, before, after });
  }
}
