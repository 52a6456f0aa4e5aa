// What a schema change means for clients, said when a finding is rendered: it follows the finding's final severity
// (after the policy), so a change a policy marks safe never reads "arguments valid before may now be rejected".
// The finding's message says only what changed.
import { ruleById } from '../diff/rules.js';
import type { Finding } from '../diff/types.js';
import { clip } from './sanitize.js';

/**
 * The consequence to append to a finding's message: for a schema finding that is breaking after the policy and
 * whose change really can reject data in that direction (input: values valid before; output: results an old
 * client validates), with its witness when it has one. Empty otherwise.
 */
export function consequenceText(finding: Pick<Finding, 'rule' | 'severity' | 'example'>): string {
  if (finding.severity !== 'breaking') return '';
  const rule = ruleById(finding.rule);
  if (rule?.family === undefined || rule.direction === 'none') return '';
  const input = rule.direction === 'request';
  // A change the policy made breaking that only widens an input (or narrows an output) rejects nothing.
  if (rule.effect !== 'incomparable' && rule.effect !== (input ? 'narrows' : 'widens')) return '';
  const example = 'example' in finding ? clip(JSON.stringify(finding.example) ?? 'null', 160) : undefined;
  if (input) return example === undefined ? '; arguments valid before may now be rejected' : `; e.g. ${example} is now rejected`;
  return example === undefined
    ? '; results may now fail validation in clients built against the old outputSchema'
    : `; e.g. ${example} is now possible and clients on the old outputSchema reject it`;
}

/** A finding's line: what changed, then what it means at its final severity. */
export function findingText(finding: Finding): string {
  return finding.message + consequenceText(finding);
}
