// The words the Action adds around the core's markdown report: stale snapshot, approval, how to approve,
// resolved. Pure functions, so the comment, the job summary and the notices say the same thing.
import type { Finding } from '../../src/diff/types.js';
import { findingLine } from '../../src/report/finding-line.js';
import { escapeCell } from '../../src/report/markdown.js';
import { clip } from '../../src/report/sanitize.js';
import type { PolicyChange } from './policy-sides.js';
import type { StaleSnapshot } from './snapshots.js';

/** The refresh command quotes the workflow's server-command: bounded so the comment stays under GitHub's limit. */
const REFRESH_CHARS = 2_000;

export function staleBlock(stale: StaleSnapshot): string {
  return `**❌ ${clip(stale.reason, 300)}.** Refresh it and commit the result:\n\n\`\`\`sh\n${clip(stale.refresh, REFRESH_CHARS)}\n\`\`\`\n`;
}

/** Longest approval list written out in a comment; the json report and the notice have all of them. */
const APPROVED_SHOWN = 50;
/** An approved finding's line: a server may name a tool with 3,000 characters. */
const APPROVED_LINE_CHARS = 300;

/** The approved findings, as many as fit in `maxBytes`; `fullReport` says where the rest are. */
export function approvedBlock(label: string, approved: Finding[], maxBytes: number, fullReport: string): string {
  const lead = `**✅ Approved** with the label \`${label}\`: these changes ship as they are.\n\n`;
  let budget = maxBytes - Buffer.byteLength(lead) - Buffer.byteLength(fullReport) - 100;
  const list: string[] = [];
  for (const finding of approved.slice(0, APPROVED_SHOWN)) {
    // Finding messages quote server-supplied names: escaped so they cannot add markup or @mention anyone.
    const line = `- ${escapeCell(clip(findingLine(finding), APPROVED_LINE_CHARS))}`;
    const size = Buffer.byteLength(line) + 1;
    if (size > budget) break;
    budget -= size;
    list.push(line);
  }
  if (approved.length > list.length) list.push(`- …and ${approved.length - list.length} more: ${fullReport}`);
  return `${lead}${list.join('\n')}\n`;
}

export function howToApproveBlock(label: string): string {
  return (
    `If these breaking changes are intended (every client is updated, or the server is rolled out blue-green), ` +
    `add the label \`${label}\` to this pull request and re-run the check: it then passes and lists what was approved.\n`
  );
}

export function resolvedBlock(sha: string | undefined, wasStale: boolean): string {
  const what = wasStale ? 'the stale snapshot and the failing changes reported earlier are fixed' : 'the failing changes reported earlier are gone';
  return `**✅ Resolved**${sha ? ` in ${sha.slice(0, 7)}` : ''}: ${what}.\n`;
}

export function noBaselineLine(path: string, sha: string): string {
  return `${path} did not exist at the base commit ${sha.slice(0, 12)}: nothing to compare yet, this change introduces the snapshot.`;
}

export function policyChangeLead(change: PolicyChange): string {
  return `This pull request changes the policy ${change.path}; it is judged by the policy at its base commit, and its own applies once merged.`;
}

export function policyChangeBlock(change: PolicyChange): string {
  // The lines name subjects from the snapshot, which the PR controls: escaped like every finding.
  const lines = change.lines.map((line) => `- ${escapeCell(line)}`);
  return `**⚠️ ${escapeCell(policyChangeLead(change))}** Under the pull request's policy:\n\n${lines.join('\n')}\n`;
}
