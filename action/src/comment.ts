// The one living PR comment: found by a hidden marker, created only when there is something to say, updated in
// place on every run, and marked resolved once a later push removes what made it fail.
import type { Octokit } from 'octokit';
import { describeApiError, isTransient, RETRY_DELAYS_MS, sleep, statusOf } from './github.js';

export const COMMENT_MARKER = '<!-- mcp-drift-guard -->';
const STATE_PATTERN = /<!-- mcp-drift-guard-state: (\{.*?\}) -->/;

/** What the comment remembers between runs, so that a later run can say "resolved". */
export interface CommentState {
  failing: boolean;
  /** The committed snapshot did not match the live server. */
  stale?: boolean;
}

export interface CommentTarget {
  owner: string;
  repo: string;
  issueNumber: number;
}

/** The account the token acts as: only its comments are ours to adopt, edit or delete. */
export interface Identity {
  login: string;
  /** The account's numeric id, as REST shows it in `user.id`; null for an account GraphQL gives none. */
  id: number | null;
}

/**
 * Whom the token acts as. REST's GET /user refuses installation tokens (the workflow's GITHUB_TOKEN is one: it acts
 * as github-actions[bot]), and GET /app wants the app's JWT; GraphQL's `viewer` answers every kind of token.
 */
export async function tokenIdentity(octokit: Octokit): Promise<Identity> {
  const { viewer } = await octokit.graphql<{ viewer: { login: string; databaseId: number | null } }>('query { viewer { login databaseId } }');
  return { login: viewer.login, id: viewer.databaseId };
}

function writtenBy(user: { login: string; id: number } | null | undefined, identity: Identity): boolean {
  if (!user) return false;
  return identity.id !== null ? user.id === identity.id : user.login === identity.login;
}

export interface ExistingComment {
  id: number;
  body: string;
  state?: CommentState;
}

export function withMarker(body: string, state: CommentState): string {
  return `${COMMENT_MARKER}\n<!-- mcp-drift-guard-state: ${JSON.stringify(state)} -->\n${body}`;
}

export function parseState(body: string): CommentState | undefined {
  const match = STATE_PATTERN.exec(body);
  if (!match) return undefined;
  try {
    const value = JSON.parse(match[1]!) as { failing?: unknown; stale?: unknown };
    return value.stale === true ? { failing: value.failing === true, stale: true } : { failing: value.failing === true };
  } catch {
    return undefined;
  }
}

/**
 * Every comment that starts with the marker and that this token's account wrote, oldest first (normally one; two
 * after a race between runs). Anyone can write the marker: someone else's marked comment is never ours.
 */
async function markedComments(octokit: Octokit, target: CommentTarget, identity: Identity): Promise<ExistingComment[]> {
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    per_page: 100,
  });
  return comments
    .filter((c) => (c.body ?? '').startsWith(COMMENT_MARKER) && writtenBy(c.user, identity))
    .sort((a, b) => a.id - b.id)
    .map((c) => ({ id: c.id, body: c.body ?? '', state: parseState(c.body ?? '') }));
}

/** Our comment on the pull request: the oldest one that starts with the marker. */
export async function findComment(octokit: Octokit, target: CommentTarget, identity: Identity): Promise<ExistingComment | undefined> {
  return (await markedComments(octokit, target, identity))[0];
}

/**
 * Two runs for quick successive pushes may both find no comment and both create one. After creating, keep the
 * oldest marked comment (with this run's body) and delete the others, so every run converges on one comment.
 */
async function keepOne(octokit: Octokit, target: CommentTarget, identity: Identity, createdId: number, body: string): Promise<CommentOutcome> {
  const marked = await markedComments(octokit, target, identity);
  const keep = marked[0];
  if (!keep || keep.id === createdId) return { action: 'created', id: createdId };
  if (keep.body !== body) await octokit.rest.issues.updateComment({ owner: target.owner, repo: target.repo, comment_id: keep.id, body });
  for (const extra of marked.slice(1)) {
    await octokit.rest.issues.deleteComment({ owner: target.owner, repo: target.repo, comment_id: extra.id });
  }
  return { action: 'updated', id: keep.id };
}

export type CommentOutcome = { action: 'created' | 'updated' | 'unchanged'; id: number };

/**
 * Updates our comment or creates it. A 5xx on create may still have created the comment, so the retry looks
 * for it again first instead of posting blindly (one comment, never two).
 */
export async function upsertComment(
  octokit: Octokit,
  target: CommentTarget,
  identity: Identity,
  existing: ExistingComment | undefined,
  body: string,
  log: (message: string) => void,
): Promise<CommentOutcome> {
  let current = existing;
  for (let attempt = 0; ; attempt++) {
    try {
      if (current) {
        if (current.body === body) return { action: 'unchanged', id: current.id };
        await octokit.rest.issues.updateComment({ owner: target.owner, repo: target.repo, comment_id: current.id, body });
        return { action: 'updated', id: current.id };
      }
      const created = await octokit.rest.issues.createComment({ owner: target.owner, repo: target.repo, issue_number: target.issueNumber, body });
      return await keepOne(octokit, target, identity, created.data.id, body);
    } catch (error) {
      if (!isTransient(error) || attempt >= RETRY_DELAYS_MS.length) throw error;
      log(`writing the PR comment failed (${describeApiError(error)}); retrying`);
      await sleep(RETRY_DELAYS_MS[attempt]!);
      current = await findComment(octokit, target, identity);
    }
  }
}

/** Labels on the pull request right now (the event's copy is stale when a label was added after it fired). */
export async function currentLabels(octokit: Octokit, target: CommentTarget): Promise<string[]> {
  const labels = await octokit.paginate(octokit.rest.issues.listLabelsOnIssue, {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    per_page: 100,
  });
  return labels.map((l) => l.name);
}

/** A read-only token (a fork's pull request) cannot write comments: GitHub answers 403, sometimes 404. */
export function isPermissionError(error: unknown): boolean {
  const status = statusOf(error);
  return status === 403 || status === 404;
}
