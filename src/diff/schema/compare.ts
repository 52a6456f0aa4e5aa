// Direction-aware comparison of two JSON Schemas (a tool's input or output schema in base and head).
// It walks both schemas in step and reports each change by its effect on valid values; the catalogue turns
// effect x direction into severity. Recursion follows properties, items, combinators and local `$ref`s, and
// stops on a pair of schemas it is already comparing, so recursive schemas terminate.

import type { Finding, Subject } from '../types.js';
import { childPointer, escapePointerToken, makeFinding } from '../finding.js';
import { ruleById, type SchemaArea } from '../rules.js';
import { restrictsValues, valueChanges } from './values.js';
import { JSON_TYPES, admits, allowedValues, boundTighter, effectiveTypes, isMultiple, lowerBound, showBound, showTypes, typeSetContains, typeSubset, upperBound, type Bound, type TypeSet } from './facets.js';
import { jsonEqual } from '../../json.js';
import { ASSERTION_KEYWORDS, MAX_NESTING, OPAQUE_KEYWORDS, containsRef, isPlainObject, nestsDeeperThan, show, type PlainObject } from './keywords.js';
import { nodeKey, semanticKey } from './equivalence.js';
import { disjoint, matches, pairwiseDisjoint } from './normalise.js';
import { refTarget, resolveNode, type SchemaDoc, type SchemaNode } from './resolve.js';

export interface SchemaComparison {
  area: SchemaArea;
  subject: Subject;
  /** How messages name the subject, e.g. `tool "get_weather"`. */
  label: string;
  /** `inputSchema` or `outputSchema`: the start of every finding's location. */
  location: string;
  base: SchemaDoc;
  head: SchemaDoc;
}

/**
 * A schema finding and where it is in the schema, instance-structured (`inputSchema/properties/city`,
 * `.../items`, `.../additionalProperties`): the same string the fingerprint is made from, so a caller can build
 * a witness for the finding from the two schema documents.
 */
export interface LocatedFinding {
  finding: Finding;
  location: string;
}

/** All findings between two schemas of one tool, in walk order (the caller sorts). */
export function compareSchemas(comparison: SchemaComparison): LocatedFinding[] {
  const { base, head } = comparison;
  if (jsonEqual(base.root, head.root)) return [];
  if (nestsDeeperThan(base.root) || nestsDeeperThan(head.root)) {
    const finding = makeFinding({
      rule: `${comparison.area}-constraint-changed`,
      subject: comparison.subject,
      pointer: { before: base.pointer, after: head.pointer },
      location: comparison.location,
      message: `${comparison.label} ${comparison.area}: a schema nested deeper than ${MAX_NESTING} levels changed; it is compared by value only`,
    });
    return [{ finding, location: comparison.location }];
  }
  const walker = new SchemaWalker(comparison);
  walker.compare(resolveNode(base, base.root, base.pointer), resolveNode(head, head.root, head.pointer), []);
  return walker.findings;
}

type Path = readonly string[];
type SchemaOnly = Extract<SchemaNode, { kind: 'schema' }>;


/** Probes inside probes (one per nested pair of schemas compared for effect only): a stack bound, far above real schemas. */
const MAX_PROBE_DEPTH = 96;

interface ProbeState {
  depth: number;
  /** Pairs being probed right now: met again (a recursive schema), they are assumed to change nothing. */
  active: Map<object, Set<object>>;
  /** How often that assumption was made: a result that relied on it is not memoised. */
  assumptions: number;
}

class SchemaWalker {
  findings: LocatedFinding[] = [];
  private readonly visited = new Map<object, Set<object>>();
  /** Effects of nested pairs a probe walker took from their own (memoised) probes. */
  private readonly nested = { narrows: false, widens: false };
  private entered = false;

  constructor(
    private readonly c: SchemaComparison,
    /** Shared by the walker and its probe walkers. */
    private readonly state: ProbeState = { depth: 0, active: new Map(), assumptions: 0 },
    /** A probe walker only learns effects; each nested pair it meets is a probe of its own, memoised by pair. */
    private readonly probing = false,
  ) {}

  compare(b: SchemaNode, a: SchemaNode, path: Path): void {
    this.c.base.ctx.spend();
    // A union folded into a type list on one side meets a union kept as written on the other (because of a
    // sibling keyword): compare both as written.
    if (b.kind === 'schema' && a.kind === 'schema') {
      if (unionOf(a.schema) && !unionOf(b.schema) && unionOf(b.raw)) b = { ...b, schema: b.raw };
      else if (unionOf(b.schema) && !unionOf(a.schema) && unionOf(a.raw)) a = { ...a, schema: a.raw };
    }
    if (b.kind === 'unresolved' || a.kind === 'unresolved') {
      if (b.kind === 'unresolved' && a.kind === 'unresolved' && b.ref === a.ref) return;
      this.unresolvable(b, a, path);
      return;
    }
    if (b.kind === 'false' || a.kind === 'false') {
      if (b.kind === a.kind) return;
      const closing = a.kind === 'false';
      const before = b.kind === 'false' ? false : b.schema;
      const after = a.kind === 'false' ? false : a.schema;
      if (path[path.length - 1] === 'additionalProperties') {
        // Said of the object: "unknown properties", not of a place called "*".
        const detail = closing ? 'unknown properties are now rejected (additionalProperties: false)' : 'unknown properties are now accepted (additionalProperties was false)';
        this.emit(closing ? 'additional-properties-closed' : 'additional-properties-opened', path, b.pointer, a.pointer, before, after, detail, '', path.slice(0, -1));
      } else {
        this.emit(closing ? 'schema-closed' : 'schema-opened', path, b.pointer, a.pointer, before, after, closing ? 'no value is accepted here any more (false schema)' : 'values are accepted here now (was a false schema)');
      }
      return;
    }
    const bs = b.schema;
    const as = a.schema;
    if (bs === as) return;
    if (jsonEqual(bs, as) && !containsRef(bs)) return;
    let seen = this.visited.get(bs);
    if (seen?.has(as)) return;
    if (!seen) this.visited.set(bs, (seen = new Set()));
    seen.add(as);
    if (this.probing && this.entered) {
      const r = this.probe(b, a, path);
      this.nested.narrows ||= r.narrows;
      this.nested.widens ||= r.widens;
      this.findings.push(...r.unresolvable);
      return;
    }
    this.entered = true;

    this.annotations(b, a, path);
    if (this.unions(b, a, path)) return;
    this.typesAndValues(b, a, path);
    const bt = this.typesOf(this.c.base, b);
    const at = this.typesOf(this.c.head, a);
    if (admits(bt, 'string') && admits(at, 'string')) this.strings(b, a, path);
    if (admits(bt, 'number') && admits(at, 'number')) this.numbers(b, a, bt, at, path);
    if (admits(bt, 'object') && admits(at, 'object')) this.objects(b, a, path);
    if (admits(bt, 'array') && admits(at, 'array')) this.arrays(b, a, path);
    this.allOf(b, a, path);
    this.not(b, a, path);
    this.applicators(b, a, path);
    this.opaque(b, a, path);
  }

  /**
   * The types an instance can have, counting a union's options: keywords beside an anyOf only matter for the
   * types its options admit (`items` next to an anyOf of strings and objects constrains nothing).
   */
  private typesOf(doc: SchemaDoc, node: SchemaOnly, depth = 0): TypeSet {
    const memo = doc.ctx.typeSetsOf(doc.root);
    if (memo.has(node.schema)) return memo.get(node.schema)!;
    const types = this.typesOfUncached(doc, node, depth);
    memo.set(node.schema, types);
    return types;
  }

  private typesOfUncached(doc: SchemaDoc, node: SchemaOnly, depth: number): TypeSet {
    let own = effectiveTypes(node.schema);
    // An allOf member that stayed as written (it did not merge) still limits the types.
    if (Array.isArray(node.schema.allOf) && depth <= 8) {
      for (const [i, member] of node.schema.allOf.entries()) {
        const resolved = this.child(doc, node, member, 'allOf', i);
        if (resolved.kind !== 'schema') continue;
        const t = this.typesOf(doc, resolved, depth + 1);
        if (t !== null) own = new Set([...JSON_TYPES].filter((x) => typeSetContains(own, x) && typeSetContains(t, x)));
      }
    }
    const union = unionOf(node.schema);
    if (!union || depth > 8) return own;
    let optionTypes: Set<string> | null = new Set();
    for (const [i, option] of union.options.entries()) {
      const resolved = this.child(doc, node, option, union.keyword, i);
      if (resolved.kind === 'false') continue;
      const t = resolved.kind === 'schema' ? this.typesOf(doc, resolved, depth + 1) : null;
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

  // --- findings -------------------------------------------------------------------------------------------

  private emit(family: string, path: Path, before: string | undefined, after: string | undefined, beforeValue: unknown, afterValue: unknown, detail: string, locationSuffix = '', shownPath: Path = path): void {
    const rule = `${this.c.area}-${family}`;
    if (this.probing) {
      // A probe only learns the effect; no message, pointer or fingerprint is made for it.
      const effect = ruleById(rule)?.effect;
      if (effect === 'narrows' || effect === 'incomparable') this.nested.narrows = true;
      if (effect === 'widens' || effect === 'incomparable') this.nested.widens = true;
      return;
    }
    const where = humanPath(shownPath);
    // What this means for callers follows the final severity (after the policy): reports add it when rendering.
    const location = this.location(path) + locationSuffix;
    const finding = makeFinding({
      rule,
      subject: this.c.subject,
      pointer: { before: this.existing(this.c.base, before), after: this.existing(this.c.head, after) },
      location,
      before: beforeValue,
      after: afterValue,
      message: `${this.c.label} ${this.c.area}${where ? ` "${where}"` : ''}: ${detail}`,
    });
    this.findings.push({ finding, location });
  }

  /**
   * A pointer that resolves in the snapshot: a derived schema (allOf members merged, a `$ref` merged with its
   * siblings) can name a place only its parts have; then the nearest enclosing place that exists.
   */
  private existing(doc: SchemaDoc, pointer: string | undefined): string | undefined {
    if (pointer === undefined || !pointer.startsWith(doc.pointer)) return pointer;
    let p = pointer;
    while (p.length > doc.pointer.length && !pointsInto(doc, p)) p = p.slice(0, p.lastIndexOf('/'));
    return p.length < doc.pointer.length ? doc.pointer : p;
  }

  private location(path: Path): string {
    return [this.c.location, ...path.map(escapePointerToken)].join('/');
  }

  private unresolvable(b: SchemaNode, a: SchemaNode, path: Path): void {
    const side = a.kind === 'unresolved' ? a : (b as Extract<SchemaNode, { kind: 'unresolved' }>);
    const where = humanPath(path);
    const location = `${this.location(path)}/$ref`;
    const finding = makeFinding({
      rule: 'schema-ref-unresolvable',
      subject: this.c.subject,
      pointer: { before: b.kind === 'unresolved' ? this.existing(this.c.base, b.pointer) : undefined, after: a.kind === 'unresolved' ? this.existing(this.c.head, a.pointer) : undefined },
      location,
      before: b.kind === 'unresolved' ? b.ref : undefined,
      after: a.kind === 'unresolved' ? a.ref : undefined,
      message: `${this.c.label} ${this.c.area}${where ? ` "${where}"` : ''}: $ref ${show(side.ref)} cannot be resolved (only local references are followed, nothing is fetched); this part was compared by its reference text only`,
    });
    this.findings.push({ finding, location });
  }

  /** The subschema at `tokens`; an absent one (an implicit `true`) points at its parent, which exists. */
  private child(doc: SchemaDoc, node: SchemaOnly, value: unknown, ...tokens: (string | number)[]): SchemaNode {
    if (value === undefined) return resolveNode(doc, value, node.pointer);
    // A subschema a normalised schema took from one of its parts knows where it really is.
    const origin = doc.ctx.originOf(doc.root, value);
    return resolveNode(doc, value, origin ?? childPointer(holderPointer(doc, node, String(tokens[0])) ?? node.pointer, ...tokens));
  }

  // --- documentation and behaviour ------------------------------------------------------------------------

  private annotations(b: SchemaOnly, a: SchemaOnly, path: Path): void {
    const bs = b.schema;
    const as = a.schema;
    if (typeof bs.description === 'string' && typeof as.description === 'string' && bs.description !== as.description) {
      this.emit('description-changed', path, childPointer(b.pointer, 'description'), childPointer(a.pointer, 'description'), bs.description, as.description, `description changed from ${show(bs.description)} to ${show(as.description)}`);
    }
    if (this.c.area === 'input' && 'default' in bs && !jsonEqual(bs.default, as.default)) {
      const removed = !('default' in as);
      this.emit(
        'default-changed',
        path,
        childPointer(b.pointer, 'default'),
        removed ? undefined : childPointer(a.pointer, 'default'),
        bs.default,
        as.default,
        removed
          ? `default ${show(bs.default)} removed; callers that omit it no longer get that value`
          : `default changed from ${show(bs.default)} to ${show(as.default)}; callers that omit it get different behaviour`,
      );
    }
  }

  // --- type, enum, const ----------------------------------------------------------------------------------

  private typesAndValues(b: SchemaOnly, a: SchemaOnly, path: Path): void {
    const bs = b.schema;
    const as = a.schema;
    const bv = restrictsValues(bs);
    const av = restrictsValues(as);
    const isConst = (s: PlainObject) => 'const' in s && !Array.isArray(s.enum);
    const changes = valueChanges(bs, as);
    if (changes) {
      const { removed, added } = changes;
      if (isConst(bs) && isConst(as)) {
        if (removed.length || added.length) {
          this.emit('const-changed', path, childPointer(b.pointer, 'const'), childPointer(a.pointer, 'const'), bs.const, as.const, `const changed from ${show(bs.const)} to ${show(as.const)}`);
        }
        return;
      }
      for (const [k, v] of removed) {
        this.emit('enum-value-removed', path, valuePointer(b, bs), undefined, v, undefined, `value ${show(v)} is no longer allowed`, `/enum/${k}`);
      }
      for (const [k, v] of added) {
        this.emit('enum-value-added', path, undefined, valuePointer(a, as), undefined, v, `value ${show(v)} is now allowed`, `/enum/${k}`);
      }
      return;
    }
    if (!bv && av) {
      const family = isConst(as) ? 'const-added' : 'enum-added';
      const value = isConst(as) ? as.const : [...allowedValues(as)!.values()];
      this.emit(family, path, undefined, valuePointer(a, as), undefined, value, `now restricted to ${isConst(as) ? '' : 'one of '}${show(value)}`);
    } else if (bv && !av) {
      const family = isConst(bs) ? 'const-removed' : 'enum-removed';
      const value = isConst(bs) ? bs.const : [...allowedValues(bs)!.values()];
      this.emit(family, path, valuePointer(b, bs), undefined, value, undefined, `no longer restricted to ${isConst(bs) ? '' : 'one of '}${show(value)}`);
    }
    const bt = effectiveTypes(bs);
    const at = effectiveTypes(as);
    const narrower = typeSubset(at, bt);
    const wider = typeSubset(bt, at);
    if (narrower && wider) return;
    const detail = `type ${showTypes(bt)} became ${showTypes(at)}`;
    const pb = keywordPointer(b, 'type');
    const pa = keywordPointer(a, 'type');
    // A new enum narrows the type by itself and a dropped one widens it: the enum finding already says so.
    if (narrower) {
      if (!av) this.emit('type-narrowed', path, pb, pa, bs.type, as.type, detail);
    } else if (wider) {
      if (!bv) this.emit('type-widened', path, pb, pa, bs.type, as.type, detail);
    } else {
      this.emit('type-changed', path, pb, pa, bs.type, as.type, detail);
    }
  }

  // --- strings and numbers --------------------------------------------------------------------------------

  private strings(b: SchemaOnly, a: SchemaOnly, path: Path): void {
    const bs = b.schema;
    const as = a.schema;
    this.minimumCount('min-length', 'minLength', b, a, path);
    this.maximumCount('max-length', 'maxLength', b, a, path);
    this.textKeyword('pattern', bs.pattern, as.pattern, b, a, path);
    this.textKeyword('format', bs.format, as.format, b, a, path);
  }

  private textKeyword(keyword: 'pattern' | 'format', before: unknown, after: unknown, b: SchemaOnly, a: SchemaOnly, path: Path): void {
    const bv = typeof before === 'string' ? before : undefined;
    const av = typeof after === 'string' ? after : undefined;
    if (bv === av) return;
    const pb = bv === undefined ? undefined : keywordPointer(b, keyword);
    const pa = av === undefined ? undefined : keywordPointer(a, keyword);
    if (bv === undefined) this.emit(`${keyword}-added`, path, pb, pa, bv, av, `${keyword} ${show(av)} added`);
    else if (av === undefined) this.emit(`${keyword}-removed`, path, pb, pa, bv, av, `${keyword} ${show(bv)} removed`);
    else this.emit(`${keyword}-changed`, path, pb, pa, bv, av, `${keyword} changed from ${show(bv)} to ${show(av)}`);
  }

  private numbers(b: SchemaOnly, a: SchemaOnly, bt: TypeSet, at: TypeSet, path: Path): void {
    const integerOnly = (t: TypeSet) => t !== null && t.size > 0 && typeSubset(t, new Set(['integer']));
    this.bound('minimum', 1, lowerBound(b.schema, integerOnly(bt)), lowerBound(a.schema, integerOnly(at)), b, a, path);
    this.bound('maximum', -1, upperBound(b.schema, integerOnly(bt)), upperBound(a.schema, integerOnly(at)), b, a, path);
    const bm = positive(b.schema.multipleOf);
    const am = positive(a.schema.multipleOf);
    if (bm === am) return;
    const pb = bm === undefined ? undefined : keywordPointer(b, 'multipleOf');
    const pa = am === undefined ? undefined : keywordPointer(a, 'multipleOf');
    const detail = `multipleOf ${bm ?? 'none'} became ${am ?? 'none'}`;
    if (bm === undefined || (am !== undefined && isMultiple(am, bm))) this.emit('multiple-of-tightened', path, pb, pa, bm, am, detail);
    else if (am === undefined || isMultiple(bm, am)) this.emit('multiple-of-loosened', path, pb, pa, bm, am, detail);
    else this.emit('multiple-of-changed', path, pb, pa, bm, am, detail);
  }

  private bound(family: 'minimum' | 'maximum', sign: 1 | -1, bb: Bound | null, ab: Bound | null, b: SchemaOnly, a: SchemaOnly, path: Path): void {
    const same = (bb === null && ab === null) || (bb !== null && ab !== null && bb.value === ab.value && bb.exclusive === ab.exclusive);
    if (same) return;
    const tightened = ab !== null && (bb === null || boundTighter(ab, bb, sign));
    const exclusive = family === 'minimum' ? 'exclusiveMinimum' : 'exclusiveMaximum';
    const detail = `${family} ${showBound(bb, sign)} became ${showBound(ab, sign)}`;
    const at = (node: SchemaOnly) => (typeof node.schema[exclusive] === 'number' ? keywordPointer(node, exclusive) : keywordPointer(node, family));
    const pb = bb === null ? undefined : at(b);
    const pa = ab === null ? undefined : at(a);
    // The values shown are the schema's own bound keywords, as written (draft-04 or draft-06+ form).
    const written = (node: SchemaOnly) => {
      const keys = [family, exclusive].filter((k) => k in node.schema);
      return keys.length ? Object.fromEntries(keys.map((k) => [k, node.schema[k]])) : undefined;
    };
    this.emit(`${family}-${tightened ? 'tightened' : 'loosened'}`, path, pb, pa, written(b), written(a), detail);
  }

  /** A lower count bound (minLength, minItems, minProperties): absent is 0. */
  private minimumCount(family: string, keyword: string, b: SchemaOnly, a: SchemaOnly, path: Path): void {
    const bv = count(b.schema[keyword]) ?? 0;
    const av = count(a.schema[keyword]) ?? 0;
    if (bv === av) return;
    this.emit(`${family}-${av > bv ? 'tightened' : 'loosened'}`, path, keywordPointer(b, keyword), keywordPointer(a, keyword), bv, av, `${keyword} ${bv} became ${av}`);
  }

  /** An upper count bound (maxLength, maxItems, maxProperties): absent is unbounded. */
  private maximumCount(family: string, keyword: string, b: SchemaOnly, a: SchemaOnly, path: Path): void {
    const bv = count(b.schema[keyword]);
    const av = count(a.schema[keyword]);
    if (bv === av) return;
    const tightened = av !== undefined && (bv === undefined || av < bv);
    this.emit(`${family}-${tightened ? 'tightened' : 'loosened'}`, path, bv === undefined ? undefined : keywordPointer(b, keyword), av === undefined ? undefined : keywordPointer(a, keyword), bv, av, `${keyword} ${bv ?? 'unbounded'} became ${av ?? 'unbounded'}`);
  }

  // --- objects --------------------------------------------------------------------------------------------

  private objects(b: SchemaOnly, a: SchemaOnly, path: Path): void {
    const { base, head } = this.c;
    const bs = b.schema;
    const as = a.schema;
    const bProps = isPlainObject(bs.properties) ? bs.properties : {};
    const aProps = isPlainObject(as.properties) ? as.properties : {};
    const bRest = this.child(base, b, bs.additionalProperties, 'additionalProperties');
    const aRest = this.child(head, a, as.additionalProperties, 'additionalProperties');
    const names = [...new Set([...Object.keys(bProps), ...Object.keys(aProps)])].sort();
    const bRequired = stringSet(bs.required);
    const newlyRequired = new Set([...stringSet(as.required)].filter((name) => !bRequired.has(name)));
    for (const name of names) {
      const inB = Object.prototype.hasOwnProperty.call(bProps, name);
      const inA = Object.prototype.hasOwnProperty.call(aProps, name);
      const here = [...path, 'properties', name];
      if (inB && inA) {
        this.compare(this.child(base, b, bProps[name], 'properties', name), this.child(head, a, aProps[name], 'properties', name), here);
      } else if (inB) {
        const prop = this.child(base, b, bProps[name], 'properties', name);
        // What now judges the property: a patternProperties schema whose pattern matches its name, else additionalProperties.
        const pattern = this.patternFor(head, a, name);
        if (pattern) this.compare(prop, pattern, here);
        else this.propertyGone(prop, aRest, here, bProps[name]);
      } else {
        const prop = this.child(head, a, aProps[name], 'properties', name);
        const pattern = this.patternFor(base, b, name);
        if (pattern) this.compare(pattern, prop, here);
        else this.propertyNew(bRest, prop, here, aProps[name], newlyRequired.has(name));
      }
    }
    this.required(b, a, aProps, path);
    this.patternProperties(b, a, bRest, aRest, path);
    this.compare(bRest, aRest, [...path, 'additionalProperties']);
    this.minimumCount('min-properties', 'minProperties', b, a, path);
    this.maximumCount('max-properties', 'maxProperties', b, a, path);
  }

  /** The patternProperties schema that applies to a property name, if one does. */
  private patternFor(doc: SchemaDoc, node: SchemaOnly, name: string): SchemaNode | undefined {
    const patterns = isPlainObject(node.schema.patternProperties) ? node.schema.patternProperties : undefined;
    if (!patterns) return undefined;
    const matching = Object.keys(patterns).find((p) => matches(p, name));
    return matching === undefined ? undefined : this.child(doc, node, patterns[matching], 'patternProperties', matching);
  }

  /** A property described before and not now: what governs it now is the object's additionalProperties. */
  private propertyGone(prop: SchemaNode, rest: SchemaNode, here: Path, value: unknown): void {
    // A property that could not be present (false) and now may be: judged as the schema it now meets.
    if (prop.kind === 'false') {
      this.compare(prop, rest, here);
      return;
    }
    if (isOpen(rest)) {
      this.emit('property-removed-open', here, prop.pointer, undefined, value, undefined, this.c.area === 'input' ? 'property removed; a caller still sending it is silently ignored' : 'property removed; clients reading it may no longer get it');
    } else if (rest.kind === 'false') {
      this.emit('property-removed-closed', here, prop.pointer, undefined, value, undefined, 'property removed from an object that rejects unknown properties');
    } else {
      this.compare(prop, rest, here);
    }
  }

  /**
   * A property described now and not before: before, the object's additionalProperties governed it. In an open
   * object a new property that is also newly required is said once, by the required-property finding.
   */
  private propertyNew(rest: SchemaNode, prop: SchemaNode, here: Path, value: unknown, nowRequired: boolean): void {
    if (prop.kind === 'false') {
      this.compare(rest, prop, here);
      return;
    }
    if (isOpen(rest)) {
      if (!nowRequired) this.emit('property-added', here, undefined, prop.pointer, undefined, value, 'property added');
    } else if (rest.kind === 'false') {
      this.emit('property-added-closed', here, undefined, prop.pointer, undefined, value, 'property added to an object that rejected unknown properties');
    } else {
      this.compare(rest, prop, here);
    }
  }

  private required(b: SchemaOnly, a: SchemaOnly, aProps: PlainObject, path: Path): void {
    const bReq = stringSet(b.schema.required);
    const aReq = stringSet(a.schema.required);
    for (const name of [...aReq].sort()) {
      if (bReq.has(name)) continue;
      const prop = Object.prototype.hasOwnProperty.call(aProps, name) ? this.child(this.c.head, a, aProps[name], 'properties', name) : undefined;
      const defaulted = this.c.area === 'input' && prop?.kind === 'schema' && 'default' in prop.schema;
      this.emit(
        defaulted ? 'required-defaulted-property-added' : 'required-property-added',
        [...path, 'properties', name],
        undefined,
        keywordIn(this.c.head, a, 'required'),
        undefined,
        name,
        defaulted
          ? `now required but has a default (${show((prop as SchemaOnly).schema.default)}), so the server fills it in when omitted`
          : 'now required',
        '/required',
      );
    }
    for (const name of [...bReq].sort()) {
      if (aReq.has(name)) continue;
      this.emit('required-property-removed', [...path, 'properties', name], keywordIn(this.c.base, b, 'required'), undefined, name, undefined, 'no longer required', '/required');
    }
  }

  private patternProperties(b: SchemaOnly, a: SchemaOnly, bRest: SchemaNode, aRest: SchemaNode, path: Path): void {
    const bp = isPlainObject(b.schema.patternProperties) ? b.schema.patternProperties : {};
    const ap = isPlainObject(a.schema.patternProperties) ? a.schema.patternProperties : {};
    const patterns = [...new Set([...Object.keys(bp), ...Object.keys(ap)])].sort();
    for (const pattern of patterns) {
      const here = [...path, 'patternProperties', pattern];
      if (pattern in bp && pattern in ap) {
        this.compare(this.child(this.c.base, b, bp[pattern], 'patternProperties', pattern), this.child(this.c.head, a, ap[pattern], 'patternProperties', pattern), here);
      } else if (pattern in bp) {
        // A pattern judges a family of names, not one a client chose to send: compared as schemas in an open object too.
        const node = this.child(this.c.base, b, bp[pattern], 'patternProperties', pattern);
        if (aRest.kind === 'false') this.propertyGone(node, aRest, here, bp[pattern]);
        else this.compare(node, aRest, here);
      } else {
        const node = this.child(this.c.head, a, ap[pattern], 'patternProperties', pattern);
        if (bRest.kind === 'false') this.propertyNew(bRest, node, here, ap[pattern], false);
        else this.compare(bRest, node, here);
      }
    }
  }

  // --- arrays ---------------------------------------------------------------------------------------------

  private arrays(b: SchemaOnly, a: SchemaOnly, path: Path): void {
    const bShape = arrayShape(b.schema);
    const aShape = arrayShape(a.schema);
    const bRest = this.child(this.c.base, b, bShape.rest, bShape.restKey);
    const aRest = this.child(this.c.head, a, aShape.rest, aShape.restKey);
    const positions = Math.max(bShape.prefix.length, aShape.prefix.length);
    for (let i = 0; i < positions; i++) {
      const bi = i < bShape.prefix.length ? this.child(this.c.base, b, bShape.prefix[i], bShape.prefixKey, i) : bRest;
      const ai = i < aShape.prefix.length ? this.child(this.c.head, a, aShape.prefix[i], aShape.prefixKey, i) : aRest;
      this.compare(bi, ai, [...path, 'prefixItems', String(i)]);
    }
    this.compare(bRest, aRest, [...path, 'items']);
    this.minimumCount('min-items', 'minItems', b, a, path);
    this.maximumCount('max-items', 'maxItems', b, a, path);
    const bu = b.schema.uniqueItems === true;
    const au = a.schema.uniqueItems === true;
    if (bu !== au) {
      this.emit(au ? 'unique-items-added' : 'unique-items-removed', path, keywordPointer(b, 'uniqueItems'), keywordPointer(a, 'uniqueItems'), bu, au, au ? 'items must now be unique' : 'items may now repeat');
    }
  }

  // --- combinators ----------------------------------------------------------------------------------------

  /** Returns true when one side was a bare union compared against the other as a whole (nothing else left). */
  private unions(b: SchemaOnly, a: SchemaOnly, path: Path): boolean {
    const bu = unionOf(b.schema);
    const au = unionOf(a.schema);
    if (!bu && !au) return false;
    const options = (side: SchemaOnly, doc: SchemaDoc, u: Union) => this.flatten(doc, u.keyword, u.options.map((o, i) => this.child(doc, side, o, u.keyword, i)));
    if (bu && au) {
      this.matchUnion(options(b, this.c.base, bu), options(a, this.c.head, au), bu.keyword, au.keyword, path, false);
      return false;
    }
    if (au) {
      // `{type: "string"}` -> `{anyOf: [{type: "string"}, {type: "number"}]}` is an option added, not a new constraint.
      if (onlyKeyword(a.schema, au.keyword)) {
        this.matchUnion([b], options(a, this.c.head, au), au.keyword, au.keyword, path, true);
        return true;
      }
      // Beside other keywords the union is one more condition: it narrows unless every old value meets an option.
      const opts = options(a, this.c.head, au);
      if (!byType(b).every((part) => opts.some((x) => !this.probe(part, x, [], true).narrows))) {
        this.emit(au.keyword === 'oneOf' ? 'one-of-added' : 'any-of-added', path, undefined, childPointer(a.pointer, au.keyword), undefined, a.schema[au.keyword], `${au.keyword} added`, `/${au.keyword}`);
      } else if (au.keyword === 'oneOf') this.exclusive([b], opts, 'none', [], path);
      return false;
    }
    if (bu && onlyKeyword(b.schema, bu.keyword)) {
      this.matchUnion(options(b, this.c.base, bu), [a], bu.keyword, bu.keyword, path, false);
      return true;
    }
    if (bu) {
      // Dropping a condition widens unless every new value met an option anyway.
      const opts = options(b, this.c.base, bu);
      if (!byType(a).every((part) => opts.some((x) => !this.probe(x, part, [], true).widens))) {
        this.emit(bu.keyword === 'oneOf' ? 'one-of-removed' : 'any-of-removed', path, childPointer(b.pointer, bu.keyword), undefined, b.schema[bu.keyword], undefined, `${bu.keyword} removed`, `/${bu.keyword}`);
      }
    }
    return false;
  }

  /** An anyOf option that is itself a bare anyOf contributes its options (`A | (B | C)` is `A | B | C`). */
  private flatten(doc: SchemaDoc, keyword: string, options: SchemaNode[], depth = 0): SchemaNode[] {
    if (keyword !== 'anyOf' || depth > 8) return options;
    const flat = options.flatMap((o) => {
      const inner = o.kind === 'schema' ? unionOf(o.schema) : undefined;
      if (o.kind !== 'schema' || inner?.keyword !== 'anyOf' || !onlyKeyword(o.schema, 'anyOf')) return [o];
      return this.flatten(doc, keyword, inner.options.map((x, i) => this.child(doc, o, x, 'anyOf', i)), depth + 1);
    });
    // A union that lists itself (`T = anyOf[X, T]`) reaches the same options again on every level: once each.
    if (depth > 0) return flat;
    const seen = new Set<string>();
    return flat.filter((o) => !seen.has(o.pointer) && seen.add(o.pointer));
  }

  /**
   * Unions are compared by the values they accept. Equivalent options pair up (order does not matter); an old
   * option that some new option accepts entirely lost nothing (an enum split into const options, options
   * merged, a permissive option added); one that none accepts is compared with the most alike new option to say
   * what narrowed, or reported removed. Likewise a new option that an old one already accepted adds nothing.
   * In a oneOf, a value that matches two options is rejected: an old value that now matches two is reported.
   */
  private matchUnion(bOpts: SchemaNode[], aOpts: SchemaNode[], bKeyword: string, aKeyword: string, path: Path, beforeWrapped: boolean): void {
    const { pairs, restB, restA } = this.matchByMeaning(bOpts, aOpts);
    const segment = (i: number, j: number): string[] => (beforeWrapped ? [aKeyword, String(j)] : [bKeyword, String(i)]);
    for (const [i, j] of pairs) this.compare(bOpts[i]!, aOpts[j]!, [...path, ...segment(i, j)]);
    const family = (k: string) => (k === 'oneOf' ? 'one-of' : 'any-of');
    const usedA = new Set(pairs.map(([, j]) => j));
    const coveredBy = (part: SchemaNode, options: SchemaNode[], old: boolean) =>
      byType(part).every((p) => options.some((x) => (old ? !this.probe(x, p, [], true).widens : !this.probe(p, x, [], true).narrows)));
    for (const i of restB) {
      const o = bOpts[i]!;
      if (coveredBy(o, aOpts, false)) continue;
      const j = this.mostAlike(o, aOpts, usedA);
      if (j >= 0) {
        usedA.add(j);
        this.compare(o, aOpts[j]!, [...path, ...segment(i, j)]);
        continue;
      }
      this.emit(`${family(bKeyword)}-option-removed`, [...path, bKeyword, String(i)], o.pointer, undefined, optionValue(o), undefined, `${bKeyword} option ${show(optionValue(o))} removed`);
    }
    for (const j of restA) {
      if (usedA.has(j)) continue;
      const o = aOpts[j]!;
      if (coveredBy(o, bOpts, true)) continue;
      this.emit(`${family(aKeyword)}-option-added`, [...path, aKeyword, String(j)], undefined, o.pointer, undefined, optionValue(o), `${aKeyword} option ${show(optionValue(o))} added`);
    }
    if (aKeyword === 'oneOf' && aOpts.length > 1) this.exclusive(bOpts, aOpts, bKeyword, pairs, path);
    // The other way: values that matched two options of the old oneOf were rejected, and an anyOf accepts them.
    if (bKeyword === 'oneOf' && aKeyword === 'anyOf' && !beforeWrapped && bOpts.length > 1 && !pairwiseDisjoint(bOpts)) {
      this.emit('one-of-exclusivity-removed', [...path, 'anyOf'], childPointer(bOpts[0]!.pointer.slice(0, bOpts[0]!.pointer.lastIndexOf('/'))), undefined, undefined, undefined, 'oneOf became anyOf: a value matching several options, rejected before, is now accepted');
    }
  }

  /**
   * A new oneOf rejects a value that matches two of its options. Each old option that may share values with
   * two new options (unless the same two overlapped in an old oneOf already) loses those values.
   */
  private exclusive(bOpts: SchemaNode[], aOpts: SchemaNode[], bKeyword: string, pairs: [number, number][], path: Path): void {
    if (pairwiseDisjoint(aOpts)) return;
    const oldIndexOf = new Map(pairs.map(([i, j]) => [j, i]));
    for (const [i, o] of bOpts.entries()) {
      const overlapping = aOpts.map((x, j) => j).filter((j) => !disjoint(o, aOpts[j]!));
      for (let x = 0; x < overlapping.length; x++) {
        for (let y = x + 1; y < overlapping.length; y++) {
          const [j, k] = [overlapping[x]!, overlapping[y]!];
          // The same two options of an old oneOf: their shared values were rejected before too.
          const oj = oldIndexOf.get(j);
          const ok = oldIndexOf.get(k);
          if (bKeyword === 'oneOf' && oj !== undefined && ok !== undefined && (oj === i || ok === i)) continue;
          this.emit(
            'one-of-options-overlap',
            [...path, 'oneOf', String(j)],
            o.pointer,
            aOpts[k]!.pointer,
            optionValue(o),
            [optionValue(aOpts[j]!), optionValue(aOpts[k]!)],
            `a value valid before can match both oneOf options ${j} and ${k}, and oneOf rejects a value that matches more than one`,
          );
          return;
        }
      }
    }
  }

  /** The unpaired new option most like `o` (same types, shared property names, the same discriminator), or -1. */
  private mostAlike(o: SchemaNode, aOpts: SchemaNode[], used: Set<number>): number {
    let best = -1;
    let bestScore = 1;
    aOpts.forEach((x, j) => {
      if (used.has(j)) return;
      const score = likeness(this.c, o, x);
      if (score > bestScore) {
        best = j;
        bestScore = score;
      }
    });
    return best;
  }

  private allOf(b: SchemaOnly, a: SchemaOnly, path: Path): void {
    const bl = Array.isArray(b.schema.allOf) ? b.schema.allOf : [];
    const al = Array.isArray(a.schema.allOf) ? a.schema.allOf : [];
    if (!bl.length && !al.length) return;
    const bOpts = bl.map((o, i) => this.child(this.c.base, b, o, 'allOf', i));
    const aOpts = al.map((o, i) => this.child(this.c.head, a, o, 'allOf', i));
    const { pairs, removed, added } = this.match(bOpts, aOpts);
    for (const [i, j] of pairs) this.compare(bOpts[i]!, aOpts[j]!, [...path, 'allOf', String(i)]);
    for (const i of removed) this.emit('all-of-schema-removed', [...path, 'allOf', String(i)], bOpts[i]!.pointer, undefined, optionValue(bOpts[i]!), undefined, `allOf no longer requires ${show(optionValue(bOpts[i]!))}`);
    for (const j of added) this.emit('all-of-schema-added', [...path, 'allOf', String(j)], undefined, aOpts[j]!.pointer, undefined, optionValue(aOpts[j]!), `allOf now also requires ${show(optionValue(aOpts[j]!))}`);
  }

  /** "not X": the excluded set X changing one way changes the allowed set the other way. */
  private not(b: SchemaOnly, a: SchemaOnly, path: Path): void {
    const bHas = 'not' in b.schema;
    const aHas = 'not' in a.schema;
    if (!bHas && !aHas) return;
    const here = [...path, 'not'];
    const pb = bHas ? keywordPointer(b, 'not') : undefined;
    const pa = aHas ? keywordPointer(a, 'not') : undefined;
    if (!bHas || !aHas) {
      this.emit(aHas ? 'not-tightened' : 'not-loosened', here, pb, pa, b.schema.not, a.schema.not, aHas ? `"not" ${show(a.schema.not)} added` : `"not" ${show(b.schema.not)} removed`);
      return;
    }
    const inner = this.probe(this.child(this.c.base, b, b.schema.not, 'not'), this.child(this.c.head, a, a.schema.not, 'not'), here, true);
    this.findings.push(...inner.unresolvable);
    const { narrows, widens } = inner;
    if (!narrows && !widens) return;
    const family = narrows && widens ? 'not-changed' : narrows ? 'not-loosened' : 'not-tightened';
    this.emit(family, here, pb, pa, b.schema.not, a.schema.not, `"not" changed from ${show(b.schema.not)} to ${show(a.schema.not)}`);
  }

  /**
   * What comparing b with a would report, as effects, without reporting it: a separate walk (own visited
   * pairs), so probing never hides a pair from the real walk.
   */
  private probe(b: SchemaNode, a: SchemaNode, path: Path = [], unguarded = false): { narrows: boolean; widens: boolean; unresolvable: LocatedFinding[] } {
    // Memoised by pair of schema objects for the whole diff: a DAG of `$ref`s (each level a union of two
    // references to the next) is compared once per pair of definitions, not once per path to them.
    const pair = b.kind === 'schema' && a.kind === 'schema' ? ([b.schema, a.schema] as const) : undefined;
    const memo = this.c.base.ctx.probes;
    const known = pair ? memo.get(pair[0])?.get(pair[1]) : undefined;
    if (known) return { ...known, unresolvable: [] };
    if (pair && this.state.active.get(pair[0])?.has(pair[1])) {
      // Met again through a property or items (a recursive structure): assumed unchanged, as recursive types are
      // compared. Met again directly as a union option (`T = anyOf[X, T]`), that would prove anything: assume the worst.
      this.state.assumptions++;
      return { narrows: unguarded, widens: unguarded, unresolvable: [] };
    }
    // Too deep, assume the worst: a union option is reported, a "not" counts as changed.
    if (this.state.depth >= MAX_PROBE_DEPTH) return { narrows: true, widens: true, unresolvable: [] };
    const walker = new SchemaWalker(this.c, this.state, true);
    const assumedBefore = this.state.assumptions;
    let active: Set<object> | undefined;
    if (pair) {
      active = this.state.active.get(pair[0]);
      if (!active) this.state.active.set(pair[0], (active = new Set()));
      active.add(pair[1]);
    }
    this.state.depth++;
    try {
      walker.compare(b, a, path);
    } finally {
      this.state.depth--;
      if (pair) active?.delete(pair[1]);
    }
    let { narrows, widens } = walker.nested;
    const unresolvable: LocatedFinding[] = [];
    for (const located of walker.findings) {
      const f = located.finding;
      const effect = ruleById(f.rule)?.effect;
      if (f.rule === 'schema-ref-unresolvable') unresolvable.push(located);
      if (effect === 'narrows' || effect === 'incomparable') narrows = true;
      if (effect === 'widens' || effect === 'incomparable') widens = true;
    }
    // A result that assumed a pair in progress changes nothing holds only within that recursion: not memoised.
    if (pair && this.state.assumptions === assumedBefore) {
      let row = memo.get(pair[0]);
      if (!row) memo.set(pair[0], (row = new WeakMap()));
      row.set(pair[1], { narrows, widens });
    }
    return { narrows, widens, unresolvable };
  }

  /**
   * Keywords that apply a subschema to part of the value (property names, matching items, unevaluated parts,
   * dependents, conditionals): compared as schemas where both sides have one, added narrows, removed widens.
   */
  private applicators(b: SchemaOnly, a: SchemaOnly, path: Path): void {
    const { base, head } = this.c;
    const bs = b.schema;
    const as = a.schema;
    const sides = [
      ['propertyNames', 'property-names'],
      ['contains', 'contains'],
      ['unevaluatedProperties', 'constraint'],
      ['unevaluatedItems', 'constraint'],
    ] as const;
    for (const [keyword, family] of sides) {
      const bHas = keyword in bs;
      const aHas = keyword in as;
      if (bHas && aHas) this.compare(this.child(base, b, bs[keyword], keyword), this.child(head, a, as[keyword], keyword), [...path, keyword]);
      else if (aHas) this.emit(`${family}-added`, path, undefined, keywordPointer(a, keyword), undefined, as[keyword], `${keyword} ${show(as[keyword])} added`, `/${keyword}`);
      else if (bHas) this.emit(`${family}-removed`, path, keywordPointer(b, keyword), undefined, bs[keyword], undefined, `${keyword} ${show(bs[keyword])} removed`, `/${keyword}`);
    }
    if ('contains' in bs && 'contains' in as) {
      // minContains is 1 when absent; maxContains unbounded.
      const bm = count(bs.minContains) ?? 1;
      const am = count(as.minContains) ?? 1;
      if (bm !== am) this.emit(`min-contains-${am > bm ? 'tightened' : 'loosened'}`, path, keywordPointer(b, 'minContains'), keywordPointer(a, 'minContains'), bm, am, `minContains ${bm} became ${am}`);
      this.maximumCount('max-contains', 'maxContains', b, a, path);
    }
    const bdr = isPlainObject(bs.dependentRequired) ? bs.dependentRequired : {};
    const adr = isPlainObject(as.dependentRequired) ? as.dependentRequired : {};
    for (const name of [...new Set([...Object.keys(bdr), ...Object.keys(adr)])].sort()) {
      const bl = stringSet(bdr[name]);
      const al = stringSet(adr[name]);
      const added = [...al].filter((x) => !bl.has(x));
      const removed = [...bl].filter((x) => !al.has(x));
      const here = [...path, 'dependentRequired', name];
      if (added.length) this.emit('dependent-required-added', here, undefined, keywordPointer(a, 'dependentRequired'), undefined, added, `when "${name}" is present, ${show(added)} must now be present too`);
      if (removed.length) this.emit('dependent-required-removed', here, keywordPointer(b, 'dependentRequired'), undefined, removed, undefined, `when "${name}" is present, ${show(removed)} no longer have to be`);
    }
    const bds = isPlainObject(bs.dependentSchemas) ? bs.dependentSchemas : {};
    const ads = isPlainObject(as.dependentSchemas) ? as.dependentSchemas : {};
    for (const name of [...new Set([...Object.keys(bds), ...Object.keys(ads)])].sort()) {
      const here = [...path, 'dependentSchemas', name];
      const inB = Object.prototype.hasOwnProperty.call(bds, name);
      const inA = Object.prototype.hasOwnProperty.call(ads, name);
      if (inB && inA) this.compare(this.child(base, b, bds[name], 'dependentSchemas', name), this.child(head, a, ads[name], 'dependentSchemas', name), here);
      else if (inA) this.emit('dependent-schema-added', here, undefined, keywordPointer(a, 'dependentSchemas'), undefined, ads[name], `when "${name}" is present, the object must now also match ${show(ads[name])}`);
      else this.emit('dependent-schema-removed', here, keywordPointer(b, 'dependentSchemas'), undefined, bds[name], undefined, `when "${name}" is present, the object no longer has to match ${show(bds[name])}`);
    }
    const bIf = 'if' in bs;
    const aIf = 'if' in as;
    if (!bIf && !aIf) return;
    const conditional = (s: PlainObject) => ({ if: s.if, then: s.then, else: s.else });
    if (bIf && aIf && semanticKey(base, bs.if, keywordPointer(b, 'if')) === semanticKey(head, as.if, keywordPointer(a, 'if'))) {
      // The same condition: each branch (absent is "anything") compared as a schema.
      for (const k of ['then', 'else'] as const) this.compare(this.child(base, b, bs[k], k), this.child(head, a, as[k], k), [...path, k]);
    } else if (aIf && !bIf) this.emit('conditional-added', path, undefined, keywordPointer(a, 'if'), undefined, conditional(as), `if/then/else ${show(conditional(as))} added`, '/if');
    else if (bIf && !aIf) this.emit('conditional-removed', path, keywordPointer(b, 'if'), undefined, conditional(bs), undefined, `if/then/else ${show(conditional(bs))} removed`, '/if');
    else this.emit('constraint-changed', path, keywordPointer(b, 'if'), keywordPointer(a, 'if'), bs.if, as.if, `the condition of if/then/else changed from ${show(bs.if)} to ${show(as.if)}; which values take which branch is not compared`, '/if');
  }

  /** Keywords compared by value: any change is reported, never silently passed. */
  private opaque(b: SchemaOnly, a: SchemaOnly, path: Path): void {
    for (const keyword of OPAQUE_KEYWORDS) {
      const bHas = keyword in b.schema;
      const aHas = keyword in a.schema;
      if (!bHas && !aHas) continue;
      const pb = bHas ? keywordPointer(b, keyword) : undefined;
      const pa = aHas ? keywordPointer(a, keyword) : undefined;
      const bv = b.schema[keyword];
      const av = a.schema[keyword];
      if (bHas && aHas) {
        const same = semanticKey(this.c.base, bv, pb) === semanticKey(this.c.head, av, pa);
        if (!same) this.emit('constraint-changed', path, pb, pa, bv, av, `${keyword} changed from ${show(bv)} to ${show(av)}`, `/${keyword}`);
      } else if (aHas) {
        this.emit('constraint-added', path, pb, pa, bv, av, `${keyword} ${show(av)} added`, `/${keyword}`);
      } else {
        this.emit('constraint-removed', path, pb, pa, bv, av, `${keyword} ${show(bv)} removed`, `/${keyword}`);
      }
    }
  }

  /** Equivalent options paired by semantic key (linear); the rest left over on each side. */
  private matchByMeaning(bOpts: SchemaNode[], aOpts: SchemaNode[]): { pairs: [number, number][]; restB: number[]; restA: number[] } {
    const byKey = new Map<string, number[]>();
    aOpts.forEach((o, j) => {
      const k = nodeKey(this.c.head, o);
      const list = byKey.get(k);
      if (list) list.push(j);
      else byKey.set(k, [j]);
    });
    const pairs: [number, number][] = [];
    const usedA = new Set<number>();
    const restB: number[] = [];
    bOpts.forEach((o, i) => {
      const j = byKey.get(nodeKey(this.c.base, o))?.shift();
      if (j === undefined) restB.push(i);
      else {
        usedA.add(j);
        pairs.push([i, j]);
      }
    });
    return { pairs, restB, restA: aOpts.map((_, j) => j).filter((j) => !usedA.has(j)) };
  }

  /** Pair equivalent options first (by semantic key, linear), then the most alike of the rest. */
  private match(bOpts: SchemaNode[], aOpts: SchemaNode[]): { pairs: [number, number][]; removed: number[]; added: number[] } {
    const { pairs, restB, restA } = this.matchByMeaning(bOpts, aOpts);
    // Left-over head options in index order; each pairs with the most alike base option at most once.
    const free = new Set(restA);
    const removed: number[] = [];
    for (const i of restB) {
      let best = -1;
      let bestScore = 1;
      for (const j of free) {
        const s = likeness(this.c, bOpts[i]!, aOpts[j]!);
        if (s > bestScore) {
          best = j;
          bestScore = s;
        }
      }
      if (best < 0) removed.push(i);
      else {
        free.delete(best);
        pairs.push([i, best]);
      }
    }
    return { pairs, removed, added: [...free] };
  }
}

// --- helpers ----------------------------------------------------------------------------------------------

/** Whether a snapshot pointer inside this schema document leads to something. */
function pointsInto(doc: SchemaDoc, pointer: string): boolean {
  let value: unknown = doc.root;
  for (const raw of pointer.slice(doc.pointer.length).split('/').slice(1)) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(value) && /^\d+$/.test(token)) value = value[Number(token)];
    else if (isPlainObject(value) && Object.prototype.hasOwnProperty.call(value, token)) value = value[token];
    else return false;
  }
  return value !== undefined;
}

/**
 * A schema of several types as one schema per type (`{type: ["string", "null"]}` -> string, null), so that an
 * option can be found covered by several options together, one per type.
 */
function byType(node: SchemaNode): SchemaNode[] {
  if (node.kind !== 'schema') return [node];
  const types = effectiveTypes(node.schema);
  if (types === null || types.size < 2) return [node];
  return [...types].sort().map((type) => ({ ...node, schema: { ...node.schema, type } }));
}

interface Union {
  keyword: 'anyOf' | 'oneOf';
  options: unknown[];
}

function unionOf(schema: PlainObject): Union | undefined {
  if (Array.isArray(schema.anyOf)) return { keyword: 'anyOf', options: schema.anyOf };
  if (Array.isArray(schema.oneOf)) return { keyword: 'oneOf', options: schema.oneOf };
  return undefined;
}

function onlyKeyword(schema: PlainObject, keyword: string): boolean {
  for (const key of Object.keys(schema)) if (key !== keyword && ASSERTION_KEYWORDS.has(key)) return false;
  return true;
}

/** An object's additionalProperties that lets anything through (absent, true or `{}`). */
function isOpen(node: SchemaNode): boolean {
  return node.kind === 'schema' && !Object.keys(node.schema).some((k) => ASSERTION_KEYWORDS.has(k));
}

function optionValue(node: SchemaNode): unknown {
  return node.kind === 'schema' ? node.schema : node.kind === 'false' ? false : { $ref: node.ref };
}

/** How alike two unmatched options are: same types, shared property names, the same discriminator value. */
function likeness(c: SchemaComparison, b: SchemaNode, a: SchemaNode): number {
  if (b.kind !== 'schema' || a.kind !== 'schema') return 0;
  const bt = effectiveTypes(b.schema);
  const at = effectiveTypes(a.schema);
  let score = 0;
  if (typeSubset(bt, at) && typeSubset(at, bt)) score += 2;
  else if (bt === null || at === null || [...bt].some((t) => at.has(t))) score += 1;
  const bp = isPlainObject(b.schema.properties) ? b.schema.properties : undefined;
  const ap = isPlainObject(a.schema.properties) ? a.schema.properties : undefined;
  if (bp && ap) {
    const names = new Set([...Object.keys(bp), ...Object.keys(ap)]);
    let shared = 0;
    for (const name of names) {
      if (!(name in bp) || !(name in ap)) continue;
      shared++;
      const bv = single(resolveNode(c.base, bp[name], b.pointer));
      const av = single(resolveNode(c.head, ap[name], a.pointer));
      if (bv !== undefined && av !== undefined) score += bv === av ? 4 : -10;
    }
    if (names.size) score += (2 * shared) / names.size;
  }
  return score;
}

function single(node: SchemaNode): string | undefined {
  if (node.kind !== 'schema') return undefined;
  const values = allowedValues(node.schema);
  return values && values.size === 1 ? [...values.keys()][0] : undefined;
}

function arrayShape(schema: PlainObject): { prefix: unknown[]; prefixKey: string; rest: unknown; restKey: string } {
  // draft-07 array-form items is a tuple whose rest is additionalItems; 2020-12 says prefixItems and items.
  if (Array.isArray(schema.items)) return { prefix: schema.items, prefixKey: 'items', rest: schema.additionalItems, restKey: 'additionalItems' };
  return { prefix: Array.isArray(schema.prefixItems) ? schema.prefixItems : [], prefixKey: 'prefixItems', rest: schema.items, restKey: 'items' };
}

/** The keyword inside the schema when it is there, else the schema itself. */
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
function keywordIn(doc: SchemaDoc, node: SchemaOnly, keyword: string): string {
  const holder = holderPointer(doc, node, keyword);
  return holder === undefined ? node.pointer : childPointer(holder, keyword);
}

function keywordPointer(node: SchemaOnly, keyword: string): string {
  return keyword in node.raw ? childPointer(node.pointer, keyword) : node.pointer;
}

function valuePointer(node: SchemaOnly, schema: PlainObject): string {
  return childPointer(node.pointer, Array.isArray(schema.enum) ? 'enum' : 'const');
}

function stringSet(value: unknown): Set<string> {
  return new Set(Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** `a.b[].c`, `.*` for additionalProperties, `<anyOf 1>` for an option: how a person names the place. */
export function humanPath(path: Path): string {
  let out = '';
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    switch (seg) {
      case 'properties':
        out += `${out ? '.' : ''}${path[++i]}`;
        break;
      case 'patternProperties':
        out += `${out ? '.' : ''}/${path[++i]}/`;
        break;
      case 'additionalProperties':
        out += `${out ? '.' : ''}*`;
        break;
      case 'items':
        out += '[]';
        break;
      case 'prefixItems':
        out += `[${path[++i]}]`;
        break;
      case 'anyOf':
      case 'oneOf':
      case 'allOf':
        out += `<${seg} ${path[++i]}>`;
        break;
      default:
        out += `<${seg}>`;
    }
  }
  return out;
}

