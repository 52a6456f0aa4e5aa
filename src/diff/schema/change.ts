// What the schema walker yields: one typed change per difference it finds, by family (the catalogue's schema
// family, without the input-/output- prefix), with where it is and the values on each side. It carries data, not
// words: findings.ts turns each change into a finding (rule, severity, message) in one place.

import type { SchemaFamilyId } from '../rules.js';
import type { Bound, TypeSet } from './facets.js';

export type Path = readonly string[];

interface Located {
  /** Where in the instance the change is (`properties`, name, `items`, ...): the location and the place the message names. */
  path: Path;
  /** The place the message names when it is not `path` (an additionalProperties change is said of its object). */
  shownPath?: Path;
  /** Appended to the location (e.g. `/enum/"a"`), so two changes at one place keep apart fingerprints. */
  at?: string;
  /** JSON Pointers into the base and head snapshot; absent on the side that lacks the thing. */
  pointer: { before?: string | undefined; after?: string | undefined };
  before?: unknown;
  after?: unknown;
}

/** Families whose message is the same every time. */
type FixedFamily = Extract<
  SchemaFamilyId,
  | 'additional-properties-closed'
  | 'additional-properties-opened'
  | 'schema-closed'
  | 'schema-opened'
  | 'property-removed-open'
  | 'property-removed-closed'
  | 'property-added'
  | 'property-added-closed'
  | 'required-property-added'
  | 'required-property-removed'
  | 'unique-items-added'
  | 'unique-items-removed'
  | 'one-of-exclusivity-removed'
  | 'any-of-added'
  | 'any-of-removed'
  | 'one-of-added'
  | 'one-of-removed'
>;

/** Families said by the values on each side alone. */
type ValueFamily = Extract<
  SchemaFamilyId,
  | 'description-changed'
  | 'const-changed'
  | 'const-added'
  | 'const-removed'
  | 'enum-added'
  | 'enum-removed'
  | 'enum-value-added'
  | 'enum-value-removed'
  | 'all-of-schema-added'
  | 'all-of-schema-removed'
  | 'any-of-option-added'
  | 'any-of-option-removed'
  | 'one-of-option-added'
  | 'one-of-option-removed'
  | 'conditional-added'
  | 'conditional-removed'
>;

/** A keyword added, removed or changed, said by its name and its values. */
type KeywordFamily = Extract<
  SchemaFamilyId,
  | 'pattern-added'
  | 'pattern-removed'
  | 'pattern-changed'
  | 'format-added'
  | 'format-removed'
  | 'format-changed'
  | 'property-names-added'
  | 'property-names-removed'
  | 'contains-added'
  | 'contains-removed'
  | 'constraint-added'
  | 'constraint-removed'
  | 'constraint-changed'
  | 'not-tightened'
  | 'not-loosened'
  | 'not-changed'
>;

type CountFamily = Extract<SchemaFamilyId, `${'min' | 'max'}-${'length' | 'items' | 'properties' | 'contains'}-${'tightened' | 'loosened'}`>;

export type SchemaChange = Located &
  (
    | { family: FixedFamily }
    | { family: ValueFamily }
    | { family: KeywordFamily; keyword: string; edit: 'added' | 'removed' | 'changed' }
    | { family: 'type-narrowed' | 'type-widened' | 'type-changed'; types: { before: TypeSet; after: TypeSet } }
    | { family: Extract<SchemaFamilyId, `${'minimum' | 'maximum'}-${string}`>; keyword: 'minimum' | 'maximum'; bounds: { before: Bound | null; after: Bound | null } }
    | { family: CountFamily; keyword: string; before?: number; after?: number }
    | { family: 'multiple-of-tightened' | 'multiple-of-loosened' | 'multiple-of-changed'; before?: number; after?: number }
    | { family: 'default-changed'; removed: boolean }
    | { family: 'required-defaulted-property-added'; default: unknown }
    | { family: 'one-of-options-overlap'; options: readonly [number, number] }
    | { family: 'dependent-required-added' | 'dependent-required-removed' | 'dependent-schema-added' | 'dependent-schema-removed'; name: string }
    /** The catch-all where meaning is not compared: an if condition changed, or a schema nests too deep. */
    | { family: 'constraint-changed'; why: 'condition' | 'nesting' }
    /** A `$ref` not followed (its own surface rule, schema-ref-unresolvable, in either area). */
    | { family: 'ref-unresolvable'; ref: string }
  );
