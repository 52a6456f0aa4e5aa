// The detectors, in the order the walker runs them on each pair of schema nodes. A detector reads one family of
// keywords on both sides and reports typed changes or compares their subschemas; a new keyword is one row in
// the registry (keywords.ts) and one detector here. Annotations and unions run first (walker.ts): a bare union
// compared as a whole leaves nothing for the rest.

import type { Path } from '../change.js';
import type { TypeSet } from '../facets.js';
import type { SchemaOnly } from '../nodes.js';
import type { Walk } from '../walker.js';
import { applicators } from './applicators.js';
import { arrays } from './arrays.js';
import { allOf, not } from './combinators.js';
import { numbers } from './numbers.js';
import { objects } from './objects.js';
import { opaque } from './opaque.js';
import { strings } from './strings.js';
import { typesAndValues } from './values.js';

export interface Detector {
  /** Run only when both sides admit this instance type. */
  type?: 'string' | 'number' | 'object' | 'array';
  detect(w: Walk, b: SchemaOnly, a: SchemaOnly, path: Path, types: { before: TypeSet; after: TypeSet }): void;
}

export const DETECTORS: readonly Detector[] = [
  { detect: typesAndValues },
  { type: 'string', detect: strings },
  { type: 'number', detect: numbers },
  { type: 'object', detect: objects },
  { type: 'array', detect: arrays },
  { detect: allOf },
  { detect: not },
  { detect: applicators },
  { detect: opaque },
];
