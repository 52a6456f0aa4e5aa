// The fake GitHub is only worth its tests if it is strict: these check that it refuses what api.github.com would
// refuse (unknown operations, bad parameters, bodies off-schema, a wrong token) and plays the rest faithfully.
import { Octokit } from 'octokit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGitHub } from '../fixtures/action/fake-github.js';

const owner = 'octo-org';
const repo = 'weather-mcp';
let github: FakeGitHub;
let octokit: Octokit;

beforeAll(async () => {
  github = await new FakeGitHub({ owner, repo, token: 't0ken' }).start();
  octokit = new Octokit({ auth: 't0ken', baseUrl: github.url, retry: { enabled: false }, throttle: { enabled: false } });
});

afterAll(() => github.close());

/** A request octokit's types would refuse: the point is to send what GitHub would refuse. */
function raw(route: string, parameters: Record<string, unknown>): Promise<unknown> {
  return octokit.request(route, parameters);
}

function statusOf(promise: Promise<unknown>): Promise<number> {
  return promise.then(
    () => 200,
    (error: { status: number }) => error.status,
  );
}

describe('fake GitHub', () => {
  it('plays comments: create, list across pages (Link headers), update', async () => {
    for (let i = 0; i < 120; i++) github.addComment(5, `comment ${i}`);
    const created = await octokit.rest.issues.createComment({ owner, repo, issue_number: 5, body: 'hello' });
    expect(created.status).toBe(201);
    const all = await octokit.paginate(octokit.rest.issues.listComments, { owner, repo, issue_number: 5, per_page: 100 });
    expect(all).toHaveLength(121);
    expect(all.at(-1)!.body).toBe('hello');
    await octokit.rest.issues.updateComment({ owner, repo, comment_id: created.data.id, body: 'edited' });
    expect(github.commentsOn(5).at(-1)!.body).toBe('edited');
    expect(github.violations).toEqual([]);
  });

  it('plays labels', async () => {
    github.labels.set(6, ['bug', 'mcp-breaking-change-approved']);
    const { data } = await octokit.rest.issues.listLabelsOnIssue({ owner, repo, issue_number: 6 });
    expect(data.map((l) => l.name)).toEqual(['bug', 'mcp-breaking-change-approved']);
    expect(github.violations).toEqual([]);
  });

  it.each([
    ['an operation GitHub does not have', () => raw('GET /repos/{owner}/{repo}/drift', { owner, repo }), /no such operation/],
    ['a path parameter of the wrong type', () => raw('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner, repo, issue_number: 'seven' }), /issue_number=seven/],
    ['an unknown query parameter', () => raw('GET /repos/{owner}/{repo}/issues/{issue_number}/labels', { owner, repo, issue_number: 1, sort: 'name' }), /unknown query parameter sort/],
    ['a body without a required property', () => raw('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner, repo, issue_number: 1, text: 'x' }), /body does not match|does not define/],
    ['a body property of the wrong type', () => raw('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', { owner, repo, comment_id: 1, body: 42 }), /must be string/],
    ['another repository', () => octokit.rest.issues.listComments({ owner, repo: 'elsewhere', issue_number: 1 }), /is not octo-org\/weather-mcp/],
    ['an operation it does not play', () => octokit.rest.issues.lock({ owner, repo, issue_number: 1 }), /not played by the fake/],
  ])('rejects %s with 422 and records it', async (_name, call, problem) => {
    const before = github.violations.length;
    expect(await statusOf(call())).toBe(422);
    expect(github.violations.slice(before)).toEqual([expect.stringMatching(problem)]);
  });

  it("plays GraphQL's viewer and rejects a query GitHub's schema would refuse", async () => {
    const { viewer } = await octokit.graphql<{ viewer: { login: string; databaseId: number } }>('query { viewer { login databaseId } }');
    expect(viewer).toEqual({ login: 'github-actions[bot]', databaseId: 41898282 });
    const before = github.violations.length;
    expect(await statusOf(octokit.graphql('query { viewer { login botName } }'))).toBe(422);
    expect(await statusOf(octokit.graphql('query { viewer { login'))).toBe(422);
    expect(github.violations.slice(before)).toEqual([
      expect.stringMatching(/does not validate against GitHub's schema: Cannot query field "botName" on type "User"/),
      expect.stringMatching(/GraphQL syntax error/),
    ]);
    github.violations.splice(before);
  });

  it('answers an installation token (ghs_) on GET /user with the 403 GitHub gives it', async () => {
    const app = await new FakeGitHub({ owner, repo, token: 'ghs_installation' }).start();
    try {
      const client = new Octokit({ auth: 'ghs_installation', baseUrl: app.url, retry: { enabled: false }, throttle: { enabled: false } });
      const error = await client.rest.users.getAuthenticated().catch((e: { status: number; message: string }) => e);
      expect(error).toMatchObject({ status: 403, message: expect.stringMatching(/Resource not accessible by integration/) });
      expect(app.violations).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('rejects a request without the workflow token', async () => {
    const anonymous = new Octokit({ baseUrl: github.url, retry: { enabled: false }, throttle: { enabled: false } });
    const before = github.violations.length;
    expect(await statusOf(anonymous.rest.issues.listComments({ owner, repo, issue_number: 1 }))).toBe(422);
    expect(github.violations.slice(before)).toEqual([expect.stringMatching(/authorization/)]);
  });

  it('answers writes with 403 when the token is read-only, and injected failures with their status', async () => {
    github.readOnly = true;
    expect(await statusOf(octokit.rest.issues.createComment({ owner, repo, issue_number: 5, body: 'x' }))).toBe(403);
    github.readOnly = false;
    github.injectFailure({ operationId: 'issues/list-comments', status: 502, times: 1 });
    expect(await statusOf(octokit.rest.issues.listComments({ owner, repo, issue_number: 5 }))).toBe(502);
    expect(await statusOf(octokit.rest.issues.listComments({ owner, repo, issue_number: 5 }))).toBe(200);
  });
});
