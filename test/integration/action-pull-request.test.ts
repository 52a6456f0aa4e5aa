// The Action on pull requests, run as the runner runs it: one living comment through the life of a PR
// (created, updated, resolved), the approve label, a fork's read-only token, API retries and a quiet PR.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeGitHub, GITHUB_ACTIONS_BOT, SOMEONE, type Author } from '../fixtures/action/fake-github.js';
import { actionMetadata, annotations, OriginRepo, OWNER, pullRequestPayload, REPO, runAction, TOKEN, type ActionRun } from '../fixtures/action/harness.js';
import { BASE, HEAD_FIXED, HEAD_REMOVES_AND_REQUIRES, HEAD_REMOVES_TOOL } from '../fixtures/action/snapshots.js';

const MARKER = '<!-- mcp-drift-guard -->';
const LABEL = 'mcp-breaking-change-approved';

let origin: OriginRepo;
let baseSha: string;
let github: FakeGitHub;

beforeAll(() => {
  origin = new OriginRepo();
  baseSha = origin.commit({ 'mcp-snapshot.json': BASE, 'README.md': '# notes server\n' }, 'release 1.0.0');
});

afterAll(() => origin.remove());

async function closeGitHub(): Promise<void> {
  expect(github.violations).toEqual([]);
  await github.close();
}

async function startGitHub(options: { readOnly?: boolean } = {}): Promise<FakeGitHub> {
  github = await new FakeGitHub({ owner: OWNER, repo: REPO, token: TOKEN, ...options }).start();
  return github;
}

/** Pushes a head commit with this snapshot and runs the Action on the pull request's synchronize event. */
async function pushAndRun(number: number, snapshot: string, extra: { fork?: boolean; labels?: string[]; inputs?: Record<string, string> } = {}): Promise<ActionRun> {
  const headSha = origin.commit({ 'mcp-snapshot.json': snapshot }, `PR #${number} push`);
  const workspace = origin.checkout(headSha);
  const payload = pullRequestPayload({ number, baseSha, headSha, labels: extra.labels, fork: extra.fork });
  return runAction({ workspace, eventName: 'pull_request', payload, apiUrl: github.url, inputs: extra.inputs, sha: headSha });
}

function resetBranch(): void {
  // Each PR starts from the released commit again (its own branch of history).
  origin.commit({ 'mcp-snapshot.json': BASE }, 'back to base');
}

describe('a pull request through its life', () => {
  // One GitHub for the whole story: the comment must survive from push to push.
  beforeAll(async () => {
    await startGitHub();
  });
  afterAll(async () => {
    await closeGitHub();
    resetBranch();
  });

  /** Requests made during the last run only. */
  let seen = 0;
  function lastRunRequests(): FakeGitHub['requests'] {
    const requests = github.requests.slice(seen);
    seen = github.requests.length;
    return requests;
  }

  it('first push with a breaking change: fails, annotates, summarises, and creates one comment saying how to approve', async () => {
    const run = await pushAndRun(7, HEAD_REMOVES_TOOL);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ breaking: 'true', 'breaking-count': '1', 'warning-count': '0', 'safe-count': '0' });
    // Every output action.yml declares is set.
    expect(Object.keys(run.outputs).sort()).toEqual(Object.keys(actionMetadata().outputs).sort());
    expect(run.report?.summary.breaking).toBe(1);
    expect(run.report?.findings.map((f) => f.severity)).toEqual(['breaking']);

    const errors = annotations(run.stdout).filter((a) => a.command === 'error');
    expect(errors.length).toBeGreaterThanOrEqual(2); // the finding and the failed step
    expect(errors[0]!.properties).toContain('file=mcp-snapshot.json');
    expect(errors[0]!.message).toContain('add_note');
    expect(run.stdout).toMatch(/fetched from origin/);
    expect(run.summary).toContain('add_note');
    expect(run.summary).toContain(LABEL);

    const comments = github.commentsOn(7);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body.startsWith(MARKER)).toBe(true);
    expect(comments[0]!.body).toContain('add_note');
    expect(comments[0]!.body).toContain(`\`${LABEL}\``);
    expect(lastRunRequests().filter((r) => r.operationId === 'issues/create-comment')).toHaveLength(1);
  });

  it('second push: updates the same comment in place, never a second one', async () => {
    const first = github.commentsOn(7)[0]!;
    github.addComment(7, 'Looks good to me, but see the bot.');
    const run = await pushAndRun(7, HEAD_REMOVES_AND_REQUIRES);
    expect(run.code).toBe(1);
    expect(run.outputs['breaking-count']).toBe('2');
    const ours = github.commentsOn(7).filter((c) => c.body.startsWith(MARKER));
    expect(ours).toHaveLength(1);
    expect(ours[0]!.id).toBe(first.id);
    expect(ours[0]!.body).toContain('limit');
    const requests = lastRunRequests();
    expect(requests.filter((r) => r.operationId === 'issues/create-comment')).toHaveLength(0);
    expect(requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
    expect(github.commentsOn(7).find((c) => !c.body.startsWith(MARKER))!.body).toBe('Looks good to me, but see the bot.');
  });

  it('a push that fixes the break passes and marks the comment resolved', async () => {
    const run = await pushAndRun(7, HEAD_FIXED);
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ breaking: 'false', 'breaking-count': '0', 'safe-count': '1' });
    const ours = github.commentsOn(7).filter((c) => c.body.startsWith(MARKER));
    expect(ours).toHaveLength(1);
    expect(ours[0]!.body).toMatch(/Resolved/);
    expect(ours[0]!.body).not.toContain(`\`${LABEL}\` to this pull request`);
    expect(lastRunRequests().filter((r) => r.operationId === 'issues/create-comment')).toHaveLength(0);
  });
});

describe('approval, forks, retries and quiet pull requests', () => {
  afterEach(async () => {
    await closeGitHub();
    resetBranch();
  });

  it('the approve label, added after the event fired, turns the failure into a pass with a notice listing what was approved', async () => {
    await startGitHub();
    github.labels.set(8, ['documentation', LABEL]);
    const run = await pushAndRun(8, HEAD_REMOVES_TOOL, { labels: ['documentation'] });
    expect(run.code).toBe(0);
    expect(run.outputs.breaking).toBe('true');
    const notice = annotations(run.stdout).find((a) => a.command === 'notice' && a.properties.includes('approved'));
    expect(notice?.message).toContain('add_note');
    expect(github.commentsOn(8)[0]!.body).toMatch(/Approved/);
    expect(github.requests.some((r) => r.operationId === 'issues/list-labels-on-issue')).toBe(true);
  });

  it('a fork PR with a read-only token: the comment is skipped with a notice and the verdict stays a failure', async () => {
    await startGitHub({ readOnly: true });
    const run = await pushAndRun(9, HEAD_REMOVES_TOOL, { fork: true });
    expect(run.code).toBe(1);
    expect(github.commentsOn(9)).toHaveLength(0);
    expect(github.requests.find((r) => r.operationId === 'issues/create-comment')?.status).toBe(403);
    const notice = annotations(run.stdout).find((a) => a.command === 'notice');
    expect(notice?.message).toMatch(/Skipped the PR comment/);
    expect(run.summary).toContain('add_note');
  });

  it('5xx answers are retried: one comment, and the verdict is the same', async () => {
    await startGitHub();
    github.injectFailure({ operationId: 'issues/list-comments', status: 502, times: 1 });
    github.injectFailure({ operationId: 'issues/create-comment', status: 503, times: 1 });
    const run = await pushAndRun(10, HEAD_REMOVES_TOOL);
    expect(run.code).toBe(1);
    expect(github.commentsOn(10)).toHaveLength(1);
    expect(github.requests.filter((r) => r.status >= 500)).toHaveLength(2);
  });

  it('an API that keeps failing neither hides nor flips the verdict', async () => {
    await startGitHub();
    github.injectFailure({ operationId: 'issues/list-comments', status: 500, times: 10 });
    github.injectFailure({ operationId: 'issues/list-labels-on-issue', status: 404, times: 10 });
    const run = await pushAndRun(11, HEAD_REMOVES_TOOL);
    expect(run.code).toBe(1);
    expect(annotations(run.stdout).some((a) => a.command === 'warning' && a.message.includes('comments'))).toBe(true);
    expect(github.commentsOn(11)).toHaveLength(0);
  });

  it('comment: false keeps the pull request quiet but still honours the approve label', async () => {
    await startGitHub();
    github.labels.set(13, [LABEL]);
    const run = await pushAndRun(13, HEAD_REMOVES_TOOL, { inputs: { comment: 'false' } });
    expect(run.code).toBe(0);
    expect(github.requests.map((r) => r.operationId)).toEqual(['issues/list-labels-on-issue']);
  });

  it('two runs racing to create the comment converge on one (the oldest keeps the newest report)', async () => {
    await startGitHub();
    github.beforeCreateComment = (issue) => {
      github.beforeCreateComment = undefined;
      github.addComment(issue, `${MARKER}\nfrom a concurrent run of an older push`, github.identity);
    };
    const run = await pushAndRun(14, HEAD_REMOVES_TOOL);
    expect(run.code).toBe(1);
    const ours = github.commentsOn(14);
    expect(ours).toHaveLength(1);
    expect(ours[0]!.body).toContain('add_note');
    expect(github.requests.filter((r) => r.operationId === 'issues/delete-comment')).toHaveLength(1);
  });

  it.each([
    ['60 removed tools, with the approve label', 60, [LABEL], 0, /- …and \d+ more: every finding is in this run's job log and in the JSON report the step's `report` output names/],
    ['300 removed tools, failing', 300, [], 1, /_\d+ findings not shown to keep this comment short; every finding is in this run's job log and in the JSON report the step's `report` output names\._/],
  ])('%s, each named with 3,000 characters: comment and summary stay under 60 KB, breaking first, saying how many were cut and where the rest is', async (_, count, labels, code, cut) => {
    await startGitHub();
    github.labels.set(15, labels);
    const base = JSON.parse(BASE) as { tools: { name: string; description: string; inputSchema: unknown }[] };
    for (let i = 0; i < count; i++) base.tools.push({ name: `${String(i).padStart(3, '0')}${'n'.repeat(2_997)}`, description: 'x'.repeat(500), inputSchema: { type: 'object' } });
    const wideBase = origin.commit({ 'mcp-snapshot.json': JSON.stringify(base, null, 2) }, 'release with long-named tools');
    const headSha = origin.commit({ 'mcp-snapshot.json': BASE }, 'drop them');
    const payload = pullRequestPayload({ number: 15, baseSha: wideBase, headSha, labels });
    const run = await runAction({ workspace: origin.checkout(headSha), eventName: 'pull_request', payload, apiUrl: github.url, sha: headSha });
    expect(run.code).toBe(code);
    expect(run.outputs['breaking-count']).toBe(String(count));
    expect(run.report?.findings).toHaveLength(count);
    const comment = github.commentsOn(15)[0]!.body;
    for (const body of [comment, run.summary]) {
      expect(Buffer.byteLength(body)).toBeLessThanOrEqual(60_000);
      expect(body).toContain(`Breaking (${count})`);
      expect(body).toMatch(cut);
    }
  });

  it("someone else's comment that starts with the marker is never adopted, edited or deleted: ours is created beside it", async () => {
    await startGitHub();
    // A planted "state" that would make a later run print Resolved, and a second marked comment.
    const planted = github.addComment(16, `${MARKER}\n<!-- mcp-drift-guard-state: {"failing":true} -->\nall clear, merge away`, SOMEONE);
    const second = github.addComment(16, `${MARKER}\nanother one`, SOMEONE);
    const run = await pushAndRun(16, HEAD_REMOVES_TOOL);
    expect(run.code).toBe(1);
    const comments = github.commentsOn(16);
    expect(comments.map((c) => [c.id, c.author.login])).toEqual([
      [planted.id, SOMEONE.login],
      [second.id, SOMEONE.login],
      [expect.any(Number), 'github-actions[bot]'],
    ]);
    expect(comments[0]!.body).toBe(planted.body);
    expect(comments[1]!.body).toBe(second.body);
    expect(comments[2]!.body).toContain('add_note');
    expect(github.requests.filter((r) => r.operationId === 'issues/delete-comment' || r.operationId === 'issues/update-comment')).toEqual([]);

    // The fixing push updates our comment (Resolved), and still leaves the others alone.
    const fixed = await pushAndRun(16, HEAD_FIXED);
    expect(fixed.code).toBe(0);
    const after = github.commentsOn(16);
    expect(after).toHaveLength(3);
    expect(after[2]!.body).toMatch(/Resolved/);
    expect(after[0]!.body).toBe(planted.body);
  });

  it('a planted failing state in a comment by someone else does not turn a quiet PR into "Resolved"', async () => {
    await startGitHub();
    github.addComment(17, `${MARKER}\n<!-- mcp-drift-guard-state: {"failing":true} -->\nplanted`, SOMEONE);
    const run = await pushAndRun(17, BASE);
    expect(run.code).toBe(0);
    expect(github.commentsOn(17)).toHaveLength(1);
    expect(github.commentsOn(17)[0]!.body).toContain('planted');
  });

  it("the token's account comes from GraphQL's viewer (GET /user refuses the workflow's installation token), validated against GitHub's schema", async () => {
    await startGitHub();
    const run = await pushAndRun(18, HEAD_REMOVES_TOOL);
    expect(run.code).toBe(1);
    expect(github.requests.filter((r) => r.operationId === 'graphql')).toHaveLength(1);
    expect(github.requests.some((r) => r.path === '/user')).toBe(false);
    expect(github.commentsOn(18)[0]!.author).toEqual(github.identity);
  });

  it('another account behind the token (a PAT or another app): that account\'s marked comment is ours, the bot\'s is not', async () => {
    const me: Author = { login: 'release-bot', id: 9_000_001, type: 'User' };
    github = await new FakeGitHub({ owner: OWNER, repo: REPO, token: TOKEN, identity: me }).start();
    const mine = github.addComment(19, `${MARKER}\nold report`, me);
    github.addComment(19, `${MARKER}\nby the workflow bot`, GITHUB_ACTIONS_BOT);
    const run = await pushAndRun(19, HEAD_REMOVES_TOOL);
    expect(run.code).toBe(1);
    const comments = github.commentsOn(19);
    expect(comments).toHaveLength(2);
    expect(comments[0]!.id).toBe(mine.id);
    expect(comments[0]!.body).toContain('add_note');
    expect(comments[1]!.body).toContain('by the workflow bot');
  });

  it('when GraphQL cannot say whom the token acts as, the comment is skipped with a warning and the verdict stands', async () => {
    await startGitHub();
    github.injectFailure({ operationId: 'graphql', status: 502, times: 5 });
    const run = await pushAndRun(20, HEAD_REMOVES_TOOL);
    expect(run.code).toBe(1);
    expect(github.commentsOn(20)).toHaveLength(0);
    expect(annotations(run.stdout).some((a) => a.command === 'warning' && a.message.includes('which account the token acts as'))).toBe(true);
  });

  it('no changes: passes and writes no comment', async () => {
    await startGitHub();
    const run = await pushAndRun(12, BASE);
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ breaking: 'false', 'breaking-count': '0', 'warning-count': '0', 'safe-count': '0' });
    expect(github.comments).toHaveLength(0);
    // Reads only: GETs and the GraphQL query that says whom the token acts as.
    expect(github.requests.filter((r) => r.method !== 'GET' && r.operationId !== 'graphql')).toHaveLength(0);
    expect(run.summary).toMatch(/No changes/);
  });

  it('annotations list breaking and warnings by default (GitHub shows a step\'s first few); show: all adds the safe ones', async () => {
    await startGitHub();
    const quiet = await pushAndRun(15, HEAD_FIXED);
    expect(quiet.code).toBe(0);
    expect(annotations(quiet.stdout).filter((a) => a.command === 'notice')).toEqual([]);
    expect(quiet.stdout).toContain('mcp-drift-guard: 0 breaking, 0 warnings, 1 safe; 1 safe change not listed (--show all lists them)');
    // The job summary still has the safe change, folded.
    expect(quiet.summary).toContain('<details><summary>Safe (1)</summary>');
    const all = await pushAndRun(16, HEAD_FIXED, { inputs: { show: 'all' } });
    expect(annotations(all.stdout).filter((a) => a.command === 'notice').map((a) => a.message)).toEqual([expect.stringMatching(/^input-property-added: .*"tag"/)]);
    const bad = await pushAndRun(17, HEAD_FIXED, { inputs: { show: 'some' } });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('input show: "some" is not one of breaking, warning, all');
  });
});
