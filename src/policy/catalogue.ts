// Every rule a finding can carry, from both catalogues (the diff engine's and the Kubernetes lint's), in one
// shape: what a policy may name, what `rules` lists and what SARIF describes.
import { RULES, type RuleDefinition } from '../diff/rules.js';
import { LINT_RULES } from '../lint/rules.js';

export type CatalogueRule = Pick<RuleDefinition, 'id' | 'severity' | 'direction' | 'title' | 'description' | 'example'> & {
  /** `diff` for snapshot changes, `lint` for Kubernetes manifest checks. */
  source: 'diff' | 'lint';
};

const pick =
  (source: CatalogueRule['source']) =>
  ({ id, severity, direction, title, description, example }: Omit<CatalogueRule, 'source'>): CatalogueRule => ({ id, severity, direction, title, description, example, source });

export const CATALOGUE: readonly CatalogueRule[] = Object.freeze([...RULES.map(pick('diff')), ...LINT_RULES.map(pick('lint'))]);

const BY_ID = new Map(CATALOGUE.map((rule) => [rule.id, rule]));

export function catalogueRule(id: string): CatalogueRule | undefined {
  return BY_ID.get(id);
}
