// How the Action reads GitHub's event payloads (real ones from @octokit/webhooks-examples) into a repository,
// a pull request and a base commit, and how its comment marker, state and refresh command are written.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMENT_MARKER, parseState, withMarker } from '../../action/src/comment.js';
import { readEvent } from '../../action/src/event.js';
import { refreshCommand, shellQuote } from '../../action/src/refresh.js';
import type { ActionInputs } from '../../action/src/inputs.js';
import { examplePayload } from '../fixtures/action/harness.js';

const dir = mkdtempSync(join(tmpdir(), 'mdg-event-'));
let n = 0;
function envFor(name: string, payload: unknown): NodeJS.ProcessEnv {
  const path = join(dir, `event-${++n}.json`);
  writeFileSync(path, JSON.stringify(payload));
  return { GITHUB_EVENT_NAME: name, GITHUB_EVENT_PATH: path, GITHUB_REPOSITORY: 'octo-org/weather-mcp', GITHUB_SHA: 'f'.repeat(40) };
}

describe('readEvent on real payloads', () => {
  it('pull_request: the PR number, base commit, labels, and whether the head is a fork', () => {
    const payload = examplePayload('pull_request', 'labeled');
    const event = readEvent(envFor('pull_request', payload));
    expect(event.pullRequest).toMatchObject({
      number: payload.pull_request.number,
      baseSha: payload.pull_request.base.sha,
      labels: payload.pull_request.labels.map((l: { name: string }) => l.name),
      fromFork: payload.pull_request.head.repo.full_name !== payload.pull_request.base.repo.full_name,
    });
    expect(event.base).toEqual({ ref: payload.pull_request.base.sha, reason: `base of pull request #${payload.pull_request.number}` });
  });

  it('pull_request_target reads the same pull request', () => {
    const payload = examplePayload('pull_request', 'opened');
    expect(readEvent(envFor('pull_request_target', payload)).pullRequest?.number).toBe(payload.pull_request.number);
  });

  it('push: the commit before the push; none for a new branch', () => {
    const payload = examplePayload('push', undefined, (e) => !/^0+$/.test(String(e.before)));
    expect(readEvent(envFor('push', payload)).base?.ref).toBe(payload.before);
    expect(readEvent(envFor('push', { ...payload, before: '0'.repeat(40) })).base).toBeUndefined();
  });

  it('merge_group: the queue base and head', () => {
    const payload = examplePayload('merge_group', 'checks_requested');
    const event = readEvent(envFor('merge_group', payload));
    expect(event.base?.ref).toBe(payload.merge_group.base_sha);
    expect(event.headSha).toBe(payload.merge_group.head_sha);
  });

  it('workflow_dispatch: the previous commit', () => {
    expect(readEvent(envFor('workflow_dispatch', examplePayload('workflow_dispatch'))).base?.ref).toBe('HEAD~1');
  });

  it('a pull_request payload without a pull request, or no repository, is a usage error', () => {
    expect(() => readEvent(envFor('pull_request', { action: 'opened' }))).toThrow(/no pull_request.number/);
    expect(() => readEvent({ GITHUB_EVENT_NAME: 'push' })).toThrow(/GITHUB_REPOSITORY/);
  });
});

describe('the comment marker and state', () => {
  it('round-trips the state and starts with the hidden marker', () => {
    const body = withMarker('report', { failing: true });
    expect(body.startsWith(COMMENT_MARKER)).toBe(true);
    expect(parseState(body)).toEqual({ failing: true });
    expect(parseState(withMarker('x', { failing: false }))).toEqual({ failing: false });
    expect(parseState(withMarker('x', { failing: true, stale: true }))).toEqual({ failing: true, stale: true });
    expect(parseState('no state here')).toBeUndefined();
  });
});

describe('the refresh command', () => {
  const inputs = (more: Partial<ActionInputs>): ActionInputs => ({ snapshot: 'mcp-snapshot.json', show: 'warning', comment: true, approveLabel: 'x', token: '', ...more });
  it('quotes the server command the way a person pastes it', () => {
    expect(refreshCommand(inputs({ serverCommand: 'node dist/server.js --stdio' }), 'mcp-snapshot.json')).toBe(
      'npx mcp-drift-guard snapshot --stdio "node dist/server.js --stdio" -o mcp-snapshot.json',
    );
    expect(refreshCommand(inputs({ serverUrl: 'http://localhost:3000/mcp' }), 'api/mcp snapshot.json')).toBe(
      'npx mcp-drift-guard snapshot --url http://localhost:3000/mcp -o "api/mcp snapshot.json"',
    );
  });
  it('falls back to single quotes when double quotes would expand', () => {
    expect(shellQuote('node -e "$X"')).toBe(`'node -e "$X"'`);
    expect(shellQuote(`it's "$HOME"`)).toBe(`'it'\\''s "$HOME"'`);
  });
});
