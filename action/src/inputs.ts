// The Action's inputs, read through @actions/core the way action.yml declares them, and validated once so that
// a typo fails the step with one clear line instead of a surprise later.
import * as core from '@actions/core';
import { UsageError } from '../../src/errors.js';
import type { FailOn } from '../../src/policy/types.js';
import { SHOW_LEVELS, type ShowLevel } from '../../src/report/types.js';

export interface ActionInputs {
  /** The committed snapshot, relative to the workspace. */
  snapshot: string;
  /** A commit or ref to compare with; empty means "from the event". */
  base?: string;
  serverCommand?: string;
  serverUrl?: string;
  config?: string;
  /** Overrides the policy file's failOn when set. */
  failOn?: FailOn;
  /** Which findings become annotations. */
  show: ShowLevel;
  comment: boolean;
  approveLabel: string;
  token: string;
}

const FAIL_ON: readonly FailOn[] = ['breaking', 'warning', 'never'];

function optional(name: string): string | undefined {
  const value = core.getInput(name);
  return value === '' ? undefined : value;
}

export function readInputs(): ActionInputs {
  const failOn = optional('fail-on');
  if (failOn !== undefined && !FAIL_ON.includes(failOn as FailOn)) {
    throw new UsageError(`input fail-on: "${failOn}" is not one of ${FAIL_ON.join(', ')}`);
  }
  const show = optional('show') ?? 'warning';
  if (!SHOW_LEVELS.includes(show as ShowLevel)) throw new UsageError(`input show: "${show}" is not one of ${SHOW_LEVELS.join(', ')}`);
  const commentText = optional('comment') ?? 'true';
  if (!['true', 'false'].includes(commentText.toLowerCase())) throw new UsageError(`input comment: "${commentText}" is not true or false`);
  const serverCommand = optional('server-command');
  const serverUrl = optional('server-url');
  if (serverCommand !== undefined && serverUrl !== undefined) {
    throw new UsageError('inputs server-command and server-url: give one live server, not both');
  }
  return {
    snapshot: optional('snapshot') ?? 'mcp-snapshot.json',
    base: optional('base'),
    serverCommand,
    serverUrl,
    config: optional('config'),
    failOn: failOn as FailOn | undefined,
    show: show as ShowLevel,
    comment: commentText.toLowerCase() === 'true',
    approveLabel: optional('approve-label') ?? 'mcp-breaking-change-approved',
    token: optional('github-token') ?? '',
  };
}
