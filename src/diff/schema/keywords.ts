// JSON Schema vocabulary as the diff engine sees it: which keywords validate (everything else is annotation
// and cannot break anyone), which apply to which type, and a canonical text form for comparing JSON values.

export type PlainObject = { [key: string]: unknown };

export function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How the engine treats a keyword of JSON Schema (draft-04 to 2020-12). */
export interface KeywordInfo {
  /** The instance type the keyword constrains (number covers integer); absent: any type. */
  type?: 'string' | 'number' | 'object' | 'array';
  /** What its value holds: one subschema, a map of them, a list of them, or plain data. */
  subschemas: 'schema' | 'map' | 'list' | 'schema-or-list' | 'none';
  /**
   * `detector`: a change has a direction rule (the detector family named); `annotation`: it validates nothing
   * (with the reason); `opaque`: compared by value, a change is reported as incomparable (with the reason).
   */
  handling: 'detector' | 'annotation' | 'opaque' | 'reference';
  /** What the detector reports (its families), or why it validates nothing / is compared by value. */
  note: string;
  /** The detector that handles it: src/diff/schema/detectors/<detector>.ts. */
  detector?: DetectorName;
}

/** The detector files (src/diff/schema/detectors/), by family of keywords. */
export type DetectorName = 'values' | 'numbers' | 'strings' | 'objects' | 'arrays' | 'unions' | 'combinators' | 'applicators';

const d = (detector: DetectorName, note: string, subschemas: KeywordInfo['subschemas'] = 'none', type?: KeywordInfo['type']): KeywordInfo => ({ handling: 'detector', detector, note, subschemas, ...(type ? { type } : {}) });
const annotation = (note: string, subschemas: KeywordInfo['subschemas'] = 'none'): KeywordInfo => ({ handling: 'annotation', note, subschemas });

/**
 * The one keyword registry: every keyword set the engine uses derives from it, and a test checks that every
 * keyword of the draft-07 and 2020-12 meta-schemas is in it.
 */
export const KEYWORDS: Readonly<Record<string, KeywordInfo>> = {
  // references: resolved (local) before comparing, never compared as keywords
  $ref: { handling: 'reference', note: 'resolved: local references followed, others compared by their text', subschemas: 'none' },
  $dynamicRef: { handling: 'reference', note: 'binds at evaluation time: compared by its text', subschemas: 'none' },
  $recursiveRef: { handling: 'reference', note: 'binds at evaluation time: compared by its text', subschemas: 'none' },
  // any type
  type: d('values', 'types and values (type-narrowed/-widened/-changed)'),
  enum: d('values', 'types and values (enum-value-added/-removed, enum-added/-removed)'),
  const: d('values', 'types and values (const-added/-removed/-changed)'),
  // numbers
  minimum: d('numbers', 'numbers (minimum-tightened/-loosened)', 'none', 'number'),
  exclusiveMinimum: d('numbers', 'numbers (minimum-tightened/-loosened; draft-04 boolean and numeric forms)', 'none', 'number'),
  maximum: d('numbers', 'numbers (maximum-tightened/-loosened)', 'none', 'number'),
  exclusiveMaximum: d('numbers', 'numbers (maximum-tightened/-loosened; draft-04 boolean and numeric forms)', 'none', 'number'),
  multipleOf: d('numbers', 'numbers (multiple-of-tightened/-loosened/-changed)', 'none', 'number'),
  // strings
  minLength: d('strings', 'strings (min-length-tightened/-loosened)', 'none', 'string'),
  maxLength: d('strings', 'strings (max-length-tightened/-loosened)', 'none', 'string'),
  pattern: d('strings', 'strings (pattern-added/-removed/-changed; regular-language inclusion is not decided)', 'none', 'string'),
  format: d('strings', 'strings (format-added/-removed/-changed)', 'none', 'string'),
  // objects
  properties: d('objects', 'objects (property-added/-removed, per property compared)', 'map', 'object'),
  required: d('objects', 'objects (required-property-added/-removed)', 'none', 'object'),
  additionalProperties: d('objects', 'objects (additional-properties-closed/-opened, compared as the schema of unnamed properties)', 'schema', 'object'),
  patternProperties: d('objects', 'objects (per pattern compared; a property removed or added is judged by the pattern that now governs it)', 'map', 'object'),
  minProperties: d('objects', 'objects (min-properties-tightened/-loosened)', 'none', 'object'),
  maxProperties: d('objects', 'objects (max-properties-tightened/-loosened)', 'none', 'object'),
  propertyNames: d('applicators', 'objects (property-names-added/-removed, compared as a schema)', 'schema', 'object'),
  dependentRequired: d('applicators', 'objects (dependent-required-added/-removed)', 'none', 'object'),
  dependentSchemas: d('applicators', 'objects (dependent-schema-added/-removed, compared as schemas)', 'map', 'object'),
  dependencies: d('applicators', 'objects (draft-07: split into dependentRequired and dependentSchemas)', 'map', 'object'),
  unevaluatedProperties: d('applicators', 'objects (as additionalProperties when nothing else evaluates properties; else compared as a schema, constraint-added/-removed)', 'schema', 'object'),
  // arrays
  items: d('arrays', 'arrays (compared as the schema of every item, or of the items after the tuple)', 'schema-or-list', 'array'),
  prefixItems: d('arrays', 'arrays (per position compared)', 'list', 'array'),
  additionalItems: d('arrays', 'arrays (draft-07: the items after an array-form items)', 'schema', 'array'),
  minItems: d('arrays', 'arrays (min-items-tightened/-loosened)', 'none', 'array'),
  maxItems: d('arrays', 'arrays (max-items-tightened/-loosened)', 'none', 'array'),
  uniqueItems: d('arrays', 'arrays (unique-items-added/-removed)', 'none', 'array'),
  contains: d('applicators', 'arrays (contains-added/-removed, compared as a schema)', 'schema', 'array'),
  minContains: d('applicators', 'arrays (min-contains-tightened/-loosened)', 'none', 'array'),
  maxContains: d('applicators', 'arrays (max-contains-tightened/-loosened)', 'none', 'array'),
  unevaluatedItems: d('applicators', 'arrays (as the items after the tuple when nothing else evaluates items; else compared as a schema)', 'schema', 'array'),
  // combinators
  allOf: d('combinators', 'combinators (members merged where exact; the rest all-of-schema-added/-removed)', 'list'),
  anyOf: d('unions', 'combinators (compared by the values the options accept: any-of-option-added/-removed, any-of-added/-removed)', 'list'),
  oneOf: d('unions', 'combinators (as anyOf, plus exclusivity: one-of-options-overlap, one-of-exclusivity-removed)', 'list'),
  not: d('combinators', 'combinators (not-tightened/-loosened/-changed; not of types, of not, resolved)', 'schema'),
  if: d('applicators', 'conditionals (conditional-added/-removed; then/else compared when the condition is the same; a changed condition is constraint-changed: which values take which branch is not compared)', 'schema'),
  then: d('applicators', 'conditionals (compared as a schema under the same if)', 'schema'),
  else: d('applicators', 'conditionals (compared as a schema under the same if)', 'schema'),
  // annotations: they validate nothing
  title: annotation('documentation'),
  description: annotation('documentation (description-changed: a model reads it)'),
  default: annotation('not validated; default-changed on inputs (the server fills it in)'),
  examples: annotation('documentation'),
  deprecated: annotation('documentation'),
  readOnly: annotation('documentation'),
  writeOnly: annotation('documentation'),
  $comment: annotation('documentation'),
  contentEncoding: annotation('not asserted by default (draft-07 §8, 2020-12 content vocabulary: annotation only)'),
  contentMediaType: annotation('not asserted by default (draft-07 §8, 2020-12 content vocabulary: annotation only)'),
  contentSchema: annotation('not asserted by default (2020-12 content vocabulary: annotation only)', 'schema'),
  $schema: annotation('dialect identifier'),
  $id: annotation('identifier; only local references are followed'),
  $anchor: annotation('a name for local references (resolved)'),
  $dynamicAnchor: annotation('a name for dynamic references (compared by their text)'),
  $recursiveAnchor: annotation('draft 2019-09 name for recursive references (compared by their text)'),
  $vocabulary: annotation('meta-schema declaration'),
  $defs: annotation('definitions: compared where referenced', 'map'),
  definitions: annotation('definitions: compared where referenced', 'map'),
};

/** Keywords compared by value only: added narrows, removed widens, changed is incomparable. */
export const OPAQUE_KEYWORDS: readonly string[] = Object.keys(KEYWORDS).filter((k) => KEYWORDS[k]!.handling === 'opaque');

/** Keywords that restrict which instances are valid. Anything else (title, examples, x-…) is annotation. */
export const ASSERTION_KEYWORDS: ReadonlySet<string> = new Set(Object.keys(KEYWORDS).filter((k) => KEYWORDS[k]!.handling !== 'annotation' && k !== '$dynamicRef' && k !== '$recursiveRef'));

/** Keywords that only constrain instances of one type (number covers integer). */
export const KEYWORDS_BY_TYPE: Readonly<Record<string, ReadonlySet<string>>> = Object.fromEntries(
  ['string', 'number', 'object', 'array', 'boolean', 'null'].map((t) => [t, new Set(Object.keys(KEYWORDS).filter((k) => KEYWORDS[k]!.type === t))]),
);

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
  // Iterative (hostile depth cannot exhaust the stack), by index: Object.values would copy every object it passes.
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) if (v[i] !== null && typeof v[i] === 'object') stack.push(v[i]);
      continue;
    }
    if (typeof (v as PlainObject).$ref === 'string') return true;
    for (const key in v) {
      const child = (v as PlainObject)[key];
      if (child !== null && typeof child === 'object') stack.push(child);
    }
  }
  return false;
}

/** JSON nesting levels beyond which a schema is compared by value only (no real tool schema comes close). */
export const MAX_NESTING = 256;

/**
 * Whether a JSON value nests deeper than `limit` levels. Recursive but bounded: it never goes past `limit` frames,
 * so hostile depth cannot exhaust the stack. It runs over every schema that changed, so it allocates nothing.
 */
export function nestsDeeperThan(value: unknown, limit = MAX_NESTING): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (limit <= 0) return true;
  // Only objects are descended into: most values are leaves, and a call per leaf was most of the cost.
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item !== null && typeof item === 'object' && nestsDeeperThan(item, limit - 1)) return true;
    }
    return false;
  }
  for (const key in value) {
    const child = (value as PlainObject)[key];
    if (child !== null && typeof child === 'object' && nestsDeeperThan(child, limit - 1)) return true;
  }
  return false;
}

/** A short rendering of a JSON value for one-line messages. */
export function show(value: unknown, max = 60): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
