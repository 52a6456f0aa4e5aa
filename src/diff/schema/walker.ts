// The schema walker: walks two schemas in step and dispatches each pair of nodes to the detectors, which report
// typed changes (change.ts); findings.ts makes the findings. Recursion follows properties, items, combinators and
// local `$ref`s, and stops on a pair of schemas it is already comparing, so recursive schemas terminate. A probe
// is a walk that only learns effects (does comparing these narrow, widen?), memoised per pair for the whole diff.

import type { LocatedFinding, SchemaComparison } from './compare.js';
import type { Path, SchemaChange } from './change.js';
import { findingOf, ruleOf } from './findings.js';
import { requireRule, ruleById, type Effect } from '../rules.js';
import { admits } from './facets.js';
import { jsonEqual } from '../../json.js';
import { containsRef } from './keywords.js';
import { typesOf, unionOf, type SchemaOnly } from './nodes.js';
import type { SchemaNode } from './resolve.js';
import type { ProbeResult } from './context.js';
import { DETECTORS } from './detectors/index.js';
import { annotations } from './detectors/annotations.js';
import { falseSchemas, unresolvable } from './detectors/references.js';
import { unions } from './detectors/unions.js';

/** What a probe learnt: whether comparing the pair narrows or widens, and any `$ref` it could not follow. */
export interface ProbeOutcome extends ProbeResult {
  unresolvable: LocatedFinding[];
}

/** Adds a rule's effect to what a probe learnt: incomparable counts as both. */
function learn(outcome: ProbeResult, effect: Effect | undefined): void {
  if (effect === 'narrows' || effect === 'incomparable') outcome.narrows = true;
  if (effect === 'widens' || effect === 'incomparable') outcome.widens = true;
}

/** What a detector may do: compare a pair of subschemas, probe one for its effects, report a change. */
export interface Walk {
  readonly c: SchemaComparison;
  compare(b: SchemaNode, a: SchemaNode, path: Path): void;
  /** What comparing b with a would report, as effects, without reporting it. */
  probe(b: SchemaNode, a: SchemaNode, path?: Path, unguarded?: boolean): ProbeOutcome;
  report(change: SchemaChange): void;
  /** Findings a probe made that are reported all the same (an unresolvable `$ref`). */
  adopt(findings: readonly LocatedFinding[]): void;
}

/** Probes inside probes (one per nested pair of schemas compared for effect only): a stack bound, far above real schemas. */
const MAX_PROBE_DEPTH = 96;

interface ProbeState {
  depth: number;
  /** Pairs being probed right now: met again (a recursive schema), they are assumed to change nothing. */
  active: Map<object, Set<object>>;
  /** How often that assumption was made: a result that relied on it is not memoised. */
  assumptions: number;
}

export class SchemaWalker implements Walk {
  findings: LocatedFinding[] = [];
  private readonly visited = new Map<object, Set<object>>();
  /** Effects of nested pairs a probe walker took from their own (memoised) probes, or from its own changes. */
  private readonly nested = { narrows: false, widens: false };
  private entered = false;

  constructor(
    readonly c: SchemaComparison,
    /** Shared by the walker and its probe walkers. */
    private readonly state: ProbeState = { depth: 0, active: new Map(), assumptions: 0 },
    /** A probe walker only learns effects; each nested pair it meets is a probe of its own, memoised by pair. */
    private readonly probing = false,
  ) {}

  compare(b: SchemaNode, a: SchemaNode, path: Path): void {
    this.c.base.ctx.spend();
    // One subschema deeper, paired below: a chain of `$ref`s deeper than MAX_SCHEMA_DEPTH ends the diff, not the stack.
    this.c.base.ctx.enter();
    try {
      // A union folded into a type list on one side meets a union kept as written on the other (because of a
      // sibling keyword): compare both as written.
      if (b.kind === 'schema' && a.kind === 'schema') {
        if (unionOf(a.schema) && !unionOf(b.schema) && unionOf(b.raw)) b = { ...b, schema: b.raw };
        else if (unionOf(b.schema) && !unionOf(a.schema) && unionOf(a.raw)) a = { ...a, schema: a.raw };
      }
      if (b.kind === 'unresolved' || a.kind === 'unresolved') {
        if (b.kind === 'unresolved' && a.kind === 'unresolved' && b.ref === a.ref) return;
        unresolvable(this, b, a, path);
        return;
      }
      if (b.kind === 'false' || a.kind === 'false') {
        if (b.kind !== a.kind) falseSchemas(this, b, a, path);
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
      this.dispatch(b, a, path);
    } finally {
      this.c.base.ctx.leave();
    }
  }

  private dispatch(b: SchemaOnly, a: SchemaOnly, path: Path): void {
    annotations(this, b, a, path);
    // A bare union compared against the other side as a whole leaves nothing else to compare.
    if (unions(this, b, a, path)) return;
    const types = { before: typesOf(this.c.base, b), after: typesOf(this.c.head, a) };
    for (const detector of DETECTORS) {
      if (detector.type && !(admits(types.before, detector.type) && admits(types.after, detector.type))) continue;
      detector.detect(this, b, a, path, types);
    }
  }

  report(change: SchemaChange): void {
    if (this.probing && change.family !== 'ref-unresolvable') {
      // A probe only learns the effect; no message, pointer or fingerprint is made for it.
      learn(this.nested, requireRule(ruleOf(this.c.area, change)).effect);
      return;
    }
    this.findings.push(findingOf(this.c, change));
  }

  adopt(findings: readonly LocatedFinding[]): void {
    this.findings.push(...findings);
  }

  /**
   * What comparing b with a would report, as effects, without reporting it: a separate walk (own visited
   * pairs), so probing never hides a pair from the real walk.
   */
  probe(b: SchemaNode, a: SchemaNode, path: Path = [], unguarded = false): ProbeOutcome {
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
    const learnt: ProbeResult = { ...walker.nested };
    const unresolvable: LocatedFinding[] = [];
    for (const located of walker.findings) {
      if (located.finding.rule === 'schema-ref-unresolvable') unresolvable.push(located);
      learn(learnt, ruleById(located.finding.rule)?.effect);
    }
    const { narrows, widens } = learnt;
    // A result that assumed a pair in progress changes nothing holds only within that recursion: not memoised.
    if (pair && this.state.assumptions === assumedBefore) {
      let row = memo.get(pair[0]);
      if (!row) memo.set(pair[0], (row = new WeakMap()));
      row.set(pair[1], { narrows, widens });
    }
    return { narrows, widens, unresolvable };
  }
}
