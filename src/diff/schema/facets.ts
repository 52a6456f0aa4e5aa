// The normalised facts of one schema that several spellings share: its set of types, its allowed values
// (enum and const as one set), and its numeric bounds (draft-04 boolean and draft-06+ numeric exclusives).

import { canonicalJson, type PlainObject } from './keywords.js';

export const JSON_TYPES = ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string'] as const;

/** A set of JSON types; `null` means any type. `integer` is contained in `number`. */
export type TypeSet = ReadonlySet<string> | null;

export function declaredTypes(schema: PlainObject): TypeSet {
  const type = schema.type;
  if (typeof type === 'string') return new Set([type]);
  if (Array.isArray(type) && type.every((t) => typeof t === 'string')) return new Set(type as string[]);
  return null;
}

export function typeOfValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value === 'object' ? 'object' : typeof value;
}

export function typeSetContains(set: TypeSet, type: string): boolean {
  return set === null || set.has(type) || (type === 'integer' && set.has('number'));
}

/** a ⊆ b as sets of instances. */
export function typeSubset(a: TypeSet, b: TypeSet): boolean {
  if (b === null) return true;
  if (a === null) return JSON_TYPES.every((t) => typeSetContains(b, t));
  for (const t of a) if (!typeSetContains(b, t)) return false;
  return true;
}

/** The types an instance can have: declared types narrowed by the allowed values, if any. */
export function effectiveTypes(schema: PlainObject): TypeSet {
  const hasEnum = Array.isArray(schema.enum);
  const hasConst = 'const' in schema;
  if (!hasEnum && !hasConst) return declaredTypes(schema);
  // enum and const together: which values both allow needs their canonical forms.
  if (hasEnum && hasConst) return new Set([...allowedValues(schema)!.values()].map(typeOfValue));
  // One pass over the values, no canonical text, and it ends once every type the declaration allows is seen:
  // `{type: "string", enum: [a million strings]}` is known to hold strings at the first value.
  const declared = declaredTypes(schema);
  const most = declared === null ? JSON_TYPES.length : declared.size + (declared.has('number') && !declared.has('integer') ? 1 : 0);
  const types = new Set<string>();
  for (const v of hasEnum ? (schema.enum as unknown[]) : [schema.const]) {
    const t = typeOfValue(v);
    if (typeSetContains(declared, t)) types.add(t);
    if (types.size === most) break;
  }
  return types;
}

/** Whether keywords of a type family (number covers integer) can apply to an instance of this schema. */
export function admits(set: TypeSet, family: 'string' | 'number' | 'object' | 'array'): boolean {
  if (set === null) return true;
  if (family === 'number') return set.has('number') || set.has('integer');
  return set.has(family);
}

export function showTypes(set: TypeSet): string {
  return set === null ? 'any' : [...set].sort().join('|') || 'none';
}

/**
 * enum and const as one set of allowed values, keyed by canonical JSON; null when unrestricted. Values the
 * declared type rejects are not allowed (`{"const": 1, "type": "string"}` allows nothing).
 */
export function allowedValues(schema: PlainObject): Map<string, unknown> | null {
  let values: Map<string, unknown> | null = null;
  if (Array.isArray(schema.enum)) {
    values = new Map(schema.enum.map((v) => [canonicalJson(v), v]));
  }
  if ('const' in schema) {
    const key = canonicalJson(schema.const);
    values = values ? (values.has(key) ? new Map([[key, schema.const]]) : new Map()) : new Map([[key, schema.const]]);
  }
  if (values) {
    const declared = declaredTypes(schema);
    if (declared) for (const [key, v] of values) if (!typeSetContains(declared, typeOfValue(v))) values.delete(key);
  }
  return values;
}

export interface Bound {
  value: number;
  exclusive: boolean;
}

// zod's `.int()` emits ±(2^53-1) bounds that only restate "a safe integer": no bound at all.
const isNoiseBound = (v: number) => Math.abs(v) === Number.MAX_SAFE_INTEGER;

export function lowerBound(schema: PlainObject, integerOnly: boolean): Bound | null {
  return bound(schema, 'minimum', 'exclusiveMinimum', 1, integerOnly);
}

export function upperBound(schema: PlainObject, integerOnly: boolean): Bound | null {
  return bound(schema, 'maximum', 'exclusiveMaximum', -1, integerOnly);
}

/** sign 1: lower bound (bigger is tighter); sign -1: upper bound (smaller is tighter). */
function bound(schema: PlainObject, inclusiveKey: string, exclusiveKey: string, sign: 1 | -1, integerOnly: boolean): Bound | null {
  const inclusive = schema[inclusiveKey];
  const exclusive = schema[exclusiveKey];
  // Most schemas have neither: no allocation for them (this runs for every pair of schemas that admit numbers).
  if (inclusive === undefined && exclusive === undefined) return null;
  let best: Bound | null = null;
  const consider = (value: number, isExclusive: boolean) => {
    let c: Bound = { value, exclusive: isExclusive };
    if (integerOnly) {
      // For integers `> 0` is `>= 1`: one spelling, one comparison.
      const v = sign === 1 ? (c.exclusive ? Math.floor(c.value) + 1 : Math.ceil(c.value)) : c.exclusive ? Math.ceil(c.value) - 1 : Math.floor(c.value);
      c = { value: v, exclusive: false };
    }
    if (!best || boundTighter(c, best, sign)) best = c;
  };
  if (typeof inclusive === 'number' && Number.isFinite(inclusive) && !isNoiseBound(inclusive)) consider(inclusive, exclusive === true);
  if (typeof exclusive === 'number' && Number.isFinite(exclusive) && !isNoiseBound(exclusive)) consider(exclusive, true);
  return best;
}

/** Whether bound a admits fewer values than bound b. */
export function boundTighter(a: Bound, b: Bound, sign: 1 | -1): boolean {
  if (a.value !== b.value) return sign === 1 ? a.value > b.value : a.value < b.value;
  return a.exclusive && !b.exclusive;
}

export function showBound(b: Bound | null, sign: 1 | -1): string {
  if (!b) return 'unbounded';
  return `${sign === 1 ? (b.exclusive ? '>' : '>=') : b.exclusive ? '<' : '<='} ${b.value}`;
}

export function isMultiple(of: number, base: number): boolean {
  const q = of / base;
  return Math.abs(q - Math.round(q)) < 1e-9;
}
