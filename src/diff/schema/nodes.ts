// Reading one schema node the way every detector does: its subschemas (as nodes that know where they sit in
// the snapshot), the pointers of its keywords, its union, and the types an instance of it can have.

import { childPointer } from '../finding.js';
import { JSON_TYPES, effectiveTypes, typeSetContains, type TypeSet } from './facets.js';
import { ASSERTION_KEYWORDS, isPlainObject, type PlainObject } from './keywords.js';
import { refTarget, resolveNode, type SchemaDoc, type SchemaNode } from './resolve.js';

export type SchemaOnly = Extract<SchemaNode, { kind: 'schema' }>;

/** The subschema at `tokens`; an absent one (an implicit `true`) points at its parent, which exists. */
export function child(doc: SchemaDoc, node: SchemaOnly, value: unknown, ...tokens: (string | number)[]): SchemaNode {
  if (value === undefined) return resolveNode(doc, value, node.pointer);
  // A subschema a normalised schema took from one of its parts knows where it really is.
  const origin = doc.ctx.originOf(doc.root, value);
  return resolveNode(doc, value, origin ?? childPointer(holderPointer(doc, node, String(tokens[0])) ?? node.pointer, ...tokens));
}

export interface Union {
  keyword: 'anyOf' | 'oneOf';
  options: unknown[];
}

export function unionOf(schema: PlainObject): Union | undefined {
  if (Array.isArray(schema.anyOf)) return { keyword: 'anyOf', options: schema.anyOf };
  if (Array.isArray(schema.oneOf)) return { keyword: 'oneOf', options: schema.oneOf };
  return undefined;
}

/** Whether `keyword` is the schema's only assertion. */
export function onlyKeyword(schema: PlainObject, keyword: string): boolean {
  for (const key of Object.keys(schema)) if (key !== keyword && ASSERTION_KEYWORDS.has(key)) return false;
  return true;
}

/** An object's additionalProperties that lets anything through (absent, true or `{}`). */
export function isOpen(node: SchemaNode): boolean {
  return node.kind === 'schema' && !Object.keys(node.schema).some((k) => ASSERTION_KEYWORDS.has(k));
}

/**
 * The types an instance can have, counting a union's options: keywords beside an anyOf only matter for the
 * types its options admit (`items` next to an anyOf of strings and objects constrains nothing).
 */
export function typesOf(doc: SchemaDoc, node: SchemaOnly, depth = 0): TypeSet {
  const memo = doc.ctx.typeSetsOf(doc.root);
  if (memo.has(node.schema)) return memo.get(node.schema)!;
  const types = typesOfUncached(doc, node, depth);
  memo.set(node.schema, types);
  return types;
}

function typesOfUncached(doc: SchemaDoc, node: SchemaOnly, depth: number): TypeSet {
  let own = effectiveTypes(node.schema);
  // An allOf member that stayed as written (it did not merge) still limits the types.
  if (Array.isArray(node.schema.allOf) && depth <= 8) {
    for (const [i, member] of node.schema.allOf.entries()) {
      const resolved = child(doc, node, member, 'allOf', i);
      if (resolved.kind !== 'schema') continue;
      const t = typesOf(doc, resolved, depth + 1);
      if (t !== null) own = new Set([...JSON_TYPES].filter((x) => typeSetContains(own, x) && typeSetContains(t, x)));
    }
  }
  const union = unionOf(node.schema);
  if (!union || depth > 8) return own;
  let optionTypes: Set<string> | null = new Set();
  for (const [i, option] of union.options.entries()) {
    const resolved = child(doc, node, option, union.keyword, i);
    if (resolved.kind === 'false') continue;
    const t = resolved.kind === 'schema' ? typesOf(doc, resolved, depth + 1) : null;
    if (t === null) {
      optionTypes = null;
      break;
    }
    for (const type of t) optionTypes.add(type);
  }
  if (optionTypes === null) return own;
  const both = new Set<string>();
  for (const t of [...optionTypes, ...(own ?? [])]) if (typeSetContains(own, t) && typeSetContains(optionTypes, t)) both.add(t);
  return both;
}

/**
 * Where the object that holds `keyword` sits in the snapshot. A derived schema (a type-only union folded into one,
 * a `$ref` merged with its siblings) has keywords its own position lacks: they live in a union option or in the
 * referenced schema, and a subschema's pointer must start there to resolve.
 */
function holderPointer(doc: SchemaDoc, node: SchemaOnly, keyword: string): string | undefined {
  const raw = node.raw;
  if (keyword in raw) return node.pointer;
  const union = unionOf(raw);
  const index = union?.options.findIndex((o) => isPlainObject(o) && keyword in o) ?? -1;
  if (union && index >= 0) return childPointer(node.pointer, union.keyword, index);
  if (typeof raw.$ref === 'string') {
    const target = refTarget(doc, raw.$ref);
    if (target && isPlainObject(target.value) && keyword in target.value) return target.pointer;
  }
  return undefined;
}

/** The keyword's own pointer where it can be found; else the schema's, which exists. */
export function keywordIn(doc: SchemaDoc, node: SchemaOnly, keyword: string): string {
  const holder = holderPointer(doc, node, keyword);
  return holder === undefined ? node.pointer : childPointer(holder, keyword);
}

/** The keyword inside the schema when it is there, else the schema itself. */
export function keywordPointer(node: SchemaOnly, keyword: string): string {
  return keyword in node.raw ? childPointer(node.pointer, keyword) : node.pointer;
}

export function stringSet(value: unknown): Set<string> {
  return new Set(Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
}

/** A count keyword's value (minLength, maxItems, ...): a finite number >= 0. */
export function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}
