// `mcp-drift-guard check` end to end against a real MCP server (the weather fixtures, SDK 1.x over stdio):
// up to date is exit 0, stale is exit 1 with the diff (even when only the bytes differ), --update rewrites,
// a server that cannot be captured is exit 3, a missing server option is exit 2.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, ROOT, runCli } from './cli-diff-helpers.js';

const V1_SERVER = `node ${join(ROOT, 'test/fixtures/servers/weather-v1-sdk1.mjs')}`;
const V2_SERVER = `node ${join(ROOT, 'test/fixtures/servers/weather-v2-sdk1.mjs')}`;
let tmp: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'mdg-cli-check-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('check', () => {
  it('--update creates the snapshot, then check passes; a new version is stale until updated again', async () => {
    const file = join(tmp, 'mcp-snapshot.json');
    const missing = await runCli(['check', '--snapshot', file, '--stdio', V1_SERVER]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/mcp-snapshot\.json: no such file; create it with `check --update`/);
    expect(missing.stderr).not.toContain('connecting'); // refused before starting the server

    const created = await runCli(['check', '--snapshot', file, '--stdio', V1_SERVER, '--update']);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stderr).toContain('wrote');
    const written = readFileSync(file, 'utf8');
    expect(JSON.parse(written).server.name).toBe('weather');

    const fresh = await runCli(['check', '--snapshot', file, '--stdio', V1_SERVER]);
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(fresh.stdout).toContain('No changes.');

    const stale = await runCli(['check', '--snapshot', file, '--stdio', V2_SERVER]);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toContain('BREAKING');
    expect(stale.stderr).toContain('is stale');
    expect(readFileSync(file, 'utf8')).toBe(written);

    const updated = await runCli(['check', '--snapshot', file, '--stdio', V2_SERVER, '--update']);
    expect(updated.code).toBe(0);
    expect(updated.stderr).toContain('updated');
    expect(JSON.parse(readFileSync(file, 'utf8')).server.version).not.toBe(JSON.parse(written).server.version);
    expect((await runCli(['check', '--snapshot', file, '--stdio', V2_SERVER])).code).toBe(0);
  }, 60_000);

  it('stale means the canonical bytes differ: a re-indented file with no finding still fails', async () => {
    const file = join(tmp, 'reindented.json');
    expect((await runCli(['check', '--snapshot', file, '--stdio', V1_SERVER, '--update'])).code).toBe(0);
    writeFileSync(file, JSON.stringify(JSON.parse(readFileSync(file, 'utf8')), null, 4));
    const r = await runCli(['check', '--snapshot', file, '--stdio', V1_SERVER, '--format', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).findings).toEqual([]);
    expect(r.stderr).toMatch(/is stale: the live server differs from it in what no rule judges .*formatting\): line 2 is `"capabilities": \{` in the file and `"capabilities": \{` live/);
  }, 30_000);

  it('a changed title (no rule judges it) is stale and says which line differs', async () => {
    const file = join(tmp, 'title.json');
    expect((await runCli(['check', '--snapshot', file, '--stdio', V1_SERVER, '--update'])).code).toBe(0);
    const text = readFileSync(file, 'utf8');
    const edited = text.replace(/"title": "([^"]+)"/, '"title": "An older title"');
    expect(edited).not.toBe(text);
    writeFileSync(file, edited);
    const r = await runCli(['check', '--snapshot', file, '--stdio', V1_SERVER]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('No changes.');
    const line = edited.split('\n').findIndex((l) => l.includes('An older title')) + 1;
    expect(r.stderr).toContain(`line ${line} is \`"title": "An older title"\` in the file and \`"title": "Weather report"\` live`);
  }, 30_000);

  it('the stale line gives the whole update command, which works when pasted into a shell', async () => {
    const file = join(tmp, 'paste me.json');
    expect((await runCli(['check', '--snapshot', file, '--stdio', V1_SERVER, '--update'])).code).toBe(0);
    const r = await runCli(['check', '--snapshot', file, '--stdio', V2_SERVER, '--timeout', '20', '--format', 'json']);
    expect(r.code).toBe(1);
    const command = /rewrite it with: (mcp-drift-guard check .*)$/m.exec(r.stderr)?.[1];
    expect(command).toBe(`mcp-drift-guard check --snapshot "${file}" --stdio "${V2_SERVER}" --timeout 20 --update`);
    // Pasted into a shell, with the CLI under test in place of the installed binary.
    execFileSync('sh', ['-c', command!.replace(/^mcp-drift-guard/, `"${process.execPath}" "${join(ROOT, 'dist/cli.cjs')}"`)], { cwd: ROOT, stdio: 'pipe' });
    expect(JSON.parse(readFileSync(file, 'utf8')).server.version).toBe('2.0.0');
  }, 60_000);

  it('a server that cannot be captured is exit 3; no server option is exit 2', async () => {
    const file = fixture('weather-1.0.0.json');
    const dead = await runCli(['check', '--snapshot', file, '--stdio', `node -e "process.exit(1)"`, '--timeout', '5']);
    expect(dead.code).toBe(3);
    expect(dead.stderr.trimEnd().split('\n').at(-1)).toMatch(/^mcp-drift-guard: /);
    const none = await runCli(['check', '--snapshot', file]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--stdio');
  }, 30_000);

  it('a committed snapshot that is not JSON is exit 2', async () => {
    const file = join(tmp, 'broken.json');
    writeFileSync(file, 'not json');
    const r = await runCli(['check', '--snapshot', file, '--stdio', V1_SERVER]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('broken.json');
    expect(r.stderr).not.toContain('connecting');
    // --update replaces it all the same.
    expect((await runCli(['check', '--snapshot', file, '--stdio', V1_SERVER, '--update'])).code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).format).toBe(1);
  });
});
