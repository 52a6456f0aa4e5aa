// The Finding: one change between two snapshots, the single data shape every report and decision consumes.

import type { SurfacePart } from '../snapshot/types.js';

export type Severity = 'breaking' | 'warning' | 'safe';
export type SubjectKind = 'tool' | 'prompt' | 'resource' | 'resourceTemplate' | 'server' | 'workload';

/** Which way data flows through the schema: requests (tool input) or responses (tool output). */
export type Direction = 'request' | 'response' | 'none';

export interface Subject {
  kind: SubjectKind;
  name: string;
}

export interface Finding {
  /** Stable kebab-case rule id from the catalogue. */
  rule: string;
  severity: Severity;
  subject: Subject;
  /** JSON Pointers into the base (before) and head (after) snapshot; absent on the side that lacks it. */
  pointer: { before?: string; after?: string };
  before?: unknown;
  after?: unknown;
  /** One line a person understands: what changed (what it means for callers is added when a report is rendered). */
  message: string;
  /**
   * On a breaking schema finding: a value that shows it, checked by a validator. On a tool input, arguments the old
   * schema accepts and the new one rejects; on an output, a result the new schema allows and the old one rejects.
   */
  example?: unknown;
  /** On a breaking schema finding without `example`: why none could be given. */
  noExample?: string;
  /** Short stable hash of rule + subject + pointer, used by ignores and approvals. */
  fingerprint: string;
}

export interface Summary {
  breaking: number;
  warning: number;
  safe: number;
}

/** The JSON report contract (schemas/report.schema.json). */
export interface DiffReport {
  format: 1;
  base: { server: { name: string; version: string }; source: string };
  head: { server: { name: string; version: string }; source: string };
  summary: Summary;
  findings: Finding[];
  /** Parts one side holds and the other did not capture (an old snapshot, a bare tools/list result): not compared. */
  notCompared?: { part: SurfacePart; missingIn: 'base' | 'head' }[];
}

export const SEVERITY_ORDER: Record<Severity, number> = { breaking: 0, warning: 1, safe: 2 };
