// What the triggering event says: which repository, which pull request (if any), and which commit to compare
// with. Reads GITHUB_EVENT_NAME / GITHUB_EVENT_PATH directly; the payload shapes are GitHub's webhook payloads.
import { readFileSync } from 'node:fs';
import { UsageError } from '../../src/errors.js';

export interface PullRequestInfo {
  number: number;
  baseSha: string;
  headSha: string;
  /** Labels as the event saw them; the live list is read through the API (labels change after the event). */
  labels: string[];
  /** The head lives in another repository: GITHUB_TOKEN is read-only there. */
  fromFork: boolean;
}

export interface BaseChoice {
  /** A commit sha or a ref git can resolve or fetch. */
  ref: string;
  /** Why this base, for the log and the summary. */
  reason: string;
}

export interface RunEvent {
  name: string;
  owner: string;
  repo: string;
  pullRequest?: PullRequestInfo;
  /** Undefined when the event has no earlier commit (a new branch's first push). */
  base?: BaseChoice;
  /** The commit being checked, when the event names one. */
  headSha?: string;
}

const ZERO_SHA = /^0+$/;

type Payload = Record<string, unknown>;

function object(value: unknown): Payload | undefined {
  return value !== null && typeof value === 'object' ? (value as Payload) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function readPayload(path: string | undefined): Payload {
  if (!path) return {};
  try {
    return object(JSON.parse(readFileSync(path, 'utf8'))) ?? {};
  } catch (error) {
    throw new UsageError(`GITHUB_EVENT_PATH ${path}: cannot read the event payload: ${(error as Error).message}`);
  }
}

function pullRequestFrom(payload: Payload): PullRequestInfo | undefined {
  const pr = object(payload.pull_request);
  const base = object(pr?.base);
  const head = object(pr?.head);
  const baseSha = text(base?.sha);
  if (!pr || typeof pr.number !== 'number' || !baseSha) return undefined;
  const labels = Array.isArray(pr.labels) ? pr.labels.map((l) => text(object(l)?.name)).filter((n): n is string => n !== undefined) : [];
  const baseRepo = text(object(base?.repo)?.full_name);
  const headRepo = text(object(head?.repo)?.full_name);
  return {
    number: pr.number,
    baseSha,
    headSha: text(head?.sha) ?? '',
    labels,
    fromFork: headRepo !== undefined && baseRepo !== undefined && headRepo !== baseRepo,
  };
}

export function readEvent(env: NodeJS.ProcessEnv): RunEvent {
  const name = env.GITHUB_EVENT_NAME ?? '';
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (!owner || !repo) throw new UsageError('GITHUB_REPOSITORY is not set to OWNER/REPO: run this inside a GitHub Actions workflow');
  const payload = readPayload(env.GITHUB_EVENT_PATH);
  const event: RunEvent = { name, owner, repo, headSha: text(env.GITHUB_SHA) };

  switch (name) {
    case 'pull_request':
    case 'pull_request_target': {
      const pullRequest = pullRequestFrom(payload);
      if (!pullRequest) throw new UsageError(`${name} event payload has no pull_request.number and base.sha`);
      event.pullRequest = pullRequest;
      event.base = { ref: pullRequest.baseSha, reason: `base of pull request #${pullRequest.number}` };
      break;
    }
    case 'push': {
      const before = text(payload.before);
      if (before && !ZERO_SHA.test(before)) event.base = { ref: before, reason: 'commit before the push' };
      event.headSha = text(payload.after) ?? event.headSha;
      break;
    }
    case 'merge_group': {
      const group = object(payload.merge_group);
      const baseSha = text(group?.base_sha);
      if (baseSha) event.base = { ref: baseSha, reason: `base of the merge group (${text(group?.base_ref) ?? 'target branch'})` };
      event.headSha = text(group?.head_sha) ?? event.headSha;
      break;
    }
    default:
      // workflow_dispatch and anything else: the commit before the checked-out one.
      event.base = { ref: 'HEAD~1', reason: 'the previous commit' };
  }
  return event;
}
