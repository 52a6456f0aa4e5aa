// A canonical key per schema meaning: equal keys mean equivalent schemas whatever the spelling (inline or
// `$ref`, reordered enum/required/anyOf, `"x"` or `["x"]`, annotations, draft-04 or 2020-12 bounds).
// Used to match anyOf options and to recognise renamed tools in linear time (hash, not pairwise compare).

import { createHash } from 'node:crypto';
import { allowedValues, effectiveTypes, lowerBound, showTypes, typeSubset, upperBound } from './facets.js';
import { ASSERTION_KEYWORDS, canonicalJson, isPlainObject } from './keywords.js';
import { resolveNode, type SchemaDoc, type SchemaNode } from './resolve.js';

const SUBSCHEMA = new Set(['additionalProperties', 'not', 'propertyNames', 'contains', 'if', 'then', 'else', 'unevaluatedProperties', 'unevaluatedItems', 'contentSchema']);
const SUBSCHEMA_MAP = new Set(['properties', 'patternProperties', 'dependentSchemas']);
const UNORDERED_LIST = new Set(['anyOf', 'oneOf', 'allOf']);
const HANDLED_BY_FACETS = new Set(['type', 'enum', 'const', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', '$ref']);
/** Keyword values that say nothing: `minLength: 0`, `uniqueItems: false`, `required: []`. */
const NEUTRAL_VALUES: Record<string, unknown> = { minLength: 0, minItems: 0, minProperties: 0, uniqueItems: false };

/** Beyond this many schema nodes a key falls back to the raw JSON text (a pathological DAG of `$ref`s). */
const NODE_BUDGET = 20_000;

class BudgetExceeded extends Error {}

interface KeyState {
  memo: Map<object, string>;
  budget: number;
}

/** Short hash of the schema's meaning. */
export function semanticKey(doc: SchemaDoc, value: unknown, pointer = doc.pointer): string {
  return semanticKeyOfNode(doc, resolveNode(doc, value, pointer), value);
}

/** Short hash of an already resolved node's meaning. */
export function nodeKey(doc: SchemaDoc, node: SchemaNode): string {
  return semanticKeyOfNode(doc, node, node.kind === 'schema' ? node.schema : undefined);
}

function semanticKeyOfNode(doc: SchemaDoc, node: SchemaNode, raw: unknown): string {
  const rootKey = typeof doc.root === 'object' && doc.root !== null ? doc.root : undefined;
  const hashes = rootKey && node.kind === 'schema' ? doc.ctx.hashes.get(rootKey) ?? new WeakMap<object, string>() : undefined;
  if (hashes && rootKey) doc.ctx.hashes.set(rootKey, hashes);
  const known = hashes && node.kind === 'schema' ? hashes.get(node.schema) : undefined;
  if (known !== undefined) return known;
  const hash = semanticHash(doc, node, raw, rootKey);
  if (hashes && node.kind === 'schema') hashes.set(node.schema, hash);
  return hash;
}

function semanticHash(doc: SchemaDoc, node: SchemaNode, raw: unknown, rootKey: object | undefined): string {
  // Keys are memoised per document for the diff's lifetime (its context).
  let memo = rootKey ? doc.ctx.keys.get(rootKey) : undefined;
  if (!memo) {
    memo = new Map();
    if (rootKey) doc.ctx.keys.set(rootKey, memo);
  }
  let text: string;
  try {
    text = keyOf(doc, node, [], { memo, budget: NODE_BUDGET }).key;
  } catch (error) {
    if (!(error instanceof BudgetExceeded)) throw error;
    text = `raw:${canonicalJson(raw)}`;
  }
  return createHash('sha1').update(text).digest('base64');
}

interface Keyed {
  key: string;
  /** The lowest stack depth a back-reference in this key points to (Infinity: none). */
  minRef: number;
}

function keyOf(doc: SchemaDoc, node: SchemaNode, stack: object[], state: KeyState): Keyed {
  if (node.kind === 'false') return { key: 'F', minRef: Infinity };
  if (node.kind === 'unresolved') return { key: `R${JSON.stringify(node.ref)}`, minRef: Infinity };
  const schema = node.schema;
  const onStack = stack.indexOf(schema);
  if (onStack >= 0) return { key: `@${stack.length - onStack}`, minRef: onStack };
  const memoised = state.memo.get(schema);
  if (memoised !== undefined) return { key: memoised, minRef: Infinity };
  if (--state.budget < 0) throw new BudgetExceeded();
  doc.ctx.spend();

  const depth = stack.length;
  stack.push(schema);
  doc.ctx.enter();
  let minRef = Infinity;
  const parts: string[] = [];
  try {
    // Keys never contain pointers, so subschemas are resolved without building them.
    const sub = (value: unknown, ..._tokens: (string | number)[]): string => {
      const r = keyOf(doc, resolveNode(doc, value, ''), stack, state);
      minRef = Math.min(minRef, r.minRef);
      // A long subkey stands as its hash: a DAG of references (each level two references to the next) would
      // otherwise make key text that doubles with every level.
      return r.key.length > 80 ? `#${createHash('sha1').update(r.key).digest('base64')}` : r.key;
    };

    const types = effectiveTypes(schema);
    const integerOnly = types !== null && types.size > 0 && typeSubset(types, new Set(['integer']));
    const values = allowedValues(schema);
    parts.push(`T:${showTypes(types)}`);
    if (values) parts.push(`V:${[...values.keys()].sort().join(',')}`);
    const lo = lowerBound(schema, integerOnly);
    const hi = upperBound(schema, integerOnly);
    if (lo) parts.push(`lo:${lo.value}${lo.exclusive ? 'x' : ''}`);
    if (hi) parts.push(`hi:${hi.value}${hi.exclusive ? 'x' : ''}`);

    const keys = Object.keys(schema).filter((k) => ASSERTION_KEYWORDS.has(k) && !HANDLED_BY_FACETS.has(k)).sort();
    for (const k of keys) {
      const v = schema[k];
      if (k in NEUTRAL_VALUES && v === NEUTRAL_VALUES[k]) continue;
      if (k === 'additionalItems') {
        // draft-07 `additionalItems` is the 2020-12 `items` next to a tuple, and means nothing otherwise.
        if (Array.isArray(schema.items)) parts.push(`items:${sub(v, k)}`);
      } else if (SUBSCHEMA.has(k) || (k === 'items' && !Array.isArray(v))) {
        parts.push(`${k}:${sub(v, k)}`);
      } else if (SUBSCHEMA_MAP.has(k) && isPlainObject(v)) {
        const names = Object.keys(v).sort();
        parts.push(`${k}:{${names.map((n) => `${JSON.stringify(n)}:${sub(v[n], k, n)}`).join(',')}}`);
      } else if ((k === 'prefixItems' || k === 'items') && Array.isArray(v)) {
        // draft-07 array-form items is 2020-12 prefixItems.
        parts.push(`prefixItems:[${v.map((s, i) => sub(s, k, i)).join(',')}]`);
      } else if (UNORDERED_LIST.has(k) && Array.isArray(v)) {
        parts.push(`${k}:[${v.map((s, i) => sub(s, k, i)).sort().join(',')}]`);
      } else if (k === 'required' && Array.isArray(v)) {
        if (v.length) parts.push(`required:${canonicalJson([...new Set(v.map(String))].sort())}`);
      } else {
        parts.push(`${k}:${canonicalJson(v)}`);
      }
    }
  } finally {
    doc.ctx.leave();
  }
  stack.pop();
  const key = `{${parts.sort().join(';')}}`;
  if (minRef >= depth) state.memo.set(schema, key);
  return { key, minRef: minRef >= depth ? Infinity : minRef };
}
