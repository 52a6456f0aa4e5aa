// Building findings: severity from the catalogue, JSON Pointers, the stable fingerprint, and the sort order.
// Every detector goes through makeFinding so no finding can carry a rule or severity the catalogue lacks.

import { createHash } from 'node:crypto';
import { requireRule, type RuleId } from './rules.js';
import { SEVERITY_ORDER, type Finding, type Subject, type SubjectKind } from './types.js';

export interface FindingInput {
  rule: RuleId;
  subject: Subject;
  /** JSON Pointers into the base and head snapshot; omitted on the side that lacks the thing. */
  pointer: { before?: string | undefined; after?: string | undefined };
  /**
   * Where the change is, independent of list positions: e.g. `inputSchema/properties/city`. With the rule and
   * subject it makes the fingerprint, so adding an unrelated tool (which shifts list indexes in the pointers)
   * or moving a property into `$defs` does not change the fingerprint of other findings.
   */
  location: string;
  before?: unknown;
  after?: unknown;
  message: string;
}

export function makeFinding(input: FindingInput): Finding {
  const rule = requireRule(input.rule);
  const pointer: Finding['pointer'] = {};
  if (input.pointer.before !== undefined) pointer.before = input.pointer.before;
  if (input.pointer.after !== undefined) pointer.after = input.pointer.after;
  const finding: Finding = {
    rule: rule.id,
    severity: rule.severity,
    subject: { kind: input.subject.kind, name: input.subject.name },
    pointer,
    message: input.message,
    fingerprint: fingerprint(rule.id, input.subject, input.location),
  };
  if (input.before !== undefined) finding.before = input.before;
  if (input.after !== undefined) finding.after = input.after;
  return finding;
}

/** First 12 hex digits of sha256(rule, subject kind, subject name, location). */
export function fingerprint(rule: string, subject: Subject, location: string): string {
  return createHash('sha256')
    .update(`${rule}\u0000${subject.kind}\u0000${subject.name}\u0000${location}`)
    .digest('hex')
    .slice(0, 12);
}

/** RFC 6901 escaping of one reference token. */
export function escapePointerToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function childPointer(pointer: string, ...tokens: (string | number)[]): string {
  let out = pointer;
  for (const t of tokens) out += `/${escapePointerToken(t)}`;
  return out;
}

/**
 * The one order of subjects, for the JSON findings and the human reports alike: the server itself first (a
 * capability affects every tool), then tools, prompts, resources, resource templates, and workloads (lint); by name inside a kind.
 */
const KIND_ORDER: Record<SubjectKind, number> = { server: 0, tool: 1, prompt: 2, resource: 3, resourceTemplate: 4, workload: 5 };

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareSubjects(a: Subject, b: Subject): number {
  return (KIND_ORDER[a.kind] ?? 9) - (KIND_ORDER[b.kind] ?? 9) || cmp(a.name, b.name);
}

/** Severity, subject kind, subject name, pointer, rule, message: a total, locale-independent order. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    compareSubjects(a.subject, b.subject) ||
    cmp(a.pointer.after ?? a.pointer.before ?? '', b.pointer.after ?? b.pointer.before ?? '') ||
    cmp(a.pointer.before ?? '', b.pointer.before ?? '') ||
    cmp(a.rule, b.rule) ||
    cmp(a.message, b.message)
  );
}
