// One schema, rewritten to the plainest form that accepts the same values, so that the walker compares
// meanings and not spellings: allOf members merged into one schema, `not` of a type or of a `not` resolved,
// unions of constants made an enum, options no value satisfies dropped, keywords that constrain nothing
// (`propertyNames: {type: string}`, `pattern: ""`, `minLength: 0`, ...) dropped, and a schema no value
// satisfies made `false`. Each rewrite is exact: a value is valid under the result iff it is valid under the
// schema as written. What cannot be merged exactly stays as written (an allOf member kept, a union kept).

import { childPointer } from '../finding.js';
import { setOwn } from '../../json.js';
import { allowedValues, effectiveTypes, JSON_TYPES, typeOfValue, typeSetContains, type TypeSet } from './facets.js';
import { ASSERTION_KEYWORDS, canonicalJson, isPlainObject, type PlainObject } from './keywords.js';
import { nodeKey } from './equivalence.js';
import { resolveNode, type SchemaDoc, type SchemaNode } from './resolve.js';

/** The schema that no value satisfies. */
type Normal = PlainObject | false;

/** The schema as it applies, or false when no value satisfies it. Same object back when nothing changes. */
export function normalise(doc: SchemaDoc, schema: PlainObject, pointer: string): Normal {
  const ctx = doc.ctx;
  if (!needsWork(schema)) return schema;
  const rootKey = typeof doc.root === 'object' && doc.root !== null ? doc.root : schema;
  let perDoc = ctx.normalised.get(rootKey);
  if (!perDoc) ctx.normalised.set(rootKey, (perDoc = new WeakMap()));
  const cached = perDoc.get(schema);
  if (cached !== undefined) return cached;
  // A member that leads back to a schema being normalised (a recursive allOf) is left as written.
  if (ctx.normalising.has(schema)) return schema;
  ctx.normalising.add(schema);
  let result: Normal;
  try {
    ctx.spend();
    result = rewrite(doc, schema, pointer);
  } finally {
    ctx.normalising.delete(schema);
  }
  perDoc.set(schema, result);
  return result;
}

/**
 * Cheap test: only a schema some rewrite applies to is copied (`falseOnly`: only one a rewrite may make false, the
 * tidying of keywords that say nothing left out). Most leaves (`{type: "string", description}`)
 * are not, and a diff of 100,000 properties must not copy 100,000 of them.
 */
function needsWork(s: PlainObject, falseOnly = false): boolean {
  for (const key of Object.keys(s)) {
    const v = s[key];
    switch (key) {
      case 'allOf':
      case 'anyOf':
      case 'oneOf':
      case 'not':
      case 'propertyNames':
      case 'unevaluatedProperties':
      case 'unevaluatedItems':
      case 'additionalItems':
      case 'contains':
      case 'minContains':
      case 'maxContains':
      case 'dependentSchemas':
      case 'dependencies':
      case 'maxProperties':
      case 'minProperties':
        return true;
      case 'additionalProperties':
        // false closes the object: a false property, or a required one it does not name, may make it unsatisfiable.
        if (v === false) {
          const props = isPlainObject(s.properties) ? s.properties : {};
          if (Object.values(props).some((p) => p === false)) return true;
          // An empty properties beside it says nothing (dropped).
          if (isPlainObject(s.properties) && Object.keys(props).length === 0 && !falseOnly) return true;
          if (Array.isArray(s.required) && s.required.some((name) => typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(props, name))) return true;
        } else if (!isPlainSubschema(v)) return true;
        break;
      case 'items':
        if (!isPlainSubschema(v)) return true;
        break;
      case 'type':
        if (Array.isArray(v) && v.length === 0) return true;
        break;
      case 'enum':
        // Values the declared type rejects narrow the type (or leave none); a long list is not scanned here.
        if ('const' in s || !Array.isArray(v) || v.length === 0 || v.length > 64) return true;
        if ('type' in s) {
          const declared = effectiveTypes({ type: s.type });
          if (!v.every((x) => typeSetContains(declared, typeOfValue(x)))) return true;
        }
        break;
      case 'const':
        if ('type' in s && !typeSetContains(effectiveTypes({ type: s.type }), typeOfValue(v))) return true;
        break;
      case 'prefixItems':
        // A tuple position no value satisfies, within minItems, leaves no array.
        if (typeof s.minItems === 'number' && s.minItems > 0) return true;
        break;
      case 'pattern':
        if (v === '' && !falseOnly) return true;
        break;
      case 'uniqueItems':
        if ((v === false || 'maxItems' in s) && !falseOnly) return true;
        break;
      case 'required':
        if (!Array.isArray(v) || (v.length === 0 && !falseOnly)) return true;
        // A required property whose schema no value satisfies makes the object unsatisfiable: checked when
        // the property's schema is false or could itself be rewritten to false.
        if (isPlainObject(s.properties)) {
          const props = s.properties;
          if (v.some((name) => typeof name === 'string' && (props[name] === false || (isPlainObject(props[name]) && mayBeFalse(props[name] as PlainObject))))) return true;
        }
        break;
      case 'minLength':
      case 'minItems':
        if (v === 0 && !falseOnly) return true;
        break;
      case 'maxItems':
        // No items at all: the item schemas say nothing.
        if (v === 0 || (typeof v === 'number' && !Number.isFinite(v))) return true;
        break;
      case 'maxLength':
      case 'minimum':
      case 'maximum':
        if (typeof v === 'number' && !Number.isFinite(v)) return true;
        break;
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
      case 'multipleOf':
        // With another numeric bound the range may hold no number (or no integer): satisfiableTypes decides.
        if ((typeof v === 'number' && !Number.isFinite(v)) || 'minimum' in s || 'maximum' in s || numericKeywords(s) >= 2) return true;
        break;
      default:
    }
  }
  // Two bounds that cross leave no string, array or number (no integer when they cross once rounded inwards).
  return crossed(s, 'minLength', 'maxLength') || crossed(s, 'minItems', 'maxItems') || crossed(s, 'minimum', 'maximum');
}

/**
 * Whether a rewrite may make the schema false. Not when it needs none, nor for a union beside nothing else that
 * asserts, with an option that needs none (`anyOf: [{type: string, format}, {type: null}]`, the usual nullable):
 * that option stays, so the union is kept or becomes that option, and neither is unsatisfiable.
 */
function mayBeFalse(s: PlainObject): boolean {
  // A reference may lead to false.
  if ('$ref' in s || '$dynamicRef' in s || '$recursiveRef' in s) return true;
  if (!needsWork(s, true)) return false;
  const { anyOf, ...rest } = s;
  return !(Array.isArray(anyOf) && assertionKeys(rest).length === 0 && anyOf.some(isPlainSubschema));
}

/** A subschema that is an object some rewrite may not apply to (true, false, a $ref or a union may change it). */
function isPlainSubschema(v: unknown): boolean {
  if (!isPlainObject(v) || '$ref' in v || '$dynamicRef' in v || '$recursiveRef' in v || assertionKeys(v).length === 0) return false;
  // A rewrite never drops a `type` (it narrows it, to false at most): a typed schema that cannot become false stays
  // neither false nor accepting everything, whatever its own tidying.
  return !needsWork(v) || (typeof v.type === 'string' && !mayBeFalse(v));
}

function numericKeywords(s: PlainObject): number {
  let n = 0;
  for (const k of ['exclusiveMinimum', 'exclusiveMaximum', 'multipleOf']) if (k in s) n++;
  return n;
}

function crossed(s: PlainObject, lo: string, hi: string): boolean {
  const a = s[lo];
  const b = s[hi];
  return typeof a === 'number' && typeof b === 'number' && Math.ceil(a) > Math.floor(b);
}

function rewrite(doc: SchemaDoc, schema: PlainObject, pointer: string): Normal {
  let acc: PlainObject = { ...schema };
  const note = (value: unknown, at: string) => doc.ctx.noteOrigin(doc.root, value, at);
  const at = (...tokens: (string | number)[]) => childPointer(pointer, ...tokens);

  // allOf: every member that merges exactly is merged; the rest stay as an allOf.
  if (Array.isArray(schema.allOf)) {
    delete acc.allOf;
    const residual: unknown[] = [];
    for (const [i, member] of schema.allOf.entries()) {
      const node = resolveNode(doc, member, doc.ctx.originOf(doc.root, member) ?? at('allOf', i));
      if (node.kind === 'false') return false;
      if (node.kind === 'unresolved') {
        residual.push(member);
        continue;
      }
      noteSubschemas(node, note);
      const merged = conjoin(acc, node.schema);
      if (merged) acc = merged;
      else if (!residual.some((r) => r === member)) {
        note(member, node.pointer);
        residual.push(member);
      }
    }
    if (residual.length) acc.allOf = residual;
  }

  // not: of nothing is everything; of everything, nothing; of a not, the inner schema; of types, the other types.
  if ('not' in acc) {
    const inner = resolveNode(doc, acc.not, doc.ctx.originOf(doc.root, acc.not) ?? at('not'));
    if (inner.kind === 'false') delete acc.not;
    else if (inner.kind === 'schema') {
      const keys = assertionKeys(inner.schema);
      if (keys.length === 0) return false;
      if (keys.length === 1 && keys[0] === 'not') {
        const twice = resolveNode(doc, inner.schema.not, doc.ctx.originOf(doc.root, inner.schema.not) ?? childPointer(inner.pointer, 'not'));
        if (twice.kind === 'false') return false;
        if (twice.kind === 'schema') {
          const { not: _not, ...rest } = acc;
          noteSubschemas(twice, note);
          const merged = conjoin(rest, twice.schema);
          if (merged) acc = merged;
        }
      } else if (keys.length === 1 && keys[0] === 'type') {
        const excluded = effectiveTypes(inner.schema);
        if (excluded && (excluded.has('number') || !excluded.has('integer'))) {
          const others = JSON_TYPES.filter((t) => !typeSetContains(excluded, t) && !(t === 'integer' && excluded.has('number')));
          const { not: _not, ...rest } = acc;
          const merged = conjoin(rest, { type: others });
          if (merged) acc = merged;
        }
      }
    }
  }

  for (const keyword of ['anyOf', 'oneOf'] as const) {
    if (!Array.isArray(acc[keyword])) continue;
    const list = acc[keyword] as unknown[];
    let options: { raw: unknown; node: SchemaNode; key: string }[] = [];
    for (const [i, o] of list.entries()) {
      const node = resolveNode(doc, o, doc.ctx.originOf(doc.root, o) ?? at(keyword, i));
      note(o, node.pointer);
      if (node.kind !== 'false') options.push({ raw: o, node, key: nodeKey(doc, node) });
    }
    // The same option twice: in an anyOf it counts once; in a oneOf every value it accepts matches twice and is rejected.
    const seen = new Map<string, number>();
    for (const o of options) seen.set(o.key, (seen.get(o.key) ?? 0) + 1);
    if (keyword === 'anyOf') options = options.filter((o, i) => options.findIndex((x) => x.key === o.key) === i);
    else if ([...seen.values()].every((n) => n > 1)) return false;
    if (options.length === 0) return false;
    // anyOf with an option that accepts everything constrains nothing.
    if (keyword === 'anyOf' && options.some((o) => o.node.kind === 'schema' && assertionKeys(o.node.schema).length === 0)) {
      delete acc.anyOf;
      continue;
    }
    const values = unionValues(options.map((o) => o.node), keyword === 'oneOf');
    if (values) {
      const { [keyword]: _u, ...rest } = acc;
      const merged = conjoin(rest, { enum: values });
      if (merged) {
        acc = merged;
        continue;
      }
    }
    if (options.length === 1 && options[0]!.node.kind === 'schema') {
      const { [keyword]: _u, ...rest } = acc;
      const merged = conjoin(rest, options[0]!.node.schema);
      if (merged) {
        noteSubschemas(options[0]!.node, note);
        acc = merged;
        continue;
      }
    }
    if (options.length !== list.length) acc[keyword] = options.map((o) => o.raw);
  }

  splitDependencies(acc);
  unevaluatedAsAdditional(acc);
  dropTautologies(doc, acc, pointer);
  const types = satisfiableTypes(doc, acc, pointer);
  if (types !== null && types.size === 0) return false;
  if (types !== null && !sameTypes(types, effectiveTypes(acc))) acc.type = [...types].sort();
  return equalShallow(acc, schema) ? schema : acc;
}

function noteSubschemas(node: SchemaNode, note: (value: unknown, at: string) => void): void {
  if (node.kind !== 'schema') return;
  for (const [k, v] of Object.entries(node.schema)) {
    if (typeof v !== 'object' || v === null) continue;
    note(v, childPointer(node.pointer, k));
    if (MAP_KEYWORDS.has(k) && isPlainObject(v)) for (const [name, s] of Object.entries(v)) note(s, childPointer(node.pointer, k, name));
    if (Array.isArray(v)) v.forEach((s, i) => note(s, childPointer(node.pointer, k, i)));
  }
}

const MAP_KEYWORDS = new Set(['properties', 'patternProperties', 'dependentSchemas', '$defs', 'definitions']);

function assertionKeys(schema: PlainObject): string[] {
  return Object.keys(schema).filter((k) => ASSERTION_KEYWORDS.has(k));
}

function equalShallow(a: PlainObject, b: PlainObject): boolean {
  const ak = Object.keys(a);
  if (ak.length !== Object.keys(b).length) return false;
  return ak.every((k) => Object.prototype.hasOwnProperty.call(b, k) && a[k] === b[k]);
}

function sameTypes(a: TypeSet, b: TypeSet): boolean {
  const all = (t: TypeSet) => new Set(JSON_TYPES.filter((x) => typeSetContains(t, x)));
  const x = all(a);
  const y = all(b);
  return x.size === y.size && [...x].every((t) => y.has(t));
}

/**
 * The values of a union whose every option only lists values (enum/const, maybe with a type): as one enum.
 * In a oneOf a value listed by two options matches both and is rejected.
 */
function unionValues(options: SchemaNode[], exclusive: boolean): unknown[] | undefined {
  const counts = new Map<string, { value: unknown; n: number }>();
  for (const o of options) {
    if (o.kind !== 'schema') return undefined;
    if (assertionKeys(o.schema).some((k) => k !== 'type' && k !== 'enum' && k !== 'const')) return undefined;
    const values = allowedValues(o.schema);
    if (!values) return undefined;
    for (const [key, value] of values) {
      const c = counts.get(key);
      if (c) c.n++;
      else counts.set(key, { value, n: 1 });
    }
  }
  return [...counts.values()].filter((c) => !exclusive || c.n === 1).map((c) => c.value);
}

/** Whether no value can satisfy two options of the list: different types, or different values. */
export function pairwiseDisjoint(options: SchemaNode[]): boolean {
  for (let i = 0; i < options.length; i++) for (let j = i + 1; j < options.length; j++) if (!disjoint(options[i]!, options[j]!)) return false;
  return true;
}

export function disjoint(x: SchemaNode, y: SchemaNode, depth = 0): boolean {
  if (x.kind === 'false' || y.kind === 'false') return true;
  if (x.kind !== 'schema' || y.kind !== 'schema' || depth > 4) return false;
  const xt = effectiveTypes(x.schema);
  const yt = effectiveTypes(y.schema);
  if (!JSON_TYPES.some((t) => typeSetContains(xt, t) && typeSetContains(yt, t))) return true;
  const xv = allowedValues(x.schema);
  const yv = allowedValues(y.schema);
  if (xv && yv && ![...xv.keys()].some((k) => yv.has(k))) return true;
  if (xv && !yv && yt !== null && [...xv.values()].every((v) => !typeSetContains(yt, typeOfValue(v)))) return true;
  // Objects told apart by a discriminator: a property both require, with values that cannot be equal.
  const xp = isPlainObject(x.schema.properties) ? x.schema.properties : undefined;
  const yp = isPlainObject(y.schema.properties) ? y.schema.properties : undefined;
  const onlyObjects = (t: TypeSet) => t !== null && t.size === 1 && t.has('object');
  if (xp && yp && onlyObjects(xt) && onlyObjects(yt)) {
    const xr = new Set(Array.isArray(x.schema.required) ? x.schema.required : []);
    const yr = new Set(Array.isArray(y.schema.required) ? y.schema.required : []);
    for (const name of Object.keys(xp)) {
      if (!xr.has(name) || !yr.has(name) || !Object.prototype.hasOwnProperty.call(yp, name)) continue;
      const a = isPlainObject(xp[name]) ? (xp[name] as PlainObject) : undefined;
      const b = isPlainObject(yp[name]) ? (yp[name] as PlainObject) : undefined;
      if (a && b && !('$ref' in a) && !('$ref' in b)) {
        if (disjoint({ kind: 'schema', schema: a, pointer: '', raw: a }, { kind: 'schema', schema: b, pointer: '', raw: b }, depth + 1)) return true;
      }
    }
  }
  return false;
}

// --- merging two schemas that must both hold -----------------------------------------------------------------

const LOWER = new Set(['minLength', 'minItems', 'minProperties', 'minimum']);
const UPPER = new Set(['maxLength', 'maxItems', 'maxProperties', 'maximum']);
const OBJECT_SHAPE = ['properties', 'patternProperties', 'additionalProperties'];

/**
 * One schema that holds iff both `a` and `b` hold, or undefined when they do not merge into one exactly (two
 * patterns, two unions, an additionalProperties that would see other properties).
 */
export function conjoin(a: PlainObject, b: PlainObject): PlainObject | undefined {
  const out: PlainObject = { ...a };
  if ('unevaluatedProperties' in b || 'unevaluatedItems' in b || '$dynamicAnchor' in b || '$recursiveAnchor' in b) {
    if (assertionKeys(b).length) return undefined;
  }
  if (!objectShapesMerge(a, b)) return undefined;
  if (!arrayShapesMerge(a, b)) return undefined;
  // draft-04 boolean exclusives change what the numeric bound beside them means: merged only when equal.
  for (const k of ['exclusiveMinimum', 'exclusiveMaximum']) if ((typeof a[k] === 'boolean' || typeof b[k] === 'boolean') && k in a && k in b && a[k] !== b[k]) return undefined;
  for (const [bound, exclusive] of [['minimum', 'exclusiveMinimum'], ['maximum', 'exclusiveMaximum']] as const) {
    if ((typeof a[exclusive] === 'boolean' || typeof b[exclusive] === 'boolean') && bound in a && bound in b && a[bound] !== b[bound]) return undefined;
  }
  const hasValues = (s: PlainObject) => 'enum' in s || 'const' in s;
  if (hasValues(a) && hasValues(b)) {
    delete out.enum;
    delete out.const;
    Object.assign(out, mergeValues(a, b));
  }
  for (const [k, bv] of Object.entries(b)) {
    if ((k === 'enum' || k === 'const') && hasValues(a)) continue;
    if (!Object.hasOwn(out, k)) {
      setOwn(out, k, bv);
      continue;
    }
    const av = out[k];
    if (av === bv || canonicalJson(av) === canonicalJson(bv)) continue;
    if (!ASSERTION_KEYWORDS.has(k)) continue; // annotations: the first one stays
    if (typeof av === 'number' && typeof bv === 'number' && (LOWER.has(k) || k === 'exclusiveMinimum')) out[k] = Math.max(av, bv);
    else if (typeof av === 'number' && typeof bv === 'number' && (UPPER.has(k) || k === 'exclusiveMaximum')) out[k] = Math.min(av, bv);
    else if (k === 'type') {
      const both = JSON_TYPES.filter((t) => typeSetContains(effectiveTypesOf(av), t) && typeSetContains(effectiveTypesOf(bv), t));
      // integer ⊂ number: `number` and `integer` together list integer once.
      out.type = both.includes('number') ? both.filter((t) => t !== 'integer') : both;
    } else if (k === 'required' && Array.isArray(av) && Array.isArray(bv)) out.required = [...new Set([...av, ...bv])];
    else if (k === 'uniqueItems') out.uniqueItems = av === true || bv === true;
    else if (k === 'multipleOf' && typeof av === 'number' && typeof bv === 'number') {
      if (Number.isInteger(bv / av)) out.multipleOf = bv;
      else if (!Number.isInteger(av / bv)) return undefined;
    } else if ((k === 'properties' || k === 'patternProperties' || k === 'dependentSchemas') && isPlainObject(av) && isPlainObject(bv)) {
      const merged: PlainObject = { ...av };
      for (const [name, s] of Object.entries(bv)) {
        setOwn(merged, name, Object.hasOwn(av, name) && canonicalJson(av[name]) !== canonicalJson(s) ? { allOf: [av[name], s] } : s);
      }
      out[k] = merged;
    } else if (k === 'items' && !Array.isArray(av) && !Array.isArray(bv)) out.items = { allOf: [av, bv] };
    else if (k === 'additionalProperties' || k === 'propertyNames') out[k] = { allOf: [av, bv] };
    else if (k === 'not') out.not = { anyOf: [av, bv] };
    else if (k === 'dependentRequired' && isPlainObject(av) && isPlainObject(bv)) {
      const merged: PlainObject = { ...av };
      for (const [name, list] of Object.entries(bv)) {
        const listed = Object.hasOwn(av, name) ? av[name] : undefined;
        setOwn(merged, name, [...new Set([...(Array.isArray(listed) ? listed : []), ...(Array.isArray(list) ? list : [])])]);
      }
      out.dependentRequired = merged;
    } else return undefined;
  }
  return out;
}

function effectiveTypesOf(type: unknown): TypeSet {
  return effectiveTypes({ type });
}

/** The values both sides allow, as a const when one value is left and either side said const. */
function mergeValues(a: PlainObject, b: PlainObject): PlainObject {
  const left = allowedValues(pickValues(a))!;
  const right = allowedValues(pickValues(b))!;
  const both = [...left.entries()].filter(([k]) => right.has(k)).map(([, v]) => v);
  return both.length === 1 && ('const' in a || 'const' in b) ? { const: both[0] } : { enum: both };
}

function pickValues(s: PlainObject): PlainObject {
  const out: PlainObject = {};
  if ('enum' in s) out.enum = s.enum;
  if ('const' in s) out.const = s.const;
  return out;
}

/**
 * additionalProperties judges the properties its own schema does not name: merging two objects is exact only
 * when the one with an additionalProperties already names every property and pattern the other names.
 */
function objectShapesMerge(a: PlainObject, b: PlainObject): boolean {
  const hasRest = (s: PlainObject) => 'additionalProperties' in s && s.additionalProperties !== true && !(isPlainObject(s.additionalProperties) && Object.keys(s.additionalProperties).length === 0);
  const names = (s: PlainObject, k: string) => new Set(isPlainObject(s[k]) ? Object.keys(s[k]) : []);
  const covers = (x: PlainObject, y: PlainObject) => OBJECT_SHAPE.slice(0, 2).every((k) => [...names(y, k)].every((n) => names(x, k).has(n)));
  if (hasRest(a) && !covers(a, b)) return false;
  if (hasRest(b) && !covers(b, a)) return false;
  return true;
}

/** A tuple (prefixItems or array items) merges only with the same tuple or none; its rest goes with it. */
function arrayShapesMerge(a: PlainObject, b: PlainObject): boolean {
  const tuple = (s: PlainObject) => (Array.isArray(s.prefixItems) ? s.prefixItems : Array.isArray(s.items) ? s.items : undefined);
  const ta = tuple(a);
  const tb = tuple(b);
  if (!ta && !tb) return !('additionalItems' in a && 'additionalItems' in b) || canonicalJson(a.additionalItems) === canonicalJson(b.additionalItems);
  if (ta && tb) return canonicalJson([ta, a.items, a.additionalItems]) === canonicalJson([tb, b.items, b.additionalItems]);
  // One tuple: the other side's items would apply to the tuple's positions too.
  const other = ta ? b : a;
  return !('items' in other) && !('additionalItems' in other) && !('prefixItems' in other);
}

/** draft-07 `dependencies` is 2020-12's dependentRequired (list values) and dependentSchemas (schema values). */
function splitDependencies(s: PlainObject): void {
  if (!isPlainObject(s.dependencies)) return;
  const required: PlainObject = isPlainObject(s.dependentRequired) ? { ...s.dependentRequired } : {};
  const schemas: PlainObject = isPlainObject(s.dependentSchemas) ? { ...s.dependentSchemas } : {};
  // Own keys and setOwn: a dependency's name is the author's, `toString` or `__proto__` like any other.
  for (const [name, v] of Object.entries(s.dependencies)) {
    if (Array.isArray(v)) {
      const listed = Object.hasOwn(required, name) ? required[name] : undefined;
      setOwn(required, name, Array.isArray(listed) ? [...new Set([...(listed as unknown[]), ...v])] : v);
    } else if (Object.hasOwn(schemas, name)) return; // both spellings for one name: left as written
    else setOwn(schemas, name, v);
  }
  delete s.dependencies;
  if (Object.keys(required).length) s.dependentRequired = required;
  if (Object.keys(schemas).length) s.dependentSchemas = schemas;
}

const APPLICATORS = ['allOf', 'anyOf', 'oneOf', 'if', 'then', 'else', 'dependentSchemas', 'dependencies', '$ref', '$dynamicRef', '$recursiveRef'];

/**
 * With no other keyword that evaluates properties (no allOf, anyOf, if, ...), unevaluatedProperties judges exactly
 * the properties that properties and patternProperties do not name: it is additionalProperties (and says nothing
 * beside one). Likewise unevaluatedItems is the items after the tuple, when nothing else (contains) evaluates items.
 */
function unevaluatedAsAdditional(s: PlainObject): void {
  if (APPLICATORS.some((k) => k in s)) return;
  if ('unevaluatedProperties' in s) {
    if (!('additionalProperties' in s)) s.additionalProperties = s.unevaluatedProperties;
    delete s.unevaluatedProperties;
  }
  if ('unevaluatedItems' in s && !('contains' in s)) {
    if (Array.isArray(s.items)) {
      if (!('additionalItems' in s)) s.additionalItems = s.unevaluatedItems;
    } else if (!('items' in s)) s.items = s.unevaluatedItems;
    delete s.unevaluatedItems;
  }
}

// --- constraints that constrain nothing --------------------------------------------------------------------

const ZERO_MEANS_NOTHING = ['minLength', 'minItems', 'minProperties'];

function acceptsAll(doc: SchemaDoc, value: unknown, pointer: string): boolean {
  if (value === true) return true;
  if (!isPlainObject(value)) return false;
  const node = resolveNode(doc, value, pointer);
  return node.kind === 'schema' && assertionKeys(node.schema).length === 0;
}

function dropTautologies(doc: SchemaDoc, s: PlainObject, pointer: string): void {
  for (const k of ZERO_MEANS_NOTHING) if (s[k] === 0) delete s[k];
  if (s.uniqueItems === false) delete s.uniqueItems;
  if (Array.isArray(s.required) && s.required.length === 0) delete s.required;
  if (s.pattern === '') delete s.pattern;
  for (const k of ['maxLength', 'maxItems', 'maxProperties', 'maximum', 'exclusiveMaximum']) if (s[k] === Infinity) delete s[k];
  for (const k of ['minimum', 'exclusiveMinimum']) if (s[k] === -Infinity) delete s[k];
  for (const k of ['additionalProperties', 'unevaluatedProperties', 'unevaluatedItems']) if (k in s && acceptsAll(doc, s[k], childPointer(pointer, k))) delete s[k];
  if ('items' in s && !Array.isArray(s.items) && acceptsAll(doc, s.items, childPointer(pointer, 'items'))) delete s.items;
  if ('additionalItems' in s && acceptsAll(doc, s.additionalItems, childPointer(pointer, 'additionalItems'))) delete s.additionalItems;
  // Object keys are strings: a propertyNames that only says so (or says nothing) constrains nothing.
  if ('propertyNames' in s) {
    const node = resolveNode(doc, s.propertyNames, childPointer(pointer, 'propertyNames'));
    if (node.kind === 'schema') {
      const keys = assertionKeys(node.schema);
      if (keys.length === 0 || (keys.length === 1 && keys[0] === 'type' && typeSetContains(effectiveTypes(node.schema), 'string'))) delete s.propertyNames;
    }
  }
  if (isPlainObject(s.dependentSchemas)) {
    // A loop, not filter(): each level of a chain of dependentSchemas $refs recurses through here, and two
    // frames fewer a level keep it well inside the stack below MAX_SCHEMA_DEPTH.
    const kept: [string, unknown][] = [];
    for (const [name, v] of Object.entries(s.dependentSchemas)) if (!acceptsAll(doc, v, childPointer(pointer, 'dependentSchemas', name))) kept.push([name, v]);
    if (kept.length !== Object.keys(s.dependentSchemas).length) {
      if (kept.length) s.dependentSchemas = Object.fromEntries(kept);
      else delete s.dependentSchemas;
    }
  }
  // contains: minContains 0 makes it no constraint; a lone maxContains/minContains means nothing.
  if (!('contains' in s)) {
    delete s.minContains;
    delete s.maxContains;
  } else if (s.minContains === 0 && !('maxContains' in s)) {
    delete s.contains;
    delete s.minContains;
  } else if (s.minContains === 1) delete s.minContains;
  // A property no value may take, in an object that rejects unknown properties anyway, says nothing more.
  if (s.additionalProperties === false && isPlainObject(s.properties) && !isPlainObject(s.patternProperties)) {
    const props = s.properties;
    const required = new Set(Array.isArray(s.required) ? s.required : []);
    const kept = Object.entries(props).filter(([name, v]) => v !== false || required.has(name));
    if (kept.length !== Object.keys(props).length) s.properties = Object.fromEntries(kept);
    if (Object.keys(s.properties as PlainObject).length === 0) delete s.properties;
  }
  // maxProperties 0 is "no properties at all", the same as additionalProperties false with nothing named.
  if (s.maxProperties === 0 && !(Array.isArray(s.required) && s.required.length)) {
    delete s.maxProperties;
    delete s.properties;
    delete s.patternProperties;
    delete s.minProperties;
    s.additionalProperties = false;
  }
  // Likewise "no items at all": items false with no tuple is maxItems 0.
  const tuple = Array.isArray(s.prefixItems) ? s.prefixItems : Array.isArray(s.items) ? s.items : undefined;
  const rest = Array.isArray(s.items) ? s.additionalItems : s.items;
  if (rest === false && !tuple) {
    delete s.items;
    s.maxItems = 0;
  }
  if (s.maxItems === 0) {
    delete s.items;
    delete s.prefixItems;
    delete s.additionalItems;
    delete s.uniqueItems;
    delete s.unevaluatedItems;
  }
  if (typeof s.maxItems === 'number' && s.maxItems <= 1) delete s.uniqueItems;
}

// --- satisfiability ---------------------------------------------------------------------------------------

/**
 * The types a value of this schema can still have once each type's own keywords are checked for
 * contradictions (`minLength` over `maxLength` leaves no string, an integer range with no integer in it, a
 * required property that may not be present). null: any type, nothing ruled out.
 */
function satisfiableTypes(doc: SchemaDoc, s: PlainObject, pointer: string): TypeSet {
  const declared = effectiveTypes(s);
  if (declared !== null && declared.size === 0) return new Set();
  const out = new Set<string>();
  let ruledOut = declared !== null;
  for (const t of ['array', 'boolean', 'null', 'object', 'string', 'number'] as const) {
    // integer is part of number: a schema of numbers keeps them if any number is possible, of integers if an integer is.
    const type = t === 'number' && !typeSetContains(declared, 'number') ? 'integer' : t;
    if (!typeSetContains(declared, type)) continue;
    if (possible(doc, s, type, pointer)) out.add(type);
    else ruledOut = true;
  }
  return ruledOut ? out : null;
}

function possible(doc: SchemaDoc, s: PlainObject, type: string, pointer: string): boolean {
  const num = (k: string) => (typeof s[k] === 'number' ? (s[k] as number) : undefined);
  switch (type) {
    case 'string': {
      const lo = num('minLength') ?? 0;
      const hi = num('maxLength');
      return hi === undefined || lo <= hi;
    }
    case 'number':
    case 'integer': {
      let lo = -Infinity;
      let loX = false;
      let hi = Infinity;
      let hiX = false;
      const min = num('minimum');
      const max = num('maximum');
      const xmin = num('exclusiveMinimum');
      const xmax = num('exclusiveMaximum');
      if (min !== undefined) [lo, loX] = [min, s.exclusiveMinimum === true];
      if (xmin !== undefined && (xmin > lo || (xmin === lo && !loX))) [lo, loX] = [xmin, true];
      if (max !== undefined) [hi, hiX] = [max, s.exclusiveMaximum === true];
      if (xmax !== undefined && (xmax < hi || (xmax === hi && !hiX))) [hi, hiX] = [xmax, true];
      // `maximum: -1e400` parses to -Infinity: no number is at most that.
      if (lo === Infinity || hi === -Infinity) return false;
      if (lo > hi || (lo === hi && (loX || hiX))) return false;
      const step = num('multipleOf');
      if (type === 'integer' || (step !== undefined && Number.isFinite(lo) && Number.isFinite(hi))) {
        const unit = type === 'integer' ? (step !== undefined && Number.isInteger(step) ? step : 1) : step!;
        if (type === 'integer' && step !== undefined && !Number.isInteger(step)) return true;
        if (!Number.isFinite(lo) || !Number.isFinite(hi)) return true;
        let first = Math.ceil(lo / unit) * unit;
        if (loX && first === lo) first += unit;
        return first < hi || (first === hi && !hiX);
      }
      return true;
    }
    case 'array': {
      const lo = num('minItems') ?? 0;
      const hi = num('maxItems');
      if (hi !== undefined && lo > hi) return false;
      const tuple = Array.isArray(s.prefixItems) ? s.prefixItems : Array.isArray(s.items) ? s.items : [];
      for (let i = 0; i < Math.min(lo, tuple.length); i++) if (resolveNode(doc, tuple[i], childPointer(pointer, Array.isArray(s.prefixItems) ? 'prefixItems' : 'items', i)).kind === 'false') return false;
      if (lo > tuple.length && !Array.isArray(s.items) && 'items' in s && resolveNode(doc, s.items, childPointer(pointer, 'items')).kind === 'false') return false;
      if ('contains' in s) {
        const minC = num('minContains') ?? 1;
        const maxC = num('maxContains');
        if (maxC !== undefined && minC > maxC) return false;
        if (hi !== undefined && minC > hi) return false;
        if (minC > 0 && resolveNode(doc, s.contains, childPointer(pointer, 'contains')).kind === 'false') return false;
      }
      return true;
    }
    case 'object': {
      const lo = num('minProperties') ?? 0;
      const hi = num('maxProperties');
      if (hi !== undefined && lo > hi) return false;
      const required = [...new Set(Array.isArray(s.required) ? s.required.filter((r): r is string => typeof r === 'string') : [])];
      if (hi !== undefined && required.length > hi) return false;
      const props = isPlainObject(s.properties) ? s.properties : {};
      const patterns = isPlainObject(s.patternProperties) ? Object.keys(s.patternProperties) : [];
      const closed = 'additionalProperties' in s && resolveNode(doc, s.additionalProperties, childPointer(pointer, 'additionalProperties')).kind === 'false';
      for (const name of required) {
        if (Object.prototype.hasOwnProperty.call(props, name)) {
          if (resolveNode(doc, props[name], doc.ctx.originOf(doc.root, props[name]) ?? childPointer(pointer, 'properties', name)).kind === 'false') return false;
        } else if (closed && !patterns.some((p) => matches(p, name))) return false;
      }
      if (closed && patterns.length === 0) {
        const allowed = Object.values(props).filter((v) => v !== false).length;
        if (lo > allowed) return false;
      }
      return true;
    }
    default:
      return true;
  }
}

/** Whether a property name matches a patternProperties regex (ECMA-262 with the `u` flag, as JSON Schema says). */
export function matches(pattern: string, name: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(name);
  } catch {
    return false;
  }
}
