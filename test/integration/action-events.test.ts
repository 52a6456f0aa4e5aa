// The Action outside pull requests (push, merge_group, workflow_dispatch), live capture with server-command
// (a stale committed snapshot fails with the command that refreshes it), and bad inputs failing in one line.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { captureSnapshot } from '../../src/capture/index.js';
import { serializeSnapshot, type Snapshot } from '../../src/snapshot/index.js';
import { FakeGitHub } from '../fixtures/action/fake-github.js';
import { annotations, examplePayload, git, OriginRepo, OWNER, pullRequestPayload, pushPayload, REPO, runAction, TOKEN } from '../fixtures/action/harness.js';
import { BASE, HEAD_FIXED, HEAD_REMOVES_TOOL } from '../fixtures/action/snapshots.js';

const WEATHER_V1 = fileURLToPath(new URL('../fixtures/servers/weather-v1-sdk1.mjs', import.meta.url));
const WEATHER_V2 = fileURLToPath(new URL('../fixtures/servers/weather-v2-sdk1.mjs', import.meta.url));
const ENV_DUMP = fileURLToPath(new URL('../fixtures/servers/env-dump-sdk1.mjs', import.meta.url));

let origin: OriginRepo;
let github: FakeGitHub;

beforeAll(async () => {
  origin = new OriginRepo();
  github = await new FakeGitHub({ owner: OWNER, repo: REPO, token: TOKEN }).start();
});

afterAll(async () => {
  await github.close();
  origin.remove();
});

afterEach(() => {
  expect(github.violations).toEqual([]);
});

describe('events without a pull request', () => {
  it('push: compares with the commit before the push, fails on a break, and talks to no API', async () => {
    const before = origin.commit({ 'mcp-snapshot.json': BASE }, 'release');
    const after = origin.commit({ 'mcp-snapshot.json': HEAD_REMOVES_TOOL }, 'drop add_note');
    const requestsBefore = github.requests.length;
    const run = await runAction({ workspace: origin.checkout(after), eventName: 'push', payload: pushPayload(before, after), apiUrl: github.url });
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ breaking: 'true', 'breaking-count': '1' });
    expect(run.stdout).toContain(`Base: ${before} (commit before the push), fetched from origin`);
    expect(annotations(run.stdout).some((a) => a.command === 'error' && a.message.includes('add_note'))).toBe(true);
    expect(github.requests.length).toBe(requestsBefore);
  });

  it("push of a new branch (before is all zeros): nothing to compare with, passes and says so", async () => {
    const after = origin.commit({ 'mcp-snapshot.json': HEAD_REMOVES_TOOL }, 'new branch');
    const run = await runAction({ workspace: origin.checkout(after), eventName: 'push', payload: pushPayload('0'.repeat(40), after), apiUrl: github.url });
    expect(run.code).toBe(0);
    expect(run.summary).toMatch(/nothing to compare/);
  });

  it('merge_group: compares with the queue base', async () => {
    const base = origin.commit({ 'mcp-snapshot.json': BASE }, 'queue base');
    const head = origin.commit({ 'mcp-snapshot.json': HEAD_FIXED }, 'queued change');
    const payload = examplePayload('merge_group', 'checks_requested');
    payload.merge_group.base_sha = base;
    payload.merge_group.head_sha = head;
    const run = await runAction({ workspace: origin.checkout(head), eventName: 'merge_group', payload, apiUrl: github.url });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ breaking: 'false', 'safe-count': '1' });
  });

  it('workflow_dispatch: compares with the previous commit, deepening the shallow clone to reach it', async () => {
    origin.commit({ 'mcp-snapshot.json': BASE }, 'release');
    const head = origin.commit({ 'mcp-snapshot.json': HEAD_REMOVES_TOOL }, 'drop add_note');
    const payload = examplePayload('workflow_dispatch');
    const run = await runAction({ workspace: origin.checkout(head), eventName: 'workflow_dispatch', payload, apiUrl: github.url });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/HEAD~1 \(the previous commit\)/);
    expect(run.outputs['breaking-count']).toBe('1');
  });

  it('the base input overrides the event (a snapshot that did not exist there: introduced, nothing to compare)', async () => {
    const empty = origin.commit({ 'mcp-snapshot.json': null }, 'no snapshot yet');
    const head = origin.commit({ 'mcp-snapshot.json': HEAD_REMOVES_TOOL }, 'add snapshot');
    const run = await runAction({
      workspace: origin.checkout(head),
      eventName: 'push',
      payload: pushPayload('0'.repeat(40), head),
      apiUrl: github.url,
      inputs: { base: empty },
    });
    expect(run.code).toBe(0);
    expect(run.summary).toMatch(/did not exist at the base commit/);
  });
});

describe('live capture with server-command', () => {
  let v1: string;
  let v2: string;
  beforeAll(async () => {
    v1 = serializeSnapshot(await captureSnapshot({ stdio: `node ${WEATHER_V1}` }));
    v2 = serializeSnapshot(await captureSnapshot({ stdio: `node ${WEATHER_V2}` }));
  });

  it('a committed snapshot the live server no longer matches fails with the exact command that refreshes it', async () => {
    const baseSha = origin.commit({ 'mcp-snapshot.json': v1 }, 'weather 1.0.0');
    // The server changed (v2) but nobody re-ran the snapshot command: the committed file still says v1.
    const headSha = origin.commit({ 'CHANGELOG.md': 'v2\n' }, 'weather 2.0.0 without a new snapshot');
    const payload = pullRequestPayload({ number: 21, baseSha, headSha });
    const command = `node ${WEATHER_V2}`;
    const run = await runAction({ workspace: origin.checkout(headSha), eventName: 'pull_request', payload, apiUrl: github.url, inputs: { 'server-command': command } });
    expect(run.code).toBe(1);
    const refresh = `npx mcp-drift-guard snapshot --stdio "${command}" -o mcp-snapshot.json`;
    const stale = annotations(run.stdout).find((a) => a.command === 'error' && a.message.includes('stale'));
    expect(stale?.message).toContain(refresh);
    expect(run.summary).toContain(refresh);
    // The diff itself is against the live server: v1 -> v2 breaks clients.
    expect(Number(run.outputs['breaking-count'])).toBeGreaterThan(0);
    const comment = github.commentsOn(21)[0]!;
    expect(comment.body).toContain(refresh);

    // The next push reverts the server: snapshot and server agree again, nothing breaks, the comment says so.
    const fixSha = origin.commit({ 'CHANGELOG.md': 'reverted\n' }, 'revert to weather 1.0.0');
    const fixed = await runAction({
      workspace: origin.checkout(fixSha),
      eventName: 'pull_request',
      payload: pullRequestPayload({ number: 21, baseSha, headSha: fixSha }),
      apiUrl: github.url,
      inputs: { 'server-command': `node ${WEATHER_V1}` },
    });
    expect(fixed.code).toBe(0);
    expect(github.commentsOn(21)).toHaveLength(1);
    expect(github.commentsOn(21)[0]!.body).toMatch(/Resolved.*stale snapshot/);
  });

  it('a committed snapshot that matches the live server is not stale; only the diff decides', async () => {
    const baseSha = origin.commit({ 'mcp-snapshot.json': v1 }, 'weather 1.0.0');
    const headSha = origin.commit({ 'mcp-snapshot.json': v1 }, 'docs only');
    const payload = pullRequestPayload({ number: 22, baseSha, headSha });
    const run = await runAction({ workspace: origin.checkout(headSha), eventName: 'pull_request', payload, apiUrl: github.url, inputs: { 'server-command': `node ${WEATHER_V1}` } });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/stale/);
    expect(github.commentsOn(22)).toHaveLength(0);
  });

  it('a committed snapshot with the same content in other formatting is stale, as `check` says (a lockfile)', async () => {
    const reformatted = JSON.stringify(JSON.parse(v1));
    const baseSha = origin.commit({ 'mcp-snapshot.json': v1 }, 'weather 1.0.0');
    const headSha = origin.commit({ 'mcp-snapshot.json': reformatted }, 'reformatted by an editor');
    const payload = pullRequestPayload({ number: 23, baseSha, headSha });
    const run = await runAction({ workspace: origin.checkout(headSha), eventName: 'pull_request', payload, apiUrl: github.url, inputs: { 'server-command': `node ${WEATHER_V1}` } });
    expect(run.code).toBe(1);
    expect(annotations(run.stdout).find((a) => a.command === 'error' && a.message.includes('stale'))?.message).toContain('mcp-snapshot.json is stale');
    expect(run.outputs['breaking-count']).toBe('0');
  });

  it('server-url: captures over Streamable HTTP, and the refresh command names the URL', async () => {
    const server = spawn(process.execPath, [WEATHER_V2, '--http'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        server.stdout.on('data', (chunk: Buffer) => {
          const match = /http:\/\/\S+/.exec(chunk.toString());
          if (match) resolve(match[0]);
        });
        server.on('exit', (code) => reject(new Error(`fixture server exited with ${code}`)));
      });
      const baseSha = origin.commit({ 'mcp-snapshot.json': v1 }, 'weather 1.0.0');
      // As `snapshot --url` writes it: a capture by URL also records the transports that answer there.
      const v2ByUrl = serializeSnapshot({ ...(JSON.parse(v2) as Snapshot), transports: ['streamable-http'] });
      const headSha = origin.commit({ 'mcp-snapshot.json': v2ByUrl }, 'weather 2.0.0');
      const payload = pullRequestPayload({ number: 24, baseSha, headSha });
      const run = await runAction({ workspace: origin.checkout(headSha), eventName: 'pull_request', payload, apiUrl: github.url, inputs: { 'server-url': url } });
      // Not stale (the committed v2 matches the live v2), but v1 -> v2 breaks clients.
      expect(run.stdout).not.toMatch(/stale/);
      expect(run.code).toBe(1);
      expect(Number(run.outputs['breaking-count'])).toBeGreaterThan(0);

      const staleSha = origin.commit({ 'mcp-snapshot.json': v1 }, 'snapshot reverted by mistake');
      const stale = await runAction({
        workspace: origin.checkout(staleSha),
        eventName: 'pull_request',
        payload: pullRequestPayload({ number: 24, baseSha, headSha: staleSha }),
        apiUrl: github.url,
        inputs: { 'server-url': url },
      });
      expect(stale.code).toBe(1);
      expect(stale.summary).toContain(`npx mcp-drift-guard snapshot --url ${url} -o mcp-snapshot.json`);
    } finally {
      server.kill();
    }
  });

  it("the PR's server process gets none of the runner's secrets: no INPUT_*, no runtime or OIDC tokens, no GITHUB_TOKEN", async () => {
    const dumpDir = mkdtempSync(join(tmpdir(), 'mdg-env-'));
    const dump = join(dumpDir, 'env.json');
    try {
      const headSha = origin.commit({ 'mcp-snapshot.json': null }, 'server that dumps its environment');
      const payload = pullRequestPayload({ number: 25, baseSha: headSha, headSha });
      const secrets = {
        ACTIONS_RUNTIME_TOKEN: 'runtime-secret',
        ACTIONS_RUNTIME_URL: 'https://pipelines.example/',
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-secret',
        ACTIONS_ID_TOKEN_REQUEST_URL: 'https://oidc.example/',
        GITHUB_TOKEN: 'ghs_stepEnvSecret',
      };
      const run = await runAction({
        workspace: origin.checkout(headSha),
        eventName: 'pull_request',
        payload,
        apiUrl: github.url,
        inputs: { 'server-command': `node ${ENV_DUMP} ${dump}` },
        env: { ...secrets, MY_BUILD_SETTING: 'kept' },
      });
      expect(run.stdout).toContain('mcp-snapshot.json is not committed');
      const seen = JSON.parse(readFileSync(dump, 'utf8')) as Record<string, string>;
      expect(Object.keys(seen).filter((name) => /^INPUT_/i.test(name))).toEqual([]);
      for (const name of Object.keys(secrets)) expect(seen).not.toHaveProperty(name);
      expect(JSON.stringify(seen)).not.toContain(TOKEN);
      expect(JSON.stringify(seen)).not.toContain('secret');
      // The rest of the environment is the runner's: what a build needs still reaches the server.
      expect(seen).toMatchObject({ MY_BUILD_SETTING: 'kept', GITHUB_ACTIONS: 'true', PATH: process.env.PATH });
    } finally {
      rmSync(dumpDir, { recursive: true, force: true });
    }
  });

  it('a server that cannot start fails the step with one line', async () => {
    const headSha = origin.commit({ 'mcp-snapshot.json': v2 }, 'weather 2.0.0');
    const payload = pullRequestPayload({ number: 23, baseSha: headSha, headSha });
    const run = await runAction({ workspace: origin.checkout(headSha), eventName: 'pull_request', payload, apiUrl: github.url, inputs: { 'server-command': 'node ./no-such-server.mjs' } });
    expect(run.code).toBe(1);
    const errors = annotations(run.stdout).filter((a) => a.command === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).not.toMatch(/%0A\s+at /);
  });
});

describe('policy', () => {
  it('an ignore in .mcp-drift-guard.yml (with its reason) lets the change through and the summary says why', async () => {
    const policy = 'ignore:\n  - rule: tool-removed\n    subject: tool/add_note\n    reason: add_note moved to the notes-admin server\n';
    const baseSha = origin.commit({ 'mcp-snapshot.json': BASE, '.mcp-drift-guard.yml': policy }, 'release, add_note to move');
    const headSha = origin.commit({ 'mcp-snapshot.json': HEAD_REMOVES_TOOL }, 'drop add_note, accepted');
    const payload = pullRequestPayload({ number: 40, baseSha, headSha });
    const run = await runAction({ workspace: origin.checkout(headSha), eventName: 'pull_request', payload, apiUrl: github.url });
    expect(run.code).toBe(0);
    expect(run.outputs['breaking-count']).toBe('0');
    expect(run.summary).toContain('add\\_note moved to the notes-admin server');
    expect(run.stdout).toContain(`Policy: .mcp-drift-guard.yml at the base commit ${baseSha.slice(0, 12)}`);
    origin.commit({ '.mcp-drift-guard.yml': null }, 'drop policy');
  });

  it.each([
    ['failOn: never\n', /fail-on would be never instead of breaking/],
    ['rules:\n  tool-removed: "off"\n', /1 blocking change would no longer block: tool\/add\\_note \(tool-removed\)/],
    ['ignore:\n  - rule: tool-removed\n    subject: tool/add_note\n    reason: trust me\n', /1 blocking change would no longer block/],
  ])('a PR that breaks a tool and adds the policy %j is judged by the base policy: it fails, and the report says what its policy would change', async (policy, says) => {
    const baseSha = origin.commit({ 'mcp-snapshot.json': BASE, '.mcp-drift-guard.yml': null }, 'release');
    const headSha = origin.commit({ 'mcp-snapshot.json': HEAD_REMOVES_TOOL, '.mcp-drift-guard.yml': policy }, 'drop add_note, and the policy that would catch it');
    const payload = pullRequestPayload({ number: 43, baseSha, headSha });
    const run = await runAction({ workspace: origin.checkout(headSha), eventName: 'pull_request', payload, apiUrl: github.url });
    expect(run.code).toBe(1);
    expect(run.outputs['breaking-count']).toBe('1');
    for (const text of [run.summary, github.commentsOn(43).at(-1)!.body]) {
      expect(text).toContain('This pull request changes the policy .mcp-drift-guard.yml; it is judged by the policy at its base commit');
      expect(text).toContain('this check would pass instead of fail');
      expect(text).toMatch(says);
      expect(text).not.toMatch(/No breaking changes/);
    }
    const warning = annotations(run.stdout).find((a) => a.command === 'warning' && a.properties.includes('MCP drift policy changed'));
    expect(warning?.properties).toContain('file=.mcp-drift-guard.yml');
    origin.commit({ '.mcp-drift-guard.yml': null }, 'drop policy');
  });

  it('the approve label still passes a breaking PR that also changes the policy', async () => {
    const baseSha = origin.commit({ 'mcp-snapshot.json': BASE, '.mcp-drift-guard.yml': null }, 'release');
    const headSha = origin.commit({ 'mcp-snapshot.json': HEAD_REMOVES_TOOL, '.mcp-drift-guard.yml': 'failOn: never\n' }, 'drop add_note');
    github.labels.set(44, ['mcp-breaking-change-approved']);
    const payload = pullRequestPayload({ number: 44, baseSha, headSha });
    const run = await runAction({ workspace: origin.checkout(headSha), eventName: 'pull_request', payload, apiUrl: github.url });
    expect(run.code).toBe(0);
    expect(run.summary).toMatch(/Approved/);
    expect(run.summary).toContain('This pull request changes the policy');
    origin.commit({ '.mcp-drift-guard.yml': null }, 'drop policy');
  });

  it('a PR that deletes a strict base policy is still judged by it', async () => {
    const baseSha = origin.commit({ 'mcp-snapshot.json': BASE, '.mcp-drift-guard.yml': 'failOn: warning\n' }, 'strict release');
    const headSha = origin.commit({ 'mcp-snapshot.json': HEAD_FIXED, '.mcp-drift-guard.yml': null }, 'loosen by deleting the policy');
    const payload = pullRequestPayload({ number: 45, baseSha, headSha });
    const run = await runAction({ workspace: origin.checkout(headSha), eventName: 'pull_request', payload, apiUrl: github.url });
    // HEAD_FIXED adds an optional argument: safe, so still a pass; the report says fail-on would change.
    expect(run.code).toBe(0);
    expect(run.summary).toContain('fail-on would be breaking instead of warning');
  });

  it('versioning: semver in the policy: a break shipped as a minor version gets version-not-bumped in the comment', async () => {
    // The policy is the base commit's: it judges the pull request.
    const baseSha = origin.commit({ 'mcp-snapshot.json': BASE, '.mcp-drift-guard.yml': 'versioning: semver\n' }, 'release, semver policy');
    const asMinor = serializeSnapshot({ ...(JSON.parse(HEAD_REMOVES_TOOL) as Snapshot), server: { name: 'notes', version: '1.1.0' } });
    const headSha = origin.commit({ 'mcp-snapshot.json': asMinor }, 'drop add_note in 1.1.0');
    const run = await runAction({ workspace: origin.checkout(headSha), eventName: 'pull_request', payload: pullRequestPayload({ number: 42, baseSha, headSha }), apiUrl: github.url });
    expect(run.code).toBe(1);
    expect(run.outputs['breaking-count']).toBe('2');
    const body = github.commentsOn(42)[0]!.body;
    expect(body).toContain('`version-not-bumped`');
    expect(body).toContain('without a major version bump; release it as 2.0.0 or later');
    origin.commit({ '.mcp-drift-guard.yml': null }, 'drop policy');
  });

  it('the fail-on input overrides the policy file', async () => {
    const baseSha = origin.commit({ 'mcp-snapshot.json': BASE, '.mcp-drift-guard.yml': 'failOn: never\n' }, 'report only');
    const headSha = origin.commit({ 'mcp-snapshot.json': HEAD_REMOVES_TOOL }, 'drop add_note');
    const payload = pullRequestPayload({ number: 41, baseSha, headSha });
    const workspace = origin.checkout(headSha);
    const reportOnly = await runAction({ workspace, eventName: 'pull_request', payload, apiUrl: github.url });
    expect(reportOnly.code).toBe(0);
    expect(reportOnly.outputs.breaking).toBe('true');
    const strict = await runAction({ workspace, eventName: 'pull_request', payload, apiUrl: github.url, inputs: { 'fail-on': 'breaking' } });
    expect(strict.code).toBe(1);
    origin.commit({ '.mcp-drift-guard.yml': null }, 'drop policy');
  });

  it('a typo in the policy fails at once, before the server is started', async () => {
    const headSha = origin.commit({ 'mcp-snapshot.json': BASE, '.mcp-drift-guard.yml': 'failOn: breaking\nignroe: []\n' }, 'typo');
    const payload = pullRequestPayload({ number: 42, baseSha: headSha, headSha });
    const run = await runAction({ workspace: origin.checkout(headSha), eventName: 'pull_request', payload, apiUrl: github.url, inputs: { 'server-command': 'no-such-mcp-server --stdio' } });
    expect(run.code).toBe(1);
    const errors = annotations(run.stdout).filter((a) => a.command === 'error');
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/\.mcp-drift-guard\.yml: ignroe: unknown key/)]);
    origin.commit({ '.mcp-drift-guard.yml': null }, 'drop policy');
  });
});

describe('symlinks in the checkout', () => {
  /** Commits mcp-snapshot.json as a symlink to `target` (the PR controls what the checkout holds). */
  function commitSymlink(target: string, files: Record<string, string> = {}): string {
    origin.commit({ 'mcp-snapshot.json': null, ...files }, 'prepare');
    symlinkSync(target, join(origin.dir, 'mcp-snapshot.json'));
    git(origin.dir, 'add', 'mcp-snapshot.json');
    return origin.commit({}, 'snapshot as a symlink');
  }

  it('a snapshot path that is a symlink leaving the workspace is refused, even when the target is a valid snapshot', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'mdg-outside-'));
    try {
      // A valid snapshot identical to the base: read through the link, the step would pass.
      writeFileSync(join(outside, 'runner-file.json'), BASE);
      const baseSha = origin.commit({ 'mcp-snapshot.json': BASE }, 'release');
      const headSha = commitSymlink(join(outside, 'runner-file.json'));
      const payload = pullRequestPayload({ number: 50, baseSha, headSha });
      const run = await runAction({ workspace: origin.checkout(headSha), eventName: 'pull_request', payload, apiUrl: github.url });
      expect(run.code).toBe(1);
      const errors = annotations(run.stdout).filter((a) => a.command === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0]!.message).toMatch(/^mcp-snapshot\.json: a symlink to .*runner-file\.json, outside the workspace; refused$/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
    origin.commit({ 'mcp-snapshot.json': null }, 'drop link');
  });

  it('a symlink within the workspace is followed', async () => {
    const baseSha = origin.commit({ 'mcp-snapshot.json': BASE }, 'release');
    const headSha = commitSymlink('snapshots/current.json', { 'snapshots/current.json': HEAD_REMOVES_TOOL });
    const payload = pullRequestPayload({ number: 51, baseSha, headSha });
    const run = await runAction({ workspace: origin.checkout(headSha), eventName: 'pull_request', payload, apiUrl: github.url });
    expect(run.code).toBe(1);
    expect(run.outputs['breaking-count']).toBe('1');
    origin.commit({ 'mcp-snapshot.json': null, 'snapshots/current.json': null }, 'drop link');
  });
});

describe('bad input', () => {
  it.each([
    [{ 'fail-on': 'breakng' }, /fail-on: "breakng" is not one of/],
    [{ snapshot: 'missing.json' }, /missing.json: no such snapshot file/],
    [{ comment: 'yes please' }, /input comment/],
  ])('%o fails the step with one clear line', async (inputs, message) => {
    const headSha = origin.commit({ 'mcp-snapshot.json': BASE }, 'release');
    const payload = pullRequestPayload({ number: 30, baseSha: headSha, headSha });
    const run = await runAction({ workspace: origin.checkout(headSha), eventName: 'pull_request', payload, apiUrl: github.url, inputs });
    expect(run.code).toBe(1);
    const errors = annotations(run.stdout).filter((a) => a.command === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(message);
  });
});
