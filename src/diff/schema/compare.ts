// Direction-aware comparison of two JSON Schemas (a tool's input or output schema in base and head): the walker
// (walker.ts) walks both in step, its detectors (detectors/) report typed changes by their effect on valid
// values, and findings.ts makes each finding; the catalogue turns effect x direction into severity.

import type { Finding, Subject } from '../types.js';
import type { SchemaArea } from '../rules.js';
import { jsonEqual } from '../../json.js';
import { findingOf } from './findings.js';
import { nestsDeeperThan } from './keywords.js';
import { resolveNode, type SchemaDoc } from './resolve.js';
import { SchemaWalker } from './walker.js';

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
    return [findingOf(comparison, { family: 'constraint-changed', why: 'nesting', path: [], pointer: { before: base.pointer, after: head.pointer } })];
  }
  const walker = new SchemaWalker(comparison);
  walker.compare(resolveNode(base, base.root, base.pointer), resolveNode(head, head.root, head.pointer), []);
  return walker.findings;
}
