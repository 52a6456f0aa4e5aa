// JSON Schema vocabulary as the diff engine sees it: which keywords validate (everything else is annotation
// and cannot break anyone), which apply to which type, and a canonical text form for comparing JSON values.

export type PlainObject = { [key: string]: unknown };

export function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Keywords the engine compares by value only: added narrows, removed widens, changed is incomparable. */
export const OPAQUE_KEYWORDS: readonly string[] = [
  'propertyNames',
  'dependentRequired',
  'dependentSchemas',
  'dependencies',
  'unevaluatedProperties',
  'unevaluatedItems',
  'contains',
  'minContains',
  'maxContains',
  'if',
  'then',
  'else',
  'contentEncoding',
  'contentSchema',
];

/** Keywords that restrict which instances are valid. Anything else (title, examples, x-…) is annotation. */
export const ASSERTION_KEYWORDS: ReadonlySet<string> = new Set([
  '$ref',
  'type',
  'enum',
  'const',
  'properties',
  'required',
  'additionalProperties',
  'patternProperties',
  'minProperties',
  'maxProperties',
  'items',
  'prefixItems',
  'additionalItems',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'anyOf',
  'oneOf',
  'allOf',
  'not',
  ...OPAQUE_KEYWORDS,
]);

/** Keywords that only constrain instances of one type (number covers integer). */
export const KEYWORDS_BY_TYPE: Readonly<Record<string, ReadonlySet<string>>> = {
  string: new Set(['minLength', 'maxLength', 'pattern', 'format', 'contentEncoding', 'contentSchema']),
  number: new Set(['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf']),
  object: new Set(['properties', 'required', 'additionalProperties', 'patternProperties', 'minProperties', 'maxProperties', 'propertyNames', 'dependentRequired', 'dependentSchemas', 'dependencies', 'unevaluatedProperties']),
  array: new Set(['items', 'prefixItems', 'additionalItems', 'minItems', 'maxItems', 'uniqueItems', 'contains', 'minContains', 'maxContains', 'unevaluatedItems']),
  boolean: new Set(),
  null: new Set(),
};

/** JSON text with object keys sorted: equal for equal JSON values, whatever the key order. For small values
 * (enum members, defaults, keyword values); whole schemas are compared with jsonEqual, which allocates nothing. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as PlainObject)[k])}`).join(',')}}`;
}

/** Whether a `$ref` occurs anywhere inside: equal text then does not mean equal meaning. */
export function containsRef(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    if (!Array.isArray(v) && typeof (v as PlainObject).$ref === 'string') return true;
    for (const child of Object.values(v)) stack.push(child);
  }
  return false;
}

/** JSON nesting levels beyond which a schema is compared by value only (no real tool schema comes close). */
export const MAX_NESTING = 256;

/** Whether a JSON value nests deeper than `limit` levels. Iterative: hostile depth cannot exhaust the stack. */
export function nestsDeeperThan(value: unknown, limit = MAX_NESTING): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

/** A short rendering of a JSON value for one-line messages. */
export function show(value: unknown, max = 60): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
