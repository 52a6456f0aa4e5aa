// The state one diff keeps while it compares schemas: memo tables (derived schemas, semantic keys, probe
// results) and the work budget. One context per diff, never shared: the result depends on the two snapshots
// only, and a hostile schema spends its own budget, not a later diff's.

import { SchemaTooComplexError } from '../../errors.js';
import { MAX_NESTING, type PlainObject } from './keywords.js';

/**
 * Steps (schema nodes resolved, normalised, keyed or compared) one diff may take. Real servers' schemas take
 * well under 1% of it even for 1,000 tools; a `$defs` chain built to blow up (each level a union of two
 * references to the next) reaches it within a second, and then the diff ends with SchemaTooComplexError.
 */
export const WORK_BUDGET = 1_000_000;

/**
 * Subschemas one diff may have in progress at once, each inside the last: a property's schema inside its
 * object's, a `$ref`'s target inside the schema that refers to it, an option inside its union. A snapshot's JSON
 * nests at most MAX_NESTING levels, but the walkers (resolving, normalising, comparing, keying) follow `$ref`s
 * by recursion, and a `$defs` chain of 1,000 definitions, each wrapping a reference to the next, overflowed the
 * stack. The same figure, counting each definition entered: the deepest path took 467 on Node.js 24 before the
 * stack ran out (each level a dependentSchemas entry, normalised eagerly), so this leaves it 1.8 times the room.
 */
export const MAX_SCHEMA_DEPTH = MAX_NESTING;

export interface ProbeResult {
  narrows: boolean;
  widens: boolean;
}

export class DiffContext {
  /** A `$ref` merged with its siblings, per document root and source object (identity keeps cycles findable). */
  readonly merged = new WeakMap<object, WeakMap<object, PlainObject>>();
  /** A type-only union folded into one schema, per source object. */
  readonly folded = new WeakMap<object, PlainObject>();
  /** The normalised form of a schema object (allOf merged, tautologies dropped), or false when unsatisfiable. */
  readonly normalised = new WeakMap<object, WeakMap<object, PlainObject | false>>();
  /** Schema objects whose normalisation is in progress: a member leading back to one is left as written. */
  readonly normalising = new WeakSet<object>();
  /** Where a derived schema's subschemas really sit, per document root: subschema object -> JSON Pointer. */
  private readonly origins = new WeakMap<object, WeakMap<object, string>>();
  /** Semantic keys per document root and schema object. */
  readonly keys = new WeakMap<object, Map<object, string>>();
  /** What comparing a pair of schema objects reports, as effects (memoised by pair: a DAG of `$ref`s is walked once per pair). */
  readonly probes = new WeakMap<object, WeakMap<object, ProbeResult>>();
  /** A tool's schemas' semantic key, for rename matching. */
  readonly shapes = new WeakMap<object, string>();
  private work = WORK_BUDGET;
  private depth = 0;
  private readonly typeSets = new WeakMap<object, WeakMap<object, ReadonlySet<string> | null>>();
  /** Semantic key hashes per document root and schema object. */
  readonly hashes = new WeakMap<object, WeakMap<object, string>>();

  /** The types each schema object of this document admits, counting union options (filled by the walker). */
  typeSetsOf(root: unknown): WeakMap<object, ReadonlySet<string> | null> {
    const key = typeof root === 'object' && root !== null ? root : this;
    let map = this.typeSets.get(key);
    if (!map) this.typeSets.set(key, (map = new WeakMap()));
    return map;
  }

  /** Steps taken so far (for measuring the budget against real schemas). */
  get used(): number {
    return this.initial - this.work;
  }

  /** The pointer a subschema object of this document was found at while deriving a schema, if any. */
  originOf(root: unknown, value: unknown): string | undefined {
    if (typeof root !== 'object' || root === null || typeof value !== 'object' || value === null) return undefined;
    return this.origins.get(root)?.get(value);
  }

  /** Records where a subschema object sits (the first place found wins). */
  noteOrigin(root: unknown, value: unknown, pointer: string): void {
    if (typeof root !== 'object' || root === null || typeof value !== 'object' || value === null) return;
    let map = this.origins.get(root);
    if (!map) this.origins.set(root, (map = new WeakMap()));
    if (!map.has(value)) map.set(value, pointer);
  }

  constructor(private readonly initial = WORK_BUDGET) {
    this.work = initial;
  }

  /**
   * One subschema deeper, paired with leave() in a `finally`: over MAX_SCHEMA_DEPTH the diff ends with
   * SchemaTooComplexError. Every recursion that can follow a `$ref` passes here: resolveNode (which normalising
   * recurses through), the schema walker's compare (probes included) and the semantic key. No closure, so
   * the check adds no stack frame to the walks it bounds.
   */
  enter(): void {
    if (this.depth >= MAX_SCHEMA_DEPTH) {
      throw new SchemaTooComplexError(`a schema is too complex to compare (nested deeper than ${MAX_SCHEMA_DEPTH} levels, following its $refs)`);
    }
    this.depth++;
  }

  leave(): void {
    this.depth--;
  }

  /** One step of work; over the budget the diff ends with SchemaTooComplexError. */
  spend(steps = 1): void {
    this.work -= steps;
    if (this.work < 0) throw new SchemaTooComplexError(`a schema is too complex to compare (over ${WORK_BUDGET.toLocaleString('en-US')} steps; nested unions of references?)`);
  }
}
