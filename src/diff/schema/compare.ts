// Direction-aware comparison of two JSON Schemas (a tool's input or output schema in base and head).
// It walks both schemas in step and reports each change by its effect on valid values; the catalogue turns
// effect x direction into severity. Recursion follows properties, items, combinators and local `$ref`s, and
// stops on a pair of schemas it is already comparing, so recursive schemas terminate.

import type { Finding, Subject } from '../types.js';
import { childPointer, escapePointerToken, makeFinding } from '../finding.js';
import { ruleById, type SchemaArea } from '../rules.js';
import { admits, allowedValues, boundTighter, effectiveTypes, isMultiple, lowerBound, showBound, showTypes, typeSetContains, typeSubset, upperBound, type Bound, type TypeSet } from './facets.js';
import { jsonEqual } from '../../json.js';
import { ASSERTION_KEYWORDS, MAX_NESTING, OPAQUE_KEYWORDS, containsRef, isPlainObject, nestsDeeperThan, show, type PlainObject } from './keywords.js';
import { nodeKey, semanticKey } from './equivalence.js';
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

/** A finding with the location it was made at (`inputSchema/properties/city/enum/...`), which witnesses follow. */
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

const SUBSCHEMA_OPAQUE = new Set(['propertyNames', 'unevaluatedProperties', 'unevaluatedItems', 'contains', 'if', 'then', 'else', 'contentSchema']);

/** Probes inside probes: each has its own visited pairs, so a cycle through `not` or a union is cut here. */
const MAX_PROBE_DEPTH = 16;

class SchemaWalker {
  findings: LocatedFinding[] = [];
  private readonly visited = new Map<object, Set<object>>();

  constructor(
    private readonly c: SchemaComparison,
    /**
     * Probes left for this schema pair and probes in progress (shared with probe walkers): nested unions cannot
     * blow up, and a recursive schema whose `not` or union option leads back to itself cannot recurse without end.
     */
    private readonly budget = { probes: 500, depth: 0 },
  ) {}

  compare(b: SchemaNode, a: SchemaNode, path: Path): void {
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
    this.opaque(b, a, path);
  }

  /**
   * The types an instance can have, counting a union's options: keywords beside an anyOf only matter for the
   * types its options admit (`items` next to an anyOf of strings and objects constrains nothing).
   */
  private typesOf(doc: SchemaDoc, node: SchemaOnly, depth = 0): TypeSet {
    const own = effectiveTypes(node.schema);
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
    const where = humanPath(shownPath);
    // What this means for callers follows the final severity (after the policy): reports add it when rendering.
    const location = this.location(path) + locationSuffix;
    const finding = makeFinding({
      rule,
      subject: this.c.subject,
      pointer: { before, after },
      location,
      before: beforeValue,
      after: afterValue,
      message: `${this.c.label} ${this.c.area}${where ? ` "${where}"` : ''}: ${detail}`,
    });
    this.findings.push({ finding, location });
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
      pointer: { before: b.kind === 'unresolved' ? b.pointer : undefined, after: a.kind === 'unresolved' ? a.pointer : undefined },
      location,
      before: b.kind === 'unresolved' ? b.ref : undefined,
      after: a.kind === 'unresolved' ? a.ref : undefined,
      message: `${this.c.label} ${this.c.area}${where ? ` "${where}"` : ''}: $ref ${show(side.ref)} cannot be resolved (only local references are followed, nothing is fetched); this part was compared by its reference text only`,
    });
    this.findings.push({ finding, location });
  }

  /** The subschema at `tokens`; an absent one (an implicit `true`) points at its parent, which exists. */
  private child(doc: SchemaDoc, node: SchemaOnly, value: unknown, ...tokens: (string | number)[]): SchemaNode {
    return resolveNode(doc, value, value === undefined ? node.pointer : childPointer(holderPointer(doc, node, String(tokens[0])) ?? node.pointer, ...tokens));
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
    const bv = allowedValues(bs);
    const av = allowedValues(as);
    const isConst = (s: PlainObject) => 'const' in s && !Array.isArray(s.enum);
    if (bv && av) {
      const removed = [...bv.keys()].filter((k) => !av.has(k));
      const added = [...av.keys()].filter((k) => !bv.has(k));
      if (isConst(bs) && isConst(as)) {
        if (removed.length || added.length) {
          this.emit('const-changed', path, childPointer(b.pointer, 'const'), childPointer(a.pointer, 'const'), bs.const, as.const, `const changed from ${show(bs.const)} to ${show(as.const)}`);
        }
        return;
      }
      for (const k of removed) {
        this.emit('enum-value-removed', path, valuePointer(b, bs), undefined, bv.get(k), undefined, `value ${show(bv.get(k))} is no longer allowed`, `/enum/${k}`);
      }
      for (const k of added) {
        this.emit('enum-value-added', path, undefined, valuePointer(a, as), undefined, av.get(k), `value ${show(av.get(k))} is now allowed`, `/enum/${k}`);
      }
      return;
    }
    if (!bv && av) {
      const family = isConst(as) ? 'const-added' : 'enum-added';
      const value = isConst(as) ? as.const : [...av.values()];
      this.emit(family, path, undefined, valuePointer(a, as), undefined, value, `now restricted to ${isConst(as) ? '' : 'one of '}${show(value)}`);
    } else if (bv && !av) {
      const family = isConst(bs) ? 'const-removed' : 'enum-removed';
      const value = isConst(bs) ? bs.const : [...bv.values()];
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
        this.propertyGone(prop, aRest, here, bProps[name]);
      } else {
        const prop = this.child(head, a, aProps[name], 'properties', name);
        this.propertyNew(bRest, prop, here, aProps[name], newlyRequired.has(name));
      }
    }
    this.required(b, a, aProps, path);
    this.patternProperties(b, a, bRest, aRest, path);
    this.compare(bRest, aRest, [...path, 'additionalProperties']);
    this.minimumCount('min-properties', 'minProperties', b, a, path);
    this.maximumCount('max-properties', 'maxProperties', b, a, path);
  }

  /** A property described before and not now: what governs it now is the object's additionalProperties. */
  private propertyGone(prop: SchemaNode, rest: SchemaNode, here: Path, value: unknown): void {
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
        this.propertyGone(this.child(this.c.base, b, bp[pattern], 'patternProperties', pattern), aRest, here, bp[pattern]);
      } else {
        this.propertyNew(bRest, this.child(this.c.head, a, ap[pattern], 'patternProperties', pattern), here, ap[pattern], false);
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
      this.emit('constraint-added', path, undefined, childPointer(a.pointer, au.keyword), undefined, a.schema[au.keyword], `${au.keyword} added`, `/${au.keyword}`);
      return false;
    }
    if (bu && onlyKeyword(b.schema, bu.keyword)) {
      this.matchUnion(options(b, this.c.base, bu), [a], bu.keyword, bu.keyword, path, false);
      return true;
    }
    if (bu) this.emit('constraint-removed', path, childPointer(b.pointer, bu.keyword), undefined, b.schema[bu.keyword], undefined, `${bu.keyword} removed`, `/${bu.keyword}`);
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

  /** Options are matched by meaning (order does not matter); the rest are paired by likeness, or added/removed. */
  private matchUnion(bOpts: SchemaNode[], aOpts: SchemaNode[], bKeyword: string, aKeyword: string, path: Path, beforeWrapped: boolean): void {
    const { pairs, removed, added } = this.match(bOpts, aOpts);
    const segment = (i: number, j: number): string[] => (beforeWrapped ? [aKeyword, String(j)] : [bKeyword, String(i)]);
    for (const [i, j] of pairs) this.compare(bOpts[i]!, aOpts[j]!, [...path, ...segment(i, j)]);
    const family = (k: string) => (k === 'oneOf' ? 'one-of' : 'any-of');
    // In an anyOf, an option removed that another option still covers loses no value, and an option added
    // that an old one already covered adds none. (Not so in oneOf, where overlapping options are invalid.)
    for (const i of removed) {
      const o = bOpts[i]!;
      if (bKeyword === 'anyOf' && byType(o).every((part) => aOpts.some((x) => !this.probe(part, x).narrows))) continue;
      this.emit(`${family(bKeyword)}-option-removed`, [...path, bKeyword, String(i)], o.pointer, undefined, optionValue(o), undefined, `${bKeyword} option ${show(optionValue(o))} removed`);
    }
    for (const j of added) {
      const o = aOpts[j]!;
      if (aKeyword === 'anyOf' && byType(o).every((part) => bOpts.some((x) => !this.probe(x, part).widens))) continue;
      this.emit(`${family(aKeyword)}-option-added`, [...path, aKeyword, String(j)], undefined, o.pointer, undefined, optionValue(o), `${aKeyword} option ${show(optionValue(o))} added`);
    }
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
    const inner = this.probe(this.child(this.c.base, b, b.schema.not, 'not'), this.child(this.c.head, a, a.schema.not, 'not'), here);
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
  private probe(b: SchemaNode, a: SchemaNode, path: Path = []): { narrows: boolean; widens: boolean; unresolvable: LocatedFinding[] } {
    // Out of budget, assume the worst: a union option is reported, a "not" counts as changed.
    if (--this.budget.probes < 0 || this.budget.depth >= MAX_PROBE_DEPTH) return { narrows: true, widens: true, unresolvable: [] };
    const walker = new SchemaWalker(this.c, this.budget);
    this.budget.depth++;
    try {
      walker.compare(b, a, path);
    } finally {
      this.budget.depth--;
    }
    let narrows = false;
    let widens = false;
    const unresolvable: LocatedFinding[] = [];
    for (const located of walker.findings) {
      const f = located.finding;
      const effect = ruleById(f.rule)?.effect;
      if (f.rule === 'schema-ref-unresolvable') unresolvable.push(located);
      if (effect === 'narrows' || effect === 'incomparable') narrows = true;
      if (effect === 'widens' || effect === 'incomparable') widens = true;
    }
    return { narrows, widens, unresolvable };
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
        const same = SUBSCHEMA_OPAQUE.has(keyword)
          ? semanticKey(this.c.base, bv, pb) === semanticKey(this.c.head, av, pa)
          : jsonEqual(bv, av);
        if (!same) this.emit('constraint-changed', path, pb, pa, bv, av, `${keyword} changed from ${show(bv)} to ${show(av)}`, `/${keyword}`);
      } else if (aHas) {
        this.emit('constraint-added', path, pb, pa, bv, av, `${keyword} ${show(av)} added`, `/${keyword}`);
      } else {
        this.emit('constraint-removed', path, pb, pa, bv, av, `${keyword} ${show(bv)} removed`, `/${keyword}`);
      }
    }
  }

  /** Pair equivalent options first (by semantic key, linear), then the most alike of the rest. */
  private match(bOpts: SchemaNode[], aOpts: SchemaNode[]): { pairs: [number, number][]; removed: number[]; added: number[] } {
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
    const removed: number[] = [];
    for (const i of restB) {
      let best = -1;
      let bestScore = 1;
      aOpts.forEach((o, j) => {
        if (usedA.has(j)) return;
        const s = likeness(this.c, bOpts[i]!, o);
        if (s > bestScore) {
          best = j;
          bestScore = s;
        }
      });
      if (best < 0) removed.push(i);
      else {
        usedA.add(best);
        pairs.push([i, best]);
      }
    }
    const added = aOpts.map((_, j) => j).filter((j) => !usedA.has(j));
    return { pairs, removed, added };
  }
}

// --- helpers ----------------------------------------------------------------------------------------------

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

