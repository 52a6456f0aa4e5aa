// Resolving a JSON Schema position to the schema that actually applies there: local `$ref`s followed (never
// fetched from outside), boolean schemas, single-option combinators and type-only unions folded away.

import { childPointer, escapePointerToken } from '../finding.js';
import type { DiffContext } from './context.js';
import { ASSERTION_KEYWORDS, KEYWORDS_BY_TYPE, isPlainObject, type PlainObject } from './keywords.js';
import { normalise } from './normalise.js';

/** One schema document (a tool's inputSchema or outputSchema), where its root sits in the snapshot, and the diff it belongs to. */
export interface SchemaDoc {
  root: unknown;
  pointer: string;
  ctx: DiffContext;
}

/** A resolved schema position, with its real JSON Pointer into the snapshot. */
export type SchemaNode =
  /** `raw` is the object at `pointer`; `schema` may be derived from it (a `$ref` merged with its siblings). */
  | { kind: 'schema'; schema: PlainObject; pointer: string; raw: PlainObject }
  | { kind: 'false'; pointer: string }
  | { kind: 'unresolved'; ref: string; pointer: string };

/** The schema that accepts everything: `true`, an absent subschema, or one that is not a schema at all. */
export const EMPTY_SCHEMA: PlainObject = Object.freeze({}) as PlainObject;

// Derived schemas (a `$ref` merged with its siblings, a folded union, a normalised schema) are cached per source
// object in the diff's context, so that a recursive schema yields the same object each time round and cycle
// detection by identity still works. A merge depends on the document its `$ref` resolves in, so it is cached
// per document root as well.

export function resolveNode(doc: SchemaDoc, value: unknown, pointer: string): SchemaNode {
  let current = value;
  let at = pointer;
  doc.ctx.spend();
  doc.ctx.enter();
  try {
    // Bare `$ref`s and single-option combinators are followed in this loop, not by recursion: a chain of any
    // length costs no stack, one budget step a hop. What it has passed tells a chain that goes round for ever.
    let passed: Set<unknown> | undefined;
    for (;;) {
      if (current === false) return { kind: 'false', pointer: at };
      if (!isPlainObject(current)) return { kind: 'schema', schema: EMPTY_SCHEMA, pointer: at, raw: EMPTY_SCHEMA };
      const ref = current.$ref;
      if (typeof ref !== 'string') {
        // Dynamic references bind at evaluation time; the engine compares them by their text.
        const dynamic = current.$dynamicRef ?? current.$recursiveRef;
        if (typeof dynamic === 'string') return { kind: 'unresolved', ref: dynamic, pointer: at };
      }
      let next: { value: unknown; pointer: string } | undefined;
      if (typeof ref === 'string') {
        const target = refTarget(doc, ref);
        if (!target) return { kind: 'unresolved', ref, pointer: at };
        if (hasAssertionSiblings(current)) return schemaNode(doc, mergeRefSiblings(doc, current, target), at, current);
        next = target;
      } else {
        const unwrapped = singleOption(current);
        if (!unwrapped) return schemaNode(doc, foldTypeUnion(doc, current), at, current);
        next = { value: unwrapped.value, pointer: childPointer(at, unwrapped.keyword, 0) };
      }
      (passed ??= new Set()).add(current);
      // A chain of $refs that comes back to where it passed (`A -> B -> A`) describes nothing we can compare.
      if (passed.has(next.value)) return { kind: 'unresolved', ref: typeof ref === 'string' ? ref : '#', pointer: at };
      doc.ctx.spend();
      current = next.value;
      at = next.pointer;
    }
  } finally {
    doc.ctx.leave();
  }
}

/** The node for a schema as it applies: normalised (allOf merged, tautologies dropped), `false` when nothing satisfies it. */
function schemaNode(doc: SchemaDoc, schema: PlainObject, pointer: string, raw: PlainObject): SchemaNode {
  const normal = normalise(doc, schema, pointer);
  return normal === false ? { kind: 'false', pointer } : { kind: 'schema', schema: normal, pointer, raw };
}

/** Local references only: `#`, `#/$defs/X`, `#/definitions/X`, or any JSON Pointer fragment into the document. */
export function refTarget(doc: SchemaDoc, ref: string): { value: unknown; pointer: string } | undefined {
  if (!ref.startsWith('#')) return undefined;
  const fragment = ref.slice(1);
  if (fragment === '') return { value: doc.root, pointer: doc.pointer };
  if (!fragment.startsWith('/')) return anchorTarget(doc, fragment);
  let tokens: string[];
  try {
    tokens = fragment
      .slice(1)
      .split('/')
      .map((t) => decodeURIComponent(t).replace(/~1/g, '/').replace(/~0/g, '~'));
  } catch {
    return undefined;
  }
  let value: unknown = doc.root;
  for (const token of tokens) {
    if (Array.isArray(value) && /^\d+$/.test(token)) value = value[Number(token)];
    else if (isPlainObject(value) && Object.prototype.hasOwnProperty.call(value, token)) value = value[token];
    else return undefined;
  }
  if (value === undefined) return undefined;
  return { value, pointer: doc.pointer + tokens.map((t) => `/${escapePointerToken(t)}`).join('') };
}

/** `#name` refers to the subschema with `"$anchor": "name"` (2019-09+). */
function anchorTarget(doc: SchemaDoc, name: string): { value: unknown; pointer: string } | undefined {
  const stack: [unknown, string][] = [[doc.root, doc.pointer]];
  while (stack.length) {
    const [value, pointer] = stack.pop()!;
    if (Array.isArray(value)) value.forEach((v, i) => stack.push([v, `${pointer}/${i}`]));
    else if (isPlainObject(value)) {
      if (value.$anchor === name) return { value, pointer };
      for (const [k, v] of Object.entries(value)) if (typeof v === 'object' && v !== null) stack.push([v, childPointer(pointer, k)]);
    }
  }
  return undefined;
}

function hasAssertionSiblings(schema: PlainObject): boolean {
  for (const key of Object.keys(schema)) if (key !== '$ref' && ASSERTION_KEYWORDS.has(key)) return true;
  return false;
}

/**
 * `{"$ref": X, ...siblings}` means "X and the siblings" (2019-09+). When their keywords do not overlap the
 * two merge into one schema (the common `{"$ref": ..., "description": ...}` and `nullable`-like forms);
 * otherwise they become an allOf, which is what the keyword means.
 */
function mergeRefSiblings(doc: SchemaDoc, source: PlainObject, target: { value: unknown; pointer: string }): PlainObject {
  const docKey = typeof doc.root === 'object' && doc.root !== null ? doc.root : undefined;
  let perDoc = docKey ? doc.ctx.merged.get(docKey) : undefined;
  if (docKey && !perDoc) doc.ctx.merged.set(docKey, (perDoc = new WeakMap()));
  const cached = perDoc?.get(source);
  if (cached) return cached;
  const { $ref: _ref, ...siblings } = source;
  // A reference that leads back to this very object (`{"type": "object", "$ref": "#"}`) is "itself and the
  // siblings": while it is being merged, it stands as the allOf it means, so resolving it terminates.
  const asAllOf: PlainObject = { allOf: [{ $ref: source.$ref }, siblings] };
  perDoc?.set(source, asAllOf);
  const resolved = resolveNode(doc, target.value, target.pointer);
  let merged: PlainObject;
  if (resolved.kind === 'schema' && !Object.keys(siblings).some((k) => ASSERTION_KEYWORDS.has(k) && k in resolved.schema)) {
    merged = { ...resolved.schema, ...siblings };
  } else {
    return asAllOf;
  }
  perDoc?.set(source, merged);
  return merged;
}

/** `{"anyOf": [X]}` (or allOf / oneOf) with nothing else that validates is X. */
function singleOption(schema: PlainObject): { keyword: string; value: unknown } | undefined {
  let found: { keyword: string; value: unknown } | undefined;
  for (const key of Object.keys(schema)) {
    if (!ASSERTION_KEYWORDS.has(key)) continue;
    if ((key === 'anyOf' || key === 'oneOf' || key === 'allOf') && Array.isArray(schema[key]) && (schema[key] as unknown[]).length === 1 && !found) {
      found = { keyword: key, value: (schema[key] as unknown[])[0] };
    } else {
      return undefined;
    }
  }
  return found;
}

/**
 * `anyOf: [{type: "string", minLength: 1}, {type: "null"}]` (zod 4's nullable) equals
 * `type: ["string", "null"], minLength: 1`: each option has one distinct type and only keywords that apply to
 * that type, so they can share one schema. Folding makes both spellings compare as equal.
 */
function foldTypeUnion(doc: SchemaDoc, schema: PlainObject): PlainObject {
  const keyword = Array.isArray(schema.anyOf) ? 'anyOf' : Array.isArray(schema.oneOf) ? 'oneOf' : undefined;
  if (!keyword || 'type' in schema) return schema;
  const cached = doc.ctx.folded.get(schema);
  if (cached) return cached;
  for (const key of Object.keys(schema)) {
    if (key !== keyword && ASSERTION_KEYWORDS.has(key)) return schema;
  }
  const options = schema[keyword] as unknown[];
  const types: string[] = [];
  const merged: PlainObject = {};
  for (const option of options) {
    if (!isPlainObject(option) || typeof option.type !== 'string' || option.$ref !== undefined) return schema;
    const type = option.type;
    if (types.includes(type)) return schema;
    const allowed = KEYWORDS_BY_TYPE[type === 'integer' ? 'number' : type];
    for (const key of Object.keys(option)) {
      if (key === 'type' || !ASSERTION_KEYWORDS.has(key)) continue;
      if (!allowed?.has(key) || key in merged) return schema;
      merged[key] = option[key];
    }
    types.push(type);
  }
  if ((types.includes('integer') && types.includes('number')) || types.length < 2) return schema;
  const { [keyword]: _options, ...rest } = schema;
  const folded = { ...rest, ...merged, type: types };
  doc.ctx.folded.set(schema, folded);
  return folded;
}
