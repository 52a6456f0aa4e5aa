// Which policy judges a change: the one at the base commit. A pull request may edit any file, the policy
// included, and its author is not trusted (fork PRs): a PR that adds `failOn: never` must not pass itself. The
// PR's own policy is still loaded (a typo in it fails now, not after the merge) and compared, so the report can
// say what it would change once merged.
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { Finding } from '../../src/diff/types.js';
import { applyPolicy, DEFAULT_POLICY, formatSubject, loadPolicy, parsePolicy, POLICY_FILE_NAME } from '../../src/policy/index.js';
import type { FailOn, Policy, PolicyResult } from '../../src/policy/types.js';
import { gitPath, readFromCommit } from './git.js';

export interface PolicySides {
  /** The policy that judges: the base commit's, or the workspace's when there is no base commit. */
  judging: Policy;
  /** Where the judging policy came from, for the log. */
  source: string;
  /** The pull request's own policy, when it says something else than the judging one. */
  proposed?: { policy: Policy; path: string };
}

/** Policies compare by what they say, not by how the file is formatted. */
function sameRules(a: Policy, b: Policy): boolean {
  return JSON.stringify([a.failOn, a.rules, a.ignore]) === JSON.stringify([b.failOn, b.rules, b.ignore]);
}

/**
 * Loads the workspace's policy (`config`, or the nearest `.mcp-drift-guard.yml`) and, when there is a base commit,
 * the same file at that commit. A policy outside the workspace is not in the repository, so no PR can change it.
 */
export async function loadPolicySides(config: string | undefined, cwd: string, baseSha: string | undefined): Promise<PolicySides> {
  const head = await loadPolicy(config, cwd);
  const relativePath = relative(cwd, resolve(cwd, config ?? POLICY_FILE_NAME));
  const inRepository = !relativePath.startsWith('..') && !isAbsolute(relativePath);
  if (baseSha === undefined || !inRepository) return { judging: head, source: head.file ?? 'the built-in defaults' };

  const path = gitPath(relativePath, cwd);
  const label = `${path.slice(2)} at the base commit ${baseSha.slice(0, 12)}`;
  const text = await readFromCommit(baseSha, path, cwd);
  let base: Policy;
  if (text !== undefined) base = { ...parsePolicy(text, label), file: label };
  // Not in the base commit: what applied there is a policy above the workspace, or the defaults.
  else if (config === undefined) base = await loadPolicy(undefined, dirname(cwd));
  else base = { ...DEFAULT_POLICY, rules: {}, ignore: [] };
  const source = base.file ?? `the built-in defaults (no ${path.slice(2)} at the base commit ${baseSha.slice(0, 12)})`;
  return sameRules(base, head) ? { judging: base, source } : { judging: base, source, proposed: { policy: head, path: path.slice(2) } };
}

/** What the pull request's policy would decide, next to what the base's decided, in words for the report. */
export interface PolicyChange {
  path: string;
  /** One line each: the verdict, fail-on, and the findings that would stop or start counting. */
  lines: string[];
}

/** Subjects named in a line; the report's tables have every finding. */
const SUBJECTS_NAMED = 10;

function countOf(findings: Finding[], noun: string): string {
  return `${findings.length} ${noun}${findings.length === 1 ? '' : 's'}`;
}

function subjects(findings: Finding[]): string {
  const names = findings.slice(0, SUBJECTS_NAMED).map((f) => `${formatSubject(f.subject)} (${f.rule})`);
  return names.join(', ') + (findings.length > SUBJECTS_NAMED ? `, and ${findings.length - SUBJECTS_NAMED} more` : '');
}

function fingerprints(findings: Finding[]): Set<string> {
  return new Set(findings.map((f) => f.fingerprint));
}

export function describePolicyChange(
  findings: Finding[],
  judged: PolicyResult,
  proposed: { policy: Policy; path: string },
  failOnInput: FailOn | undefined,
  now: Date,
  versions: Parameters<typeof applyPolicy>[3],
): PolicyChange {
  const policy = failOnInput !== undefined ? { ...proposed.policy, failOn: failOnInput } : proposed.policy;
  const would = applyPolicy(findings, policy, now, versions);
  const lines: string[] = [];
  if (would.failed !== judged.failed) lines.push(would.failed ? 'this check would fail instead of pass' : 'this check would pass instead of fail');
  else lines.push(`this check would ${would.failed ? 'still fail' : 'still pass'}`);
  if (would.failOn !== judged.failOn) lines.push(`fail-on would be ${would.failOn} instead of ${judged.failOn}`);
  const nowBlocking = fingerprints(judged.blocking);
  const thenBlocking = fingerprints(would.blocking);
  const released = judged.blocking.filter((f) => !thenBlocking.has(f.fingerprint));
  const added = would.blocking.filter((f) => !nowBlocking.has(f.fingerprint));
  if (released.length > 0) lines.push(`${countOf(released, 'blocking change')} would no longer block: ${subjects(released)}`);
  if (added.length > 0) lines.push(`${countOf(added, 'more change')} would block: ${subjects(added)}`);
  return { path: proposed.path, lines };
}
