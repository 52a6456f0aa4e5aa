// Objects: properties (each compared with what judges it on the other side), requiredness, patternProperties,
// additionalProperties and the property-count bounds.

import type { Path } from '../change.js';
import { isPlainObject, type PlainObject } from '../keywords.js';
import { matches } from '../normalise.js';
import { child, isOpen, keywordIn, stringSet, type SchemaOnly } from '../nodes.js';
import type { SchemaDoc, SchemaNode } from '../resolve.js';
import type { Walk } from '../walker.js';
import { maximumCount, minimumCount } from './counts.js';

export function objects(w: Walk, b: SchemaOnly, a: SchemaOnly, path: Path): void {
  const { base, head } = w.c;
  const bs = b.schema;
  const as = a.schema;
  const bProps = isPlainObject(bs.properties) ? bs.properties : {};
  const aProps = isPlainObject(as.properties) ? as.properties : {};
  const bRest = child(base, b, bs.additionalProperties, 'additionalProperties');
  const aRest = child(head, a, as.additionalProperties, 'additionalProperties');
  const names = [...new Set([...Object.keys(bProps), ...Object.keys(aProps)])].sort();
  const bRequired = stringSet(bs.required);
  const aRequired = stringSet(as.required);
  for (const name of names) {
    const inB = Object.prototype.hasOwnProperty.call(bProps, name);
    const inA = Object.prototype.hasOwnProperty.call(aProps, name);
    const here = [...path, 'properties', name];
    if (inB && inA) {
      w.compare(child(base, b, bProps[name], 'properties', name), child(head, a, aProps[name], 'properties', name), here);
    } else if (inB) {
      const prop = child(base, b, bProps[name], 'properties', name);
      // What now judges the property: a patternProperties schema whose pattern matches its name, else additionalProperties.
      const pattern = patternFor(head, a, name);
      if (pattern) w.compare(prop, pattern, here);
      else propertyGone(w, prop, aRest, here, bProps[name]);
    } else {
      const prop = child(head, a, aProps[name], 'properties', name);
      const pattern = patternFor(base, b, name);
      if (pattern) w.compare(pattern, prop, here);
      else propertyNew(w, bRest, prop, here, aProps[name], aRequired.has(name) && !bRequired.has(name));
    }
  }
  required(w, b, a, { before: bRequired, after: aRequired }, aProps, path);
  patternProperties(w, b, a, bRest, aRest, path);
  w.compare(bRest, aRest, [...path, 'additionalProperties']);
  minimumCount(w, 'minProperties', b, a, path);
  maximumCount(w, 'maxProperties', b, a, path);
}

/** The patternProperties schema that applies to a property name, if one does. */
function patternFor(doc: SchemaDoc, node: SchemaOnly, name: string): SchemaNode | undefined {
  const patterns = isPlainObject(node.schema.patternProperties) ? node.schema.patternProperties : undefined;
  if (!patterns) return undefined;
  const matching = Object.keys(patterns).find((p) => matches(p, name));
  return matching === undefined ? undefined : child(doc, node, patterns[matching], 'patternProperties', matching);
}

/** A property described before and not now: what governs it now is the object's additionalProperties. */
function propertyGone(w: Walk, prop: SchemaNode, rest: SchemaNode, here: Path, value: unknown): void {
  // A property that could not be present (false) and now may be: judged as the schema it now meets.
  if (prop.kind === 'false') {
    w.compare(prop, rest, here);
    return;
  }
  if (isOpen(rest)) w.report({ family: 'property-removed-open', path: here, pointer: { before: prop.pointer }, before: value });
  else if (rest.kind === 'false') w.report({ family: 'property-removed-closed', path: here, pointer: { before: prop.pointer }, before: value });
  else w.compare(prop, rest, here);
}

/**
 * A property described now and not before: before, the object's additionalProperties governed it. In an open
 * object a new property that is also newly required is said once, by the required-property finding.
 */
function propertyNew(w: Walk, rest: SchemaNode, prop: SchemaNode, here: Path, value: unknown, nowRequired: boolean): void {
  if (prop.kind === 'false') {
    w.compare(rest, prop, here);
    return;
  }
  if (isOpen(rest)) {
    if (!nowRequired) w.report({ family: 'property-added', path: here, pointer: { after: prop.pointer }, after: value });
  } else if (rest.kind === 'false') {
    w.report({ family: 'property-added-closed', path: here, pointer: { after: prop.pointer }, after: value });
  } else {
    w.compare(rest, prop, here);
  }
}

function required(w: Walk, b: SchemaOnly, a: SchemaOnly, names: { before: Set<string>; after: Set<string> }, aProps: PlainObject, path: Path): void {
  const { base, head } = w.c;
  const { before: bReq, after: aReq } = names;
  for (const name of [...aReq].sort()) {
    if (bReq.has(name)) continue;
    const prop = Object.prototype.hasOwnProperty.call(aProps, name) ? child(head, a, aProps[name], 'properties', name) : undefined;
    const change = { path: [...path, 'properties', name], at: '/required', pointer: { after: keywordIn(head, a, 'required') }, after: name };
    if (w.c.area === 'input' && prop?.kind === 'schema' && 'default' in prop.schema) w.report({ family: 'required-defaulted-property-added', ...change, default: prop.schema.default });
    else w.report({ family: 'required-property-added', ...change });
  }
  for (const name of [...bReq].sort()) {
    if (aReq.has(name)) continue;
    w.report({ family: 'required-property-removed', path: [...path, 'properties', name], at: '/required', pointer: { before: keywordIn(base, b, 'required') }, before: name });
  }
}

function patternProperties(w: Walk, b: SchemaOnly, a: SchemaOnly, bRest: SchemaNode, aRest: SchemaNode, path: Path): void {
  const { base, head } = w.c;
  const bp = isPlainObject(b.schema.patternProperties) ? b.schema.patternProperties : {};
  const ap = isPlainObject(a.schema.patternProperties) ? a.schema.patternProperties : {};
  const patterns = [...new Set([...Object.keys(bp), ...Object.keys(ap)])].sort();
  for (const pattern of patterns) {
    const here = [...path, 'patternProperties', pattern];
    // Own keys only: a pattern is the author's text, and `toString` is one like any other.
    const inB = Object.hasOwn(bp, pattern);
    const inA = Object.hasOwn(ap, pattern);
    if (inB && inA) {
      w.compare(child(base, b, bp[pattern], 'patternProperties', pattern), child(head, a, ap[pattern], 'patternProperties', pattern), here);
    } else if (inB) {
      // A pattern judges a family of names, not one a client chose to send: compared as schemas in an open object too.
      const node = child(base, b, bp[pattern], 'patternProperties', pattern);
      if (aRest.kind === 'false') propertyGone(w, node, aRest, here, bp[pattern]);
      else w.compare(node, aRest, here);
    } else {
      const node = child(head, a, ap[pattern], 'patternProperties', pattern);
      if (bRest.kind === 'false') propertyNew(w, bRest, node, here, ap[pattern], false);
      else w.compare(bRest, node, here);
    }
  }
}
