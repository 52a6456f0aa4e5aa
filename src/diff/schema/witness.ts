// Witnesses: for a breaking schema finding, one concrete value that shows it. On a tool input, a whole argument
// object the old schema accepts and the new one rejects; on an output, a result the new schema allows and the old
// one (which clients still validate against) rejects.
//
// Candidates are built by reading both schemas along the finding's location (properties/X, items, ...): the
// values the old side allows there, pushed towards what the new side forbids, placed into an object with every
// other required property filled in. Building is heuristic on purpose (a value satisfying an arbitrary schema is
// a search problem); soundness comes from a real validator: a candidate becomes the example only when the
// validator accepts it under one schema and rejects it under the other. A candidate never checked is never shown.

import type { Finding } from '../types.js';
import type { SchemaArea } from '../rules.js';
import { setOwn } from '../../json.js';
import { MAX_NESTING, isPlainObject, type PlainObject } from './keywords.js';
import { refTarget, type SchemaDoc } from './resolve.js';

/** A breaking schema finding waiting for its example, with what is needed to build one. */
export interface WitnessRequest {
  finding: Finding;
  area: SchemaArea;
  base: SchemaDoc;
  head: SchemaDoc;
  /** The finding's location as compareSchemas made it: `inputSchema/properties/city/enum/...`. */
  location: string;
}

/** A compiled schema (true: valid), or why the validator could not compile it. */
export type CompiledSchema = ((value: unknown) => boolean) | { error: string };

/** A JSON Schema validator, e.g. Ajv (./validate.ts); kept behind this interface so the core never loads it. */
export interface SchemaValidator {
  compile(schema: unknown): CompiledSchema;
}

export type Witness = { example: unknown } | { noExample: string };

/**
 * Subschemas a validator may visit for one value, with each $ref expanded where it is used: past this, no example
 * is checked (see validationPaths). Real tool schemas, shared $defs expanded, stay far below it.
 */
const MAX_VALIDATION_PATHS = 20_000;
/** Keywords whose values are data, not subschemas: an enum of a million values costs a validator one lookup. */
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'examples']);

/** Candidates checked per finding: enough for every shape the tests know, bounded for hostile schemas. */
const MAX_CANDIDATES = 400;
/** Alternatives (anyOf options, allOf products) kept per schema position. */
const MAX_ALTERNATIVES = 8;
/** $ref hops and nesting followed while building a value. */
const MAX_DEPTH = 12;
/**
 * Generated strings stay this short when a schema has a `pattern`: the validator runs patterns, and a
 * catastrophic one (`(x+x+)+y`) on a long string would not end in useful time.
 */
const SHORT_STRING = 12;

const ABSENT: unique symbol = Symbol('absent');
type Candidate = unknown;

/**
 * Tools whose schemas are compiled in one diff. Compiling costs ~10 ms a schema, so a release that breaks hundreds of
 * tools would wait seconds for examples nobody reads past the first screen; a count, not a clock, so the same
 * inputs always give the same report.
 */
export const MAX_WITNESS_TOOLS = 25;

/** Adds `example` (or `noExample` with the reason) to each requested finding. Compiles each schema once. */
export function attachWitnesses(requests: readonly WitnessRequest[], validator: SchemaValidator): void {
  const tools = new Set<unknown>();
  const compiled = new Map<unknown, CompiledSchema>();
  const compile = (root: unknown): CompiledSchema => {
    let c = compiled.get(root);
    if (!c) {
      try {
        c = validator.compile(root);
      } catch (error) {
        c = { error: error instanceof Error ? error.message : String(error) };
      }
      compiled.set(root, c);
    }
    return c;
  };
  // A schema without the properties no candidate has compiles in a fraction of the time and judges every candidate
  // alike; where it cannot compile (a $ref into a dropped property), the whole schema is used.
  const compilePruned = (root: unknown, keys: ReadonlySet<string>): CompiledSchema => {
    const pruned = pruneProperties(root, keys);
    if (pruned === root) return compile(root);
    let c: CompiledSchema;
    try {
      c = validator.compile(pruned);
    } catch {
      return compile(root);
    }
    return typeof c === 'function' ? c : compile(root);
  };
  for (const request of requests) {
    if (!tools.has(request.base.root) && tools.size >= MAX_WITNESS_TOOLS) {
      request.finding.noExample = `not computed: examples are given for the first ${MAX_WITNESS_TOOLS} tools with breaking schema changes in one diff`;
      continue;
    }
    tools.add(request.base.root);
    let witness: Witness;
    try {
      witness = findWitness(request, compile, compilePruned);
    } catch (error) {
      // Validating can throw where compiling did not: a schema recursive through `$ref` overflows the stack on some values.
      witness = { noExample: `the validator failed on a value built from the schemas (${error instanceof Error ? error.message : String(error)})` };
    }
    if ('example' in witness) request.finding.example = witness.example;
    else request.finding.noExample = witness.noExample;
  }
}

/** The smallest candidate that the `from` side accepts and the `to` side rejects. */
export function findWitness(
  request: WitnessRequest,
  compile: (root: unknown) => CompiledSchema,
  compileFor: (root: unknown, keys: ReadonlySet<string>) => CompiledSchema = compile,
): Witness {
  // Input: valid before, rejected now. Output: possible now, rejected by a client on the old schema.
  const [from, to] = request.area === 'input' ? [request.base, request.head] : [request.head, request.base];
  const fromName = request.area === 'input' ? 'old' : 'new';
  const toName = request.area === 'input' ? 'new' : 'old';
  // The validator tries every branch of every union a value reaches: a chain of unions of $refs costs 2^depth per
  // check, which no candidate count bounds (a 2 KB 24-level chain took minutes and gigabytes). Such schemas get none.
  for (const [doc, name] of [[from, fromName], [to, toName]] as const) {
    const paths = validationPaths(doc);
    if (paths === 'too deep') {
      return { noExample: `the ${name} schema nests deeper than ${MAX_NESTING} levels through its $refs; the validator is not given it` };
    }
    if (paths > MAX_VALIDATION_PATHS) {
      return { noExample: `the ${name} schema branches into more than ${MAX_VALIDATION_PATHS.toLocaleString('en-US')} paths through its unions and $refs; checking a value against it is too costly` };
    }
  }
  const pairs = buildCandidates(from, to, instanceSteps(request.location));
  const keys = new Set<string>();
  for (const pair of pairs) for (const v of [pair.value, ...pair.controls]) collectKeys(v, keys, 0);
  const validFrom = compileFor(from.root, keys);
  const validTo = compileFor(to.root, keys);
  if (typeof validFrom !== 'function') return { noExample: `the validator cannot compile the ${fromName} schema (${validFrom.error})` };
  if (typeof validTo !== 'function') return { noExample: `the validator cannot compile the ${toName} schema (${validTo.error})` };
  const ordered = pairs.map((pair) => ({ ...pair, text: JSON.stringify(pair.value) })).sort((x, y) => x.text.length - y.text.length);
  const tried = new Set<string>();
  let found = 0;
  for (const { value, text, controls } of ordered) {
    if (tried.has(text)) continue;
    tried.add(text);
    if (!validFrom(value) || validTo(value)) continue;
    found++;
    // Shown only when rejected for this change: the same value, with this position as the other side wants it, passes.
    if (controls.some((c) => c !== ABSENT && validTo(c))) return { example: value };
  }
  const pattern = hasPattern(from.root) || hasPattern(to.root) ? ' (values matching a pattern are not generated)' : '';
  if (found > 0) return { noExample: `the values found that the ${fromName} schema accepts and the ${toName} one rejects are rejected for another change of this tool, not this one` };
  return { noExample: `none of the ${tried.size} values built from the two schemas is accepted by the ${fromName} one and rejected by the ${toName} one${pattern}` };
}

/**
 * How many subschemas a validator may visit for one value, each local $ref counted as its target's whole tree, so
 * shared definitions count once per use (a recursive $ref counts once: recursion is bounded by the value). Stops
 * counting just past MAX_VALIDATION_PATHS, so a hostile schema costs a linear walk at most. `too deep` when the
 * walk, $refs followed, goes deeper than MAX_NESTING: the validator's compiler recurses the same way (a chain of
 * 3,000 bare $refs overflowed its stack), and so would this count.
 */
function validationPaths(doc: SchemaDoc): number | 'too deep' {
  const memo = new Map<object, number>();
  const onStack = new Set<object>();
  let tooDeep = false;
  const cost = (node: unknown, depth: number): number => {
    if (typeof node !== 'object' || node === null) return 0;
    const known = memo.get(node);
    if (known !== undefined) return known;
    if (onStack.has(node)) return 0;
    if (depth > MAX_NESTING) {
      tooDeep = true;
      return MAX_VALIDATION_PATHS + 1;
    }
    onStack.add(node);
    let total = Array.isArray(node) ? 0 : 1;
    for (const [key, value] of Object.entries(node)) {
      if (total > MAX_VALIDATION_PATHS) break;
      if (!Array.isArray(node) && DATA_KEYWORDS.has(key)) continue;
      if (key === '$ref' && typeof value === 'string') total += cost(refTarget(doc, value)?.value, depth + 1);
      else total += cost(value, depth + 1);
    }
    onStack.delete(node);
    memo.set(node, total);
    return total;
  };
  const total = cost(doc.root, 0);
  return tooDeep ? 'too deep' : total;
}

/** Every object key in a value. */
function collectKeys(value: unknown, keys: Set<string>, depth: number): void {
  if (value === null || typeof value !== 'object' || depth > 64) return;
  if (Array.isArray(value)) for (const v of value) collectKeys(v, keys, depth + 1);
  else
    for (const [k, v] of Object.entries(value)) {
      keys.add(k);
      collectKeys(v, keys, depth + 1);
    }
}

/** Keywords whose value is a schema, or an array or map of schemas: where `properties` can sit. */
const SCHEMA_VALUED = new Set(['items', 'additionalItems', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'unevaluatedProperties', 'unevaluatedItems', 'contentSchema']);
const SCHEMA_ARRAYS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items']);
const SCHEMA_MAPS = new Set(['$defs', 'definitions', 'patternProperties', 'dependentSchemas', 'dependencies', 'properties']);

/**
 * The schema without the `properties` entries for names no candidate has. `properties/x` is only consulted for an
 * instance that has a key `x`, so every candidate is judged the same by both. Everything else is kept as it is.
 */
export function pruneProperties(schema: unknown, keys: ReadonlySet<string>, depth = 0): unknown {
  if (!isPlainObject(schema) || depth > MAX_PRUNE_DEPTH) return schema;
  let out: PlainObject | undefined;
  const set = (k: string, v: unknown) => setOwn((out ??= { ...schema }), k, v);
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'properties' && isPlainObject(v)) {
      const kept: PlainObject = {};
      let changed = false;
      for (const [name, sub] of Object.entries(v)) {
        // Ajv reads `properties` through inherited members too (`{}` has a `toString`): those names are always kept.
        if (!keys.has(name) && !(name in Object.prototype)) {
          changed = true;
          continue;
        }
        const p = pruneProperties(sub, keys, depth + 1);
        changed ||= p !== sub;
        setOwn(kept, name, p);
      }
      if (changed) set(k, kept);
    } else if (SCHEMA_MAPS.has(k) && isPlainObject(v)) {
      let changed = false;
      const mapped: PlainObject = {};
      for (const [name, sub] of Object.entries(v)) {
        const p = pruneProperties(sub, keys, depth + 1);
        changed ||= p !== sub;
        setOwn(mapped, name, p);
      }
      if (changed) set(k, mapped);
    } else if (SCHEMA_ARRAYS.has(k) && Array.isArray(v)) {
      const mapped = v.map((sub) => pruneProperties(sub, keys, depth + 1));
      if (mapped.some((p, i) => p !== v[i])) set(k, mapped);
    } else if (SCHEMA_VALUED.has(k)) {
      const p = pruneProperties(v, keys, depth + 1);
      if (p !== v) set(k, p);
    }
  }
  return out ?? schema;
}

const MAX_PRUNE_DEPTH = 256;

// --- the location ------------------------------------------------------------------------------------------

type Step = { kind: 'property'; name: string } | { kind: 'pattern'; pattern: string } | { kind: 'additional' } | { kind: 'items' } | { kind: 'prefix'; index: number } | { kind: 'not' };

/** The instance steps of a location (`inputSchema/properties/a/items/anyOf/1/enum/x` -> a, []); combinators are no instance step. */
export function instanceSteps(location: string): Step[] {
  const tokens = location
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  const steps: Step[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const next = tokens[i + 1];
    const index = next !== undefined && /^\d+$/.test(next) ? Number(next) : undefined;
    if (token === 'properties' && next !== undefined) steps.push({ kind: 'property', name: next });
    else if (token === 'patternProperties' && next !== undefined) steps.push({ kind: 'pattern', pattern: next });
    else if (token === 'prefixItems' && index !== undefined) steps.push({ kind: 'prefix', index });
    else if ((token === 'anyOf' || token === 'oneOf' || token === 'allOf') && index !== undefined) {
      // no instance step: every option is an alternative already
    } else if (token === 'additionalProperties') {
      steps.push({ kind: 'additional' });
      continue;
    } else if (token === 'items') {
      steps.push({ kind: 'items' });
      continue;
    } else if (token === 'not') {
      steps.push({ kind: 'not' });
      break;
    } else break; // a keyword suffix (enum/..., required, minContains, ...): the change is at this instance
    i++;
  }
  return steps;
}

// --- schemas as alternatives -------------------------------------------------------------------------------

/**
 * The ways a schema can be satisfied, each one plain schema without $ref, allOf, anyOf or oneOf: `$ref` and
 * allOf are merged in, each union option becomes an alternative. Approximate by design (the validator decides).
 */
function alternatives(doc: SchemaDoc, schema: unknown, depth = 0): PlainObject[] {
  if (schema === false) return [];
  if (!isPlainObject(schema) || depth > MAX_DEPTH) return [{}];
  let own: PlainObject = { ...schema };
  let alts: PlainObject[] = [{}];
  const conjunct = (parts: PlainObject[]) => {
    const next: PlainObject[] = [];
    for (const a of alts) for (const p of parts) if (next.length < MAX_ALTERNATIVES) next.push(merge(a, p));
    alts = next;
  };
  if (typeof own.$ref === 'string') {
    const target = refTarget(doc, own.$ref);
    conjunct(target ? alternatives(doc, target.value, depth + 1) : [{}]);
    delete own.$ref;
  }
  if (Array.isArray(own.allOf)) {
    for (const member of own.allOf) conjunct(alternatives(doc, member, depth + 1));
    delete own.allOf;
  }
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    if (!Array.isArray(own[keyword])) continue;
    conjunct((own[keyword] as unknown[]).flatMap((option) => alternatives(doc, option, depth + 1)));
    delete own[keyword];
  }
  own = withoutUnion(own);
  return alts.map((a) => merge(own, a));
}

function withoutUnion(schema: PlainObject): PlainObject {
  const { anyOf: _a, oneOf: _o, allOf: _l, $ref: _r, ...rest } = schema;
  return rest;
}

/** Both schemas at once, shallowly: properties and required are joined, types and enums intersected. */
function merge(a: PlainObject, b: PlainObject): PlainObject {
  const out: PlainObject = { ...a };
  for (const [key, value] of Object.entries(b)) {
    if (!(key in out)) {
      setOwn(out, key, value);
      continue;
    }
    const mine = out[key];
    if (key === 'properties' && isPlainObject(mine) && isPlainObject(value)) {
      const props: PlainObject = { ...mine };
      for (const [name, s] of Object.entries(value)) setOwn(props, name, Object.prototype.hasOwnProperty.call(props, name) ? { allOf: [props[name], s] } : s);
      setOwn(out, key, props);
    } else if (key === 'required' && Array.isArray(mine) && Array.isArray(value)) setOwn(out, key, [...new Set([...mine, ...value])]);
    else if (key === 'type') {
      const x = typesOf(mine);
      const y = typesOf(value);
      setOwn(out, key, x.filter((t) => y.includes(t) || (t === 'integer' && y.includes('number'))).concat(y.includes('integer') && x.includes('number') ? ['integer'] : []));
    } else if (key === 'enum' && Array.isArray(mine) && Array.isArray(value)) setOwn(out, key, mine.filter((v) => value.some((w) => JSON.stringify(w) === JSON.stringify(v))));
    else if ((key === 'minimum' || key === 'minLength' || key === 'minItems' || key === 'minProperties' || key === 'exclusiveMinimum') && typeof mine === 'number' && typeof value === 'number') setOwn(out, key, Math.max(mine, value));
    else if ((key === 'maximum' || key === 'maxLength' || key === 'maxItems' || key === 'maxProperties' || key === 'exclusiveMaximum') && typeof mine === 'number' && typeof value === 'number') setOwn(out, key, Math.min(mine, value));
    else if (!isPlainObject(value) || !isPlainObject(mine)) setOwn(out, key, value);
    else setOwn(out, key, { allOf: [mine, value] });
  }
  return out;
}

const ALL_TYPES = ['string', 'integer', 'number', 'boolean', 'null', 'object', 'array'];

function typesOf(type: unknown): string[] {
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter((t): t is string => typeof t === 'string');
  return ALL_TYPES;
}

/** The types a plain schema allows, guessed from its keywords when it names none. */
function typesAllowed(schema: PlainObject): string[] {
  if ('const' in schema) return [jsonType(schema.const)];
  if (Array.isArray(schema.enum)) return [...new Set(schema.enum.map(jsonType))];
  if ('type' in schema) return typesOf(schema.type);
  if ('properties' in schema || 'required' in schema) return ['object', ...ALL_TYPES.filter((t) => t !== 'object')];
  return ALL_TYPES;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

// --- building candidates -----------------------------------------------------------------------------------

interface Build {
  from: SchemaDoc;
  to: SchemaDoc;
  /** The longest string generated (short when a pattern could run long). */
  maxString: number;
}

/** A candidate and the same value with the changed position filled as the other side allows (its controls). */
interface Pair {
  value: Candidate;
  controls: Candidate[];
}

function buildCandidates(from: SchemaDoc, to: SchemaDoc, steps: Step[]): Pair[] {
  const build: Build = { from, to, maxString: hasPattern(from.root) || hasPattern(to.root) ? SHORT_STRING : 64 };
  const pairs = at(build, alternatives(from, from.root), alternatives(to, to.root), steps, false);
  return pairs.filter((p) => p.value !== ABSENT).slice(0, MAX_CANDIDATES);
}

/**
 * Candidates at the position `steps` leads to, each embedded in a whole value of the current position; with each,
 * controls: the same whole value with that position as the other side accepts it. A candidate whose control the
 * other side accepts is rejected for what changed at this position, not for some other change in the tool.
 */
function at(b: Build, fromAlts: PlainObject[], toAlts: PlainObject[], steps: Step[], inProperty: boolean): Pair[] {
  const [step, ...rest] = steps;
  const controls = (): Candidate[] => {
    const other = { ...b, from: b.to };
    return [...(inProperty ? [ABSENT] : []), ...toAlts.flatMap((t) => samples(other, t, 0).slice(0, 4))].slice(0, 8);
  };
  if (!step || step.kind === 'not') {
    const c = controls();
    const values = step ? notCandidates(b, fromAlts, toAlts, inProperty) : leaf(b, fromAlts, toAlts, inProperty);
    return values.map((value) => ({ value, controls: c }));
  }
  const out: Pair[] = [];
  const required = [...new Set(toAlts.flatMap((t) => (Array.isArray(t.required) ? t.required.filter((n): n is string => typeof n === 'string') : [])))];
  for (const f of fromAlts.slice(0, 4)) {
    if (step.kind === 'items' || step.kind === 'prefix') {
      const prefix = prefixOf(f);
      const position = step.kind === 'prefix' ? step.index : prefix.length;
      const before = prefix.slice(0, position).map((p) => sampleOne(b, p));
      if (before.some((v) => v === ABSENT)) continue;
      const childFrom = alternatives(b.from, step.kind === 'prefix' ? prefix[step.index] : itemsOf(f));
      const childTo = toAlts.flatMap((t) => alternatives(b.to, step.kind === 'prefix' ? prefixOf(t)[step.index] ?? itemsOf(t) : itemsOf(t)));
      const minItems = count(f.minItems);
      const wrap = (c: Candidate) => {
        const arr = [...before, c];
        while (arr.length < minItems && arr.length < 16) arr.push(c);
        return arr;
      };
      for (const pair of at(b, childFrom, childTo, rest, false)) {
        if (pair.value === ABSENT) continue;
        out.push({ value: wrap(pair.value), controls: pair.controls.filter((c) => c !== ABSENT).map(wrap) });
      }
      continue;
    }
    const key = keyFor(step, f, toAlts);
    if (key === undefined) continue;
    const childFrom = alternatives(b.from, propertySchema(f, key));
    const childTo = toAlts.flatMap((t) => alternatives(b.to, propertySchema(t, key)));
    // Every property either side requires is filled, so the other side has no other reason to reject it; one the
    // old side does not describe gets a value the other side describes.
    const parent = sampleObject(b, f, 0, key, required, toAlts[0]);
    if (parent === ABSENT) continue;
    const wrap = (c: Candidate) => (c === ABSENT ? parent : { ...(parent as PlainObject), [key]: c });
    for (const pair of at(b, childFrom, childTo, rest, true)) out.push({ value: wrap(pair.value), controls: pair.controls.map(wrap) });
  }
  return out;
}

/** A value the new "not" excludes is rejected by the new side: those first, then the usual ones. */
function notCandidates(b: Build, fromAlts: PlainObject[], toAlts: PlainObject[], inProperty: boolean): Candidate[] {
  const excluded = toAlts.flatMap((t) => (t.not === undefined ? [] : alternatives(b.to, t.not)));
  return [...excluded.flatMap((x) => fromAlts.flatMap((f) => samples(b, merge(f, x), 0))), ...leaf(b, fromAlts, toAlts, inProperty)];
}

/** The property name a step stands for. */
function keyFor(step: Step, f: PlainObject, toAlts: PlainObject[]): string | undefined {
  if (step.kind === 'property') return step.name;
  if (step.kind === 'pattern') return keyMatching(step.pattern);
  // additionalProperties: a name no side declares or matches by pattern.
  const declared = (s: PlainObject) => [...Object.keys(isPlainObject(s.properties) ? s.properties : {}), ...Object.keys(isPlainObject(s.patternProperties) ? s.patternProperties : {})];
  const taken = [f, ...toAlts].flatMap(declared);
  return ['extra', 'x', 'other', 'z9'].find((name) => !taken.includes(name) && !taken.some((p) => safeTest(p, name)));
}

function keyMatching(pattern: string): string | undefined {
  const literal = pattern.replace(/^\^/, '').match(/^[A-Za-z0-9_-]*/)?.[0] ?? '';
  return [literal, `${literal}1`, `${literal}a`, 'a', 'x', '0', 'A', '_', 'aa', 'a1'].find((k) => safeTest(pattern, k));
}

function safeTest(pattern: string, text: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(text);
  } catch {
    return false;
  }
}

/** Values at the changed position: the old side's values, and values pushed towards what the new side forbids. */
function leaf(b: Build, fromAlts: PlainObject[], toAlts: PlainObject[], inProperty: boolean): Candidate[] {
  const out: Candidate[] = inProperty ? [ABSENT] : [];
  for (const f of fromAlts) {
    out.push(...samples(b, f, 0));
    for (const t of toAlts.length ? toAlts : [{}]) out.push(...towards(b, f, t));
  }
  return out;
}

/** Values of `f`'s types placed where `t` is strict: outside its bounds, enum and types, extra or missing keys. */
function towards(b: Build, f: PlainObject, t: PlainObject): Candidate[] {
  const out: Candidate[] = [];
  const types = typesAllowed(f);
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  if (types.includes('number') || types.includes('integer')) {
    const edges = [t.minimum, t.maximum, t.exclusiveMinimum, t.exclusiveMaximum, f.minimum, f.maximum, f.exclusiveMinimum, f.exclusiveMaximum].map(num).filter((v): v is number => v !== undefined);
    for (const e of edges) out.push(e, e - 1, e + 1, e - 0.5, e + 0.5, Math.floor(e) - 1, Math.ceil(e) + 1);
    const step = num(f.multipleOf);
    if (step) out.push(step, -step, step * 2, step * 3, step * 5, step * 7);
    const strict = num(t.multipleOf);
    if (strict) out.push(strict / 2, strict * 1.5, strict + 1, strict / 3);
    out.push(0, 1, -1, 0.5, 2, 3, 1000001);
  }
  if (types.includes('string')) {
    const lengths = [count(t.minLength) - 1, num(t.maxLength) === undefined ? undefined : count(t.maxLength) + 1, count(f.minLength), num(f.maxLength)].filter((v): v is number => v !== undefined && v >= 0 && v <= b.maxString);
    for (const n of lengths) out.push('x'.repeat(n), 'a'.repeat(n), '0'.repeat(n));
    out.push('', 'not a value', 'abc', 'ABC', '-1', 'a b');
    for (let k = 1; k <= 4; k++) out.push('x'.repeat(k), 'A'.repeat(k), 'a'.repeat(k), '0'.repeat(k));
    for (const v of [...(Array.isArray(f.examples) ? f.examples : []), f.default]) if (typeof v === 'string' && v.length <= b.maxString) out.push(v);
  }
  if (types.includes('boolean')) out.push(true, false);
  if (types.includes('null')) out.push(null);
  if (types.includes('array')) {
    const item = sampleOne(b, itemsOf(f));
    const base = item === ABSENT ? [] : [item];
    out.push([], base, [...base, ...base], [...base, ...base, ...base]);
    for (const n of [count(t.minItems) - 1, num(t.maxItems) === undefined ? -1 : count(t.maxItems) + 1]) if (n >= 0 && n <= 16 && item !== ABSENT) out.push(Array(n).fill(item));
    for (const v of itemSamples(b, f)) out.push([v], [...base, v]);
  }
  if (types.includes('object')) {
    const o = sampleObject(b, f, 0);
    if (o !== ABSENT) {
      const obj = o as PlainObject;
      out.push(obj);
      const props = isPlainObject(f.properties) ? f.properties : {};
      const tRequired = Array.isArray(t.required) ? t.required.filter((n): n is string => typeof n === 'string') : [];
      for (const name of tRequired) if (Object.hasOwn(obj, name)) out.push(omit(obj, name));
      let all: PlainObject = obj;
      for (const [name, s] of Object.entries(props)) {
        if (Object.hasOwn(obj, name)) continue;
        for (const v of samples(b, s, 1).slice(0, 6)) out.push({ ...obj, [name]: v });
        const v = sampleOne(b, s);
        if (v !== ABSENT) all = { ...all, [name]: v };
      }
      out.push(all);
      for (const key of ['extra', 'x', 'other', 'A', '']) for (const v of ['x', 1, true, null, {}]) if (!Object.hasOwn(obj, key)) out.push({ ...obj, [key]: v });
      // Names either side mentions (dependentRequired, if/then, required lists): alone and in pairs.
      const names = [...new Set([...mentionedNames(f), ...mentionedNames(t)])].filter((n) => !Object.hasOwn(obj, n)).slice(0, 12);
      const valueFor = (name: string) => {
        const v = sampleOne(b, propertySchema(f, name), 1);
        return v === ABSENT ? 'x' : v;
      };
      for (const [i, n] of names.entries()) {
        out.push({ ...obj, [n]: valueFor(n) });
        for (const m of names.slice(i + 1)) out.push({ ...obj, [n]: valueFor(n), [m]: valueFor(m) });
      }
      const most = num(t.maxProperties);
      if (most !== undefined && most < 64) {
        const many: PlainObject = { ...all };
        for (let i = 0; Object.keys(many).length <= most; i++) if (!Object.hasOwn(many, `k${i}`)) setOwn(many, `k${i}`, valueFor(`k${i}`));
        out.push(many);
      }
    }
  }
  // Every other JSON type, in case the old side allows more than its keywords say.
  out.push('x', 1, 1.5, true, null, [], {});
  return out;
}

/** Property names a schema mentions at its own level and in if/then/else, dependencies and required lists. */
function mentionedNames(s: PlainObject): string[] {
  const names: string[] = [];
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  for (const part of [s, s.if, s.then, s.else]) {
    if (!isPlainObject(part)) continue;
    names.push(...strings(part.required), ...Object.keys(isPlainObject(part.properties) ? part.properties : {}));
    for (const keyword of ['dependentRequired', 'dependentSchemas', 'dependencies']) {
      const deps = part[keyword];
      if (!isPlainObject(deps)) continue;
      for (const [key, value] of Object.entries(deps)) names.push(key, ...strings(value));
    }
  }
  return names;
}

function omit(obj: PlainObject, name: string): PlainObject {
  const copy = { ...obj };
  delete copy[name];
  return copy;
}

function itemSamples(b: Build, f: PlainObject): Candidate[] {
  return alternatives(b.from, itemsOf(f)).flatMap((a) => samples(b, a, 1).slice(0, 8));
}

function prefixOf(s: PlainObject): unknown[] {
  if (Array.isArray(s.prefixItems)) return s.prefixItems;
  if (Array.isArray(s.items)) return s.items;
  return [];
}

function itemsOf(s: PlainObject): unknown {
  if (Array.isArray(s.items)) return s.additionalItems;
  return s.items;
}

/** The subschema for property `key`: declared, else by pattern, else additionalProperties. */
function propertySchema(s: PlainObject, key: string): unknown {
  const props = isPlainObject(s.properties) ? s.properties : {};
  if (Object.prototype.hasOwnProperty.call(props, key)) return props[key];
  const patterns = isPlainObject(s.patternProperties) ? s.patternProperties : {};
  for (const [pattern, schema] of Object.entries(patterns)) if (safeTest(pattern, key)) return schema;
  return s.additionalProperties;
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.ceil(value) : 0;
}

// --- sample values ---------------------------------------------------------------------------------------

function sampleOne(b: Build, schema: unknown, depth = 0): Candidate {
  return samples(b, schema, depth)[0] ?? ABSENT;
}

/** A few values the schema probably allows, most likely first. */
function samples(b: Build, schema: unknown, depth: number): Candidate[] {
  if (depth > MAX_DEPTH) return [];
  const out: Candidate[] = [];
  for (const s of isPlainObject(schema) && !('$ref' in schema) && !('allOf' in schema) && !('anyOf' in schema) && !('oneOf' in schema) ? [schema] : alternatives(b.from, schema, depth)) {
    if ('const' in s) {
      out.push(s.const);
      continue;
    }
    if (Array.isArray(s.enum)) {
      out.push(...s.enum.slice(0, 64));
      continue;
    }
    if ('default' in s) out.push(s.default);
    if (Array.isArray(s.examples)) out.push(...s.examples.slice(0, 4));
    for (const type of typesAllowed(s)) out.push(...ofType(b, s, type, depth));
  }
  return out;
}

function ofType(b: Build, s: PlainObject, type: string, depth: number): Candidate[] {
  switch (type) {
    case 'string':
      return stringSamples(b, s);
    case 'integer':
    case 'number':
      return numberSamples(s, type === 'integer');
    case 'boolean':
      return [true, false];
    case 'null':
      return [null];
    case 'array': {
      const prefix = prefixOf(s).map((p) => sampleOne(b, p, depth + 1));
      if (prefix.some((v) => v === ABSENT)) return [];
      const item = count(s.minItems) > prefix.length ? sampleOne(b, itemsOf(s), depth + 1) : ABSENT;
      const arr = [...prefix];
      while (arr.length < count(s.minItems) && item !== ABSENT && arr.length < 16) arr.push(item);
      return [arr];
    }
    case 'object': {
      const o = sampleObject(b, s, depth);
      return o === ABSENT ? [] : [o];
    }
    default:
      return [];
  }
}

/** An object with every required property (and `also`; except `skip`) given a sample value. */
function sampleObject(b: Build, s: PlainObject, depth: number, skip?: string, also: string[] = [], other?: PlainObject): Candidate {
  const out: PlainObject = {};
  const required = Array.isArray(s.required) ? s.required.filter((n): n is string => typeof n === 'string') : [];
  const declared = (x: PlainObject | undefined, name: string) => isPlainObject(x?.properties) && Object.hasOwn(x.properties, name);
  for (const name of new Set([...required, ...also])) {
    if (name === skip) continue;
    const useOther = other !== undefined && !declared(s, name) && declared(other, name);
    const v = useOther ? samples({ ...b, from: b.to }, propertySchema(other, name), depth + 1)[0] : samples(b, propertySchema(s, name), depth + 1)[0];
    if (v === undefined) return ABSENT;
    setOwn(out, name, v);
  }
  return out;
}

const FORMAT_SAMPLES: Record<string, string> = {
  date: '2024-01-31',
  'date-time': '2024-01-31T12:00:00Z',
  time: '12:00:00Z',
  duration: 'P1D',
  email: 'user@example.com',
  'idn-email': 'user@example.com',
  hostname: 'example.com',
  'idn-hostname': 'example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
  uri: 'https://example.com/a',
  'uri-reference': 'https://example.com/a',
  iri: 'https://example.com/a',
  'iri-reference': 'https://example.com/a',
  'uri-template': 'https://example.com/{id}',
  uuid: '123e4567-e89b-12d3-a456-426614174000',
  'json-pointer': '/a',
  'relative-json-pointer': '0/a',
  regex: '^a$',
};

function stringSamples(b: Build, s: PlainObject): Candidate[] {
  const min = count(s.minLength);
  const max = typeof s.maxLength === 'number' ? count(s.maxLength) : Infinity;
  const out: string[] = [];
  if (typeof s.format === 'string' && FORMAT_SAMPLES[s.format] !== undefined) out.push(FORMAT_SAMPLES[s.format]!);
  if (min <= b.maxString) out.push('x'.repeat(Math.max(min, Math.min(1, max))), 'a'.repeat(min), '0'.repeat(Math.max(min, 1)), 'A'.repeat(Math.max(min, 1)));
  return out.filter((v) => v.length >= min && v.length <= max);
}

function numberSamples(s: PlainObject, integer: boolean): Candidate[] {
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const step = num(s.multipleOf) ?? (integer ? 1 : undefined);
  const low = num(s.exclusiveMinimum) ?? num(s.minimum);
  const high = num(s.exclusiveMaximum) ?? num(s.maximum);
  const out: number[] = [];
  const snap = (v: number) => (step ? Math.ceil(v / step) * step : v);
  if (low !== undefined) out.push(snap(low), snap(low + (step ?? 1)));
  if (high !== undefined) out.push(step ? Math.floor(high / step) * step : high, step ? Math.floor(high / step) * step - step : high - 1);
  out.push(0, 1, snap(1));
  if (low !== undefined && high !== undefined) out.push(snap((low + high) / 2));
  return out.filter((v) => Number.isFinite(v));
}

function hasPattern(value: unknown, depth = 0): boolean {
  if (depth > 64 || typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some((v) => hasPattern(v, depth + 1));
  for (const [key, v] of Object.entries(value)) {
    if ((key === 'pattern' && typeof v === 'string') || key === 'patternProperties' || key === 'propertyNames') return true;
    if (hasPattern(v, depth + 1)) return true;
  }
  return false;
}
