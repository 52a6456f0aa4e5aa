// One run of the Action: read inputs and event, diff base against head with the core, then tell GitHub (annotations,
// job summary, outputs, the PR comment) and decide. GitHub API trouble is reported, never allowed to change the verdict.
import * as core from '@actions/core';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Octokit } from 'octokit';
import { diffWithExamples } from '../../src/diff/index.js';
import { describeError } from '../../src/errors.js';
import type { DiffReport, Finding } from '../../src/diff/types.js';
import { evaluate } from '../../src/evaluate.js';
import { withFailOn } from '../../src/policy/index.js';
import type { PolicyResult } from '../../src/policy/types.js';
import { findingLine } from '../../src/report/finding-line.js';
import { renderReport, type RenderOptions } from '../../src/report/index.js';
import { currentLabels, findComment, isPermissionError, tokenIdentity, upsertComment, withMarker, type CommentState, type CommentTarget, type Identity } from './comment.js';
import { readEvent, type RunEvent } from './event.js';
import { assertGitCheckout } from './git.js';
import { createGitHubClient, describeApiError } from './github.js';
import { readInputs, type ActionInputs } from './inputs.js';
import { approvedBlock, howToApproveBlock, noBaselineLine, policyChangeBlock, policyChangeLead, resolvedBlock, staleBlock } from './messages.js';
import { describePolicyChange, loadPolicySides, type PolicyChange } from './policy-sides.js';
import { readBase, readHead, type BaseSide, type HeadSide } from './snapshots.js';

interface Outcome {
  inputs: ActionInputs;
  event: RunEvent;
  head: HeadSide;
  report: DiffReport;
  policy: PolicyResult;
  /** Set when the pull request changes the policy: what its policy would decide once merged. */
  policyChange?: PolicyChange;
  renderOptions: RenderOptions;
  /** Where every finding can be read when the comment cuts some. */
  fullReport: string;
  /** Lines about the comparison itself (no baseline, first push of a branch). */
  notes: string[];
}

async function compare(env: NodeJS.ProcessEnv, cwd: string): Promise<Outcome> {
  const inputs = readInputs();
  const event = readEvent(env);
  await assertGitCheckout(cwd);
  const notes: string[] = [];
  const choice = inputs.base !== undefined ? { ref: inputs.base, reason: 'the base input' } : event.base;
  let base: BaseSide | undefined;
  if (choice) {
    base = await readBase(choice, inputs.snapshot, cwd);
    const resolved = base.sha === choice.ref ? '' : ` = ${base.sha}`;
    core.info(`Base: ${choice.ref} (${choice.reason})${resolved}${base.fetched ? ', fetched from origin' : ''}`);
  }
  // Before any capture: a typo in either policy fails at once, not after starting the server.
  const policies = await loadPolicySides(inputs.config, cwd, base?.sha);
  core.info(`Policy: ${policies.source}`);
  const judging = withFailOn(policies.judging, inputs.failOn);

  if (event.name === 'pull_request_target' && inputs.serverCommand !== undefined) {
    core.warning('server-command on pull_request_target runs code from the pull request with a token that can write to this repository; prefer pull_request.');
  }
  const head = await readHead(inputs, cwd, env, (message) => core.info(message));
  if (base && !base.snapshot) notes.push(noBaselineLine(head.snapshot.file ?? inputs.snapshot, base.sha));
  if (!choice) notes.push(`The ${event.name} event names no earlier commit (a new branch's first push): nothing to compare with.`);
  core.info(`Head: ${head.snapshot.source}`);

  const now = new Date();
  // No base snapshot: the head compared with itself, which has no finding and reports the head's server on both sides.
  const baseSide = base?.snapshot ?? { ...head.snapshot, source: '(no snapshot at the base commit)' };
  const findings = base?.snapshot ? await diffWithExamples(base.snapshot.snapshot, head.snapshot.snapshot) : [];
  const { report, result: policy } = evaluate({ base: baseSide, head: head.snapshot, policy: judging, findings, now });
  const versions = { base: baseSide.snapshot.server, head: head.snapshot.snapshot.server };
  const policyChange = policies.proposed ? describePolicyChange(findings, policy, policies.proposed, inputs.failOn, now, versions) : undefined;
  const renderOptions: RenderOptions = {
    failOn: policy.failOn,
    head: { file: head.snapshot.file, text: head.snapshot.text },
    ignored: policy.ignored,
    notices: policy.notices,
  };
  return { inputs, event, head, report, policy, policyChange, renderOptions, fullReport: fullReportPointer(env), notes };
}

/** The approve label as the pull request carries it now; the event's copy if the API cannot say. */
async function isApproved(octokit: Octokit | undefined, target: CommentTarget, outcome: Outcome): Promise<boolean> {
  const label = outcome.inputs.approveLabel;
  let labels = outcome.event.pullRequest?.labels ?? [];
  if (octokit) {
    try {
      labels = await currentLabels(octokit, target);
    } catch (error) {
      core.warning(`Could not read the pull request's labels (${describeApiError(error)}); using the labels in the event payload.`);
    }
  }
  return labels.includes(label);
}

/** GitHub refuses a comment over 65,536 characters; the summary is held to the same, with room for the marker. */
const BODY_MAX_BYTES = 60_000;
/** Kept back for the comment's marker and state line. */
const MARKER_BYTES = 200;
/** The approval list's share: the report (breaking first) gets the rest. */
const APPROVED_MAX_BYTES = 12_000;

/** Where a reader finds what the comment had to cut: the run's log (every finding is annotated) and the JSON report. */
function fullReportPointer(env: NodeJS.ProcessEnv): string {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = env;
  const log = server && repository && runId && /^\d+$/.test(runId) ? `the job log of [this run](${server}/${repository}/actions/runs/${runId})` : "this run's job log";
  return `every finding is in ${log} and in the JSON report the step's \`report\` output names`;
}

function composeBody(outcome: Outcome, parts: { approved?: Finding[]; failing: boolean; resolved?: CommentState }): string {
  const { inputs, head, report, renderOptions, notes, event, fullReport } = outcome;
  const before: string[] = [];
  const after: string[] = [];
  if (parts.resolved) before.push(resolvedBlock(event.pullRequest?.headSha ?? event.headSha, parts.resolved.stale === true));
  if (head.stale) before.push(staleBlock(head.stale));
  if (outcome.policyChange) before.push(policyChangeBlock(outcome.policyChange));
  if (parts.approved) before.push(approvedBlock(inputs.approveLabel, parts.approved, APPROVED_MAX_BYTES, fullReport));
  for (const note of notes) after.push(`> **Note:** ${note}\n`);
  if (parts.failing && !parts.approved && event.pullRequest && outcome.policy.failed) after.push(howToApproveBlock(inputs.approveLabel));
  const used = [...before, ...after].reduce((sum, section) => sum + Buffer.byteLength(section) + 1, MARKER_BYTES);
  const markdown = renderReport(report, 'markdown', { ...renderOptions, maxBytes: BODY_MAX_BYTES - used, fullReport });
  return [...before, markdown, ...after].join('\n');
}

async function comment(octokit: Octokit, target: CommentTarget, outcome: Outcome, failing: boolean, approved: Finding[] | undefined): Promise<void> {
  const { summary } = outcome.report;
  const somethingToSay = failing || outcome.head.stale !== undefined || summary.breaking + summary.warning > 0;
  let identity: Identity;
  try {
    identity = await tokenIdentity(octokit);
  } catch (error) {
    // Without it no comment can be told to be ours: editing one could edit someone else's, posting could repeat.
    core.warning(`Could not tell which account the token acts as (${describeApiError(error)}); the PR comment is not updated. The verdict stands.`);
    return;
  }
  let existing;
  try {
    existing = await findComment(octokit, target, identity);
  } catch (error) {
    core.warning(`Could not read the pull request's comments (${describeApiError(error)}); the PR comment is not updated. The verdict stands.`);
    return;
  }
  if (!existing && !somethingToSay) {
    core.info('Nothing to say on the pull request: no comment.');
    return;
  }
  // Resolved: the last run failed and this one does not; say what was fixed.
  const resolved = existing?.state?.failing === true && !failing ? existing.state : undefined;
  const state: CommentState = outcome.head.stale ? { failing, stale: true } : { failing };
  const body = withMarker(composeBody(outcome, { approved, failing, resolved }), state);
  try {
    const result = await upsertComment(octokit, target, identity, existing, body, (message) => core.info(message));
    core.info(`PR comment ${result.id}: ${result.action}.`);
  } catch (error) {
    if (isPermissionError(error)) {
      core.notice(
        `Skipped the PR comment: this token cannot write to the pull request (${describeApiError(error)}). ` +
          `Pull requests from forks get a read-only GITHUB_TOKEN; the job summary and annotations carry the report.`,
      );
    } else {
      core.warning(`Could not write the PR comment (${describeApiError(error)}). The verdict stands.`);
    }
  }
}

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const cwd = env.GITHUB_WORKSPACE || process.cwd();
  const outcome = await compare(env, cwd);
  const { inputs, event, head, report, policy, renderOptions } = outcome;

  // Annotations: the runner turns workflow commands on stdout into them.
  process.stdout.write(renderReport(report, 'github', { ...renderOptions, show: inputs.show }));
  if (head.stale) core.error(`${head.stale.reason}. Refresh it with: ${head.stale.refresh}`, { title: 'Stale MCP snapshot', file: head.snapshot.file });
  if (outcome.policyChange) {
    core.warning(`${policyChangeLead(outcome.policyChange)} Once merged: ${outcome.policyChange.lines.join('; ')}.`, {
      title: 'MCP drift policy changed',
      file: outcome.policyChange.path,
    });
  }

  const reportPath = join(env.RUNNER_TEMP || tmpdir(), 'mcp-drift-guard-report.json');
  await writeFile(reportPath, renderReport(report, 'json'));

  const pr = event.pullRequest;
  const target: CommentTarget = { owner: event.owner, repo: event.repo, issueNumber: pr?.number ?? 0 };
  const apiUrl = env.GITHUB_API_URL || 'https://api.github.com';
  const octokit = pr && inputs.token !== '' ? createGitHubClient(inputs.token, apiUrl, (m) => core.info(m)) : undefined;

  const findingsFail = policy.failed;
  const approvedFindings = findingsFail && pr && (await isApproved(octokit, target, outcome)) ? policy.blocking : undefined;
  const failing = findingsFail || head.stale !== undefined;

  const summaryBody = composeBody(outcome, { approved: approvedFindings, failing });
  if (env.GITHUB_STEP_SUMMARY) {
    try {
      await core.summary.addRaw(summaryBody, true).write();
    } catch (error) {
      core.warning(`Could not write the job summary (${describeError(error)}); the verdict stands.`);
    }
  }

  core.setOutput('breaking', report.summary.breaking > 0 ? 'true' : 'false');
  core.setOutput('breaking-count', String(report.summary.breaking));
  core.setOutput('warning-count', String(report.summary.warning));
  core.setOutput('safe-count', String(report.summary.safe));
  core.setOutput('report', reportPath);

  if (pr && inputs.comment) {
    if (octokit) await comment(octokit, target, outcome, failing, approvedFindings);
    else core.notice('Skipped the PR comment: the github-token input is empty.');
  }

  if (approvedFindings) {
    core.notice(`Approved with the label "${inputs.approveLabel}":\n${approvedFindings.map((f) => `- ${findingLine(f)}`).join('\n')}`, {
      title: 'MCP changes approved',
    });
  }
  const reasons: string[] = [];
  if (findingsFail && !approvedFindings) {
    const counted = policy.blocking;
    reasons.push(
      `${counted.length} MCP change${counted.length === 1 ? '' : 's'} at or above fail-on ${policy.failOn} (see the job summary)` +
        (pr ? `; to ship anyway, add the label "${inputs.approveLabel}" to the pull request` : ''),
    );
  }
  if (head.stale) reasons.push(`${head.stale.reason}; refresh it with: ${head.stale.refresh}`);
  if (reasons.length > 0) core.setFailed(reasons.join('. '));
}
