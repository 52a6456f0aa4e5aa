// Terminal escapes in server text: a tool named `gone\u001b]0;pwned\u0007\u001b[2J` (sets the window title, clears
// the screen) and a property `x\u001b[8mhidden` (hides what follows) must reach no terminal, workflow log or
// kubectl raw. Every place a person reads a finding line goes through the one formatter; each is checked here
// through the real program: the CLI process (text, github, markdown), the webhook over TLS (enforce's
// status.message, warn's warnings) and the committed Action bundle (annotations, notice, PR comment, summary).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/snapshot/types.js';
import { FakeGitHub } from '../fixtures/action/fake-github.js';
import { OriginRepo, OWNER, pullRequestPayload, REPO, runAction, TOKEN } from '../fixtures/action/harness.js';
import { admit, makePki, startWebhook, type Pki } from '../fixtures/webhook/apiserver-caller.js';
import { review, version } from '../fixtures/webhook/reviews.js';
import { runCli } from '../integration/cli-diff-helpers.js';

const EVIL_TOOL = 'gone\u001b]0;pwned\u0007\u001b[2J';
const EVIL_PROPERTY = 'x\u001b[8mhidden';
/** What must never come out raw: C0 controls but newline, DEL and C1, bidi overrides and isolates. */
// eslint-disable-next-line no-control-regex -- finding them is the point
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

function snapshot(version: string, tools: Snapshot['tools']): Snapshot {
  return { format: 1, server: { name: 'notes\u202egnp.exe\u0000', version }, capabilities: { tools: {} }, tools, prompts: [], resourceTemplates: [] };
}
const BASE = snapshot('1.0.0', [
  { name: EVIL_TOOL, inputSchema: { type: 'object' } },
  { name: 'search', description: 'Searches.', inputSchema: { type: 'object', properties: {} } },
]);
// The evil tool removed, a required evil property added (both breaking), the description changed (a warning).
const HEAD = snapshot('2.0.0', [
  { name: 'search', description: 'Searches.\u001b[2K', inputSchema: { type: 'object', properties: { [EVIL_PROPERTY]: { type: 'string' } }, required: [EVIL_PROPERTY] } },
]);

/** The text is clean, and still names the hostile parts visibly (escaped), so a reader sees what was sent. */
function expectSanitised(text: string): void {
  expect(text).not.toMatch(RAW_CONTROL);
  expect(text).toContain('gone\\u001b]0;pwned\\u0007\\u001b[2J');
  expect(text).toContain('x\\u001b[8mhidden');
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'mdg-escapes-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the CLI', () => {
  it.each([
    ['text', []],
    ['github', []],
    ['github', ['--show', 'all']],
    ['markdown', []],
  ])('--format %s %j: no raw escape, NUL or bidi override on stdout', async (format, extra) => {
    const base = join(tmp, 'base.json');
    const head = join(tmp, 'head.json');
    writeFileSync(base, JSON.stringify(BASE));
    writeFileSync(head, JSON.stringify(HEAD));
    const r = await runCli(['diff', base, head, '--format', format, ...extra], { env: { FORCE_COLOR: '0' } });
    expect(r.code, r.stderr).toBe(1);
    if (format === 'markdown') {
      // Markdown escapes its own specials too (`[`, `_`); what matters there is that no control character is left.
      expect(r.stdout).not.toMatch(RAW_CONTROL);
      expect(r.stdout).toContain('\\u001b');
    } else expectSanitised(r.stdout);
    expect(r.stderr).not.toMatch(RAW_CONTROL);
  });
});

describe('the webhook over TLS', () => {
  let pki: Pki;
  beforeAll(() => {
    pki = makePki();
  });
  afterAll(() => pki?.cleanup());

  const breakingReview = () => review('Deployment', { object: version('Deployment', { snapshot: HEAD }), oldObject: version('Deployment', { snapshot: BASE }) });

  it("enforce: the denial's status.message is clean", async () => {
    const webhook = await startWebhook(pki, ['--mode', 'enforce']);
    try {
      const result = await admit(webhook.port, pki.ca, breakingReview());
      expect(result.allowed).toBe(false);
      expectSanitised(result.status!.message!);
      expect(result.status!.message).toContain('notes\\u202egnp.exe\\u0000 1.0.0 -> notes\\u202egnp.exe\\u0000 2.0.0');
    } finally {
      webhook.child.kill('SIGKILL');
    }
  }, 60_000);

  it('warn: every warning is clean', async () => {
    const webhook = await startWebhook(pki, ['--mode', 'warn']);
    try {
      const result = await admit(webhook.port, pki.ca, breakingReview());
      expect(result.allowed).toBe(true);
      const warnings = result.warnings!.join('\n');
      expect(warnings).not.toMatch(RAW_CONTROL);
      expect(warnings).toContain('gone\\u001b]0;pwned\\u0007');
      expect(warnings).toContain('x\\u001b[8mhidden');
    } finally {
      webhook.child.kill('SIGKILL');
    }
  }, 60_000);
});

describe('the Action bundle', () => {
  it('annotations, the approval notice, the PR comment and the job summary are clean', async () => {
    const origin = new OriginRepo();
    const github = await new FakeGitHub({ owner: OWNER, repo: REPO, token: TOKEN }).start();
    try {
      const baseSha = origin.commit({ 'mcp-snapshot.json': JSON.stringify(BASE, null, 2) }, 'release');
      const headSha = origin.commit({ 'mcp-snapshot.json': JSON.stringify(HEAD, null, 2) }, 'PR');
      const label = 'mcp-breaking-change-approved';
      github.labels.set(3, [label]);
      const payload = pullRequestPayload({ number: 3, baseSha, headSha, labels: [label] });
      const run = await runAction({ workspace: origin.checkout(headSha), eventName: 'pull_request', payload, apiUrl: github.url, sha: headSha });
      expect(run.code, run.stderr).toBe(0);
      // Workflow commands and the notice listing what was approved.
      expectSanitised(run.stdout);
      expect(run.stdout).toContain('::notice title=MCP changes approved::');
      const [comment] = github.commentsOn(3);
      expect(comment).toBeDefined();
      expect(comment!.body).not.toMatch(RAW_CONTROL);
      expect(comment!.body).toContain('\\u001b');
      expect(run.summary).not.toMatch(RAW_CONTROL);
      expect(github.violations).toEqual([]);
    } finally {
      await github.close();
      origin.remove();
    }
  }, 120_000);
});
