// Findings from the walker's typed changes, made here and nowhere else: the rule from the catalogue (area and
// family), the pointers that resolve in the snapshot, the location the fingerprint is made from, and the message.
// A message says what changed; what that means for callers follows the final severity and is added at render time.

import type { LocatedFinding, SchemaComparison } from './compare.js';
import type { Path, SchemaChange } from './change.js';
import { escapePointerToken, makeFinding } from '../finding.js';
import { schemaRule, type RuleId } from '../rules.js';
import { showBound, showTypes } from './facets.js';
import { MAX_NESTING, isPlainObject, show } from './keywords.js';
import type { SchemaDoc } from './resolve.js';

/** The rule a change reports in this comparison's area. */
export function ruleOf(area: SchemaComparison['area'], change: SchemaChange): RuleId {
  return change.family === 'ref-unresolvable' ? 'schema-ref-unresolvable' : schemaRule(area, change.family);
}

export function findingOf(c: SchemaComparison, change: SchemaChange): LocatedFinding {
  const where = humanPath(change.shownPath ?? change.path);
  const location = [c.location, ...change.path.map(escapePointerToken)].join('/') + (change.at ?? '');
  const finding = makeFinding({
    rule: ruleOf(c.area, change),
    subject: c.subject,
    pointer: { before: existing(c.base, change.pointer.before), after: existing(c.head, change.pointer.after) },
    location,
    before: change.before,
    after: change.after,
    message: `${c.label} ${c.area}${where ? ` "${where}"` : ''}: ${describe(c.area, change)}`,
  });
  return { finding, location };
}

const UNION_KEYWORD = {
  'any-of-added': 'anyOf',
  'any-of-removed': 'anyOf',
  'one-of-added': 'oneOf',
  'one-of-removed': 'oneOf',
  'any-of-option-added': 'anyOf',
  'any-of-option-removed': 'anyOf',
  'one-of-option-added': 'oneOf',
  'one-of-option-removed': 'oneOf',
} as const;

/** What changed, in words, from the change's data. */
function describe(area: SchemaComparison['area'], change: SchemaChange): string {
  const { before, after } = change;
  switch (change.family) {
    case 'additional-properties-closed':
      return 'unknown properties are now rejected (additionalProperties: false)';
    case 'additional-properties-opened':
      return 'unknown properties are now accepted (additionalProperties was false)';
    case 'schema-closed':
      return 'no value is accepted here any more (false schema)';
    case 'schema-opened':
      return 'values are accepted here now (was a false schema)';
    case 'property-removed-open':
      return area === 'input' ? 'property removed; a caller still sending it is silently ignored' : 'property removed; clients reading it may no longer get it';
    case 'property-removed-closed':
      return 'property removed from an object that rejects unknown properties';
    case 'property-added':
      return 'property added';
    case 'property-added-closed':
      return 'property added to an object that rejected unknown properties';
    case 'required-property-added':
      return 'now required';
    case 'required-defaulted-property-added':
      return `now required but has a default (${show(change.default)}), so the server fills it in when omitted`;
    case 'required-property-removed':
      return 'no longer required';
    case 'unique-items-added':
      return 'items must now be unique';
    case 'unique-items-removed':
      return 'items may now repeat';
    case 'one-of-exclusivity-removed':
      return 'oneOf became anyOf: a value matching several options, rejected before, is now accepted';
    case 'any-of-added':
    case 'one-of-added':
      return `${UNION_KEYWORD[change.family]} added`;
    case 'any-of-removed':
    case 'one-of-removed':
      return `${UNION_KEYWORD[change.family]} removed`;
    case 'any-of-option-added':
    case 'one-of-option-added':
      return `${UNION_KEYWORD[change.family]} option ${show(after)} added`;
    case 'any-of-option-removed':
    case 'one-of-option-removed':
      return `${UNION_KEYWORD[change.family]} option ${show(before)} removed`;
    case 'one-of-options-overlap':
      return `a value valid before can match both oneOf options ${change.options[0]} and ${change.options[1]}, and oneOf rejects a value that matches more than one`;
    case 'all-of-schema-added':
      return `allOf now also requires ${show(after)}`;
    case 'all-of-schema-removed':
      return `allOf no longer requires ${show(before)}`;
    case 'description-changed':
      return `description changed from ${show(before)} to ${show(after)}`;
    case 'const-changed':
      return `const changed from ${show(before)} to ${show(after)}`;
    case 'const-added':
      return `now restricted to ${show(after)}`;
    case 'enum-added':
      return `now restricted to one of ${show(after)}`;
    case 'const-removed':
      return `no longer restricted to ${show(before)}`;
    case 'enum-removed':
      return `no longer restricted to one of ${show(before)}`;
    case 'enum-value-added':
      return `value ${show(after)} is now allowed`;
    case 'enum-value-removed':
      return `value ${show(before)} is no longer allowed`;
    case 'conditional-added':
      return `if/then/else ${show(after)} added`;
    case 'conditional-removed':
      return `if/then/else ${show(before)} removed`;
    case 'default-changed':
      return change.removed
        ? `default ${show(before)} removed; callers that omit it no longer get that value`
        : `default changed from ${show(before)} to ${show(after)}; callers that omit it get different behaviour`;
    case 'type-narrowed':
    case 'type-widened':
    case 'type-changed':
      return `type ${showTypes(change.types.before)} became ${showTypes(change.types.after)}`;
    case 'minimum-tightened':
    case 'minimum-loosened':
    case 'maximum-tightened':
    case 'maximum-loosened': {
      const sign = change.keyword === 'minimum' ? 1 : -1;
      return `${change.keyword} ${showBound(change.bounds.before, sign)} became ${showBound(change.bounds.after, sign)}`;
    }
    case 'min-length-tightened':
    case 'min-length-loosened':
    case 'max-length-tightened':
    case 'max-length-loosened':
    case 'min-items-tightened':
    case 'min-items-loosened':
    case 'max-items-tightened':
    case 'max-items-loosened':
    case 'min-properties-tightened':
    case 'min-properties-loosened':
    case 'max-properties-tightened':
    case 'max-properties-loosened':
    case 'min-contains-tightened':
    case 'min-contains-loosened':
    case 'max-contains-tightened':
    case 'max-contains-loosened':
      return `${change.keyword} ${change.before ?? 'unbounded'} became ${change.after ?? 'unbounded'}`;
    case 'multiple-of-tightened':
    case 'multiple-of-loosened':
    case 'multiple-of-changed':
      return `multipleOf ${change.before ?? 'none'} became ${change.after ?? 'none'}`;
    case 'dependent-required-added':
      return `when "${change.name}" is present, ${show(after)} must now be present too`;
    case 'dependent-required-removed':
      return `when "${change.name}" is present, ${show(before)} no longer have to be`;
    case 'dependent-schema-added':
      return `when "${change.name}" is present, the object must now also match ${show(after)}`;
    case 'dependent-schema-removed':
      return `when "${change.name}" is present, the object no longer has to match ${show(before)}`;
    case 'ref-unresolvable':
      return `$ref ${show(change.ref)} cannot be resolved (only local references are followed, nothing is fetched); this part was compared by its reference text only`;
    case 'constraint-changed':
      if ('why' in change) {
        return change.why === 'nesting'
          ? `a schema nested deeper than ${MAX_NESTING} levels changed; it is compared by value only`
          : `the condition of if/then/else changed from ${show(before)} to ${show(after)}; which values take which branch is not compared`;
      }
      return keywordEdit(change.keyword, change.edit, before, after);
    case 'pattern-added':
    case 'pattern-removed':
    case 'pattern-changed':
    case 'format-added':
    case 'format-removed':
    case 'format-changed':
    case 'property-names-added':
    case 'property-names-removed':
    case 'contains-added':
    case 'contains-removed':
    case 'constraint-added':
    case 'constraint-removed':
      return keywordEdit(change.keyword, change.edit, before, after);
    case 'not-tightened':
    case 'not-loosened':
    case 'not-changed':
      return keywordEdit('"not"', change.edit, before, after);
  }
}

function keywordEdit(keyword: string, edit: 'added' | 'removed' | 'changed', before: unknown, after: unknown): string {
  if (edit === 'added') return `${keyword} ${show(after)} added`;
  if (edit === 'removed') return `${keyword} ${show(before)} removed`;
  return `${keyword} changed from ${show(before)} to ${show(after)}`;
}

/**
 * A pointer that resolves in the snapshot: a derived schema (allOf members merged, a `$ref` merged with its
 * siblings) can name a place only its parts have; then the nearest enclosing place that exists.
 */
function existing(doc: SchemaDoc, pointer: string | undefined): string | undefined {
  if (pointer === undefined || !pointer.startsWith(doc.pointer)) return pointer;
  let p = pointer;
  while (p.length > doc.pointer.length && !pointsInto(doc, p)) p = p.slice(0, p.lastIndexOf('/'));
  return p.length < doc.pointer.length ? doc.pointer : p;
}

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

/** `a.b[].c`, `.*` for additionalProperties, `<anyOf 1>` for an option: how a person names the place. */
function humanPath(path: Path): string {
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
