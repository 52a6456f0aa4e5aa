// Issue 14 "done when", through the real CLI: a server that drops a static resource, changes its instructions,
// drops protocol revision 2024-11-05, or ships a breaking change as a minor version gets the finding from `diff`
// and from `check`; a bare tools/list result against a full snapshot gives no false finding; duplicate tool names
// are exit 2 naming the duplicate.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from './cli-diff-helpers.js';

const server = (name: string) => `node ${join(ROOT, `test/fixtures/servers/${name}.mjs`)}`;
const V1 = server('charts-v1-sdk2');
const V2 = server('charts-v2-sdk2');
let tmp: string;
let semver: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'mdg-cli-surface-'));
  semver = join(tmp, 'semver.yml');
  writeFileSync(semver, 'versioning: semver\n');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const DONE_WHEN = [
  /✖ resource-removed: resource "file:\/\/\/docs\/charts\.md" was removed; clients reading it fail/,
  /! instructions-changed: server changed its instructions from "Call show_chart for any table of numbers\." to "Call show_chart for any table of numbers, and always include the raw data\."/,
  /✖ protocol-version-dropped: server no longer accepts protocol revision 2024-11-05; clients pinned to it disconnect/,
  /✖ version-not-bumped: 5 breaking changes from 1\.4\.0 to 1\.5\.0 without a major version bump; release it as 2\.0\.0 or later/,
];

describe('the issue-14 findings from the CLI', () => {
  it('diff of two live versions, with versioning: semver', async () => {
    const r = await runCli(['diff', '--base-stdio', V1, '--head-stdio', V2, '--config', semver]);
    expect(r.code, r.stderr).toBe(1);
    for (const line of DONE_WHEN) expect(r.stdout).toMatch(line);
    expect(r.stdout).toMatch(/FAIL: 6 breaking, 2 warnings, 0 safe/);
  }, 120_000);

  it('check of a committed 1.4.0 snapshot against the 1.5.0 server, with versioning: semver', async () => {
    const file = join(tmp, 'mcp-snapshot.json');
    expect((await runCli(['check', '--snapshot', file, '--stdio', V1, '--update'])).code).toBe(0);
    const written = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(written.protocolVersions).toEqual(['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25', '2026-07-28']);
    const r = await runCli(['check', '--snapshot', file, '--stdio', V2, '--config', semver]);
    expect(r.code, r.stderr).toBe(1);
    for (const line of DONE_WHEN) expect(r.stdout).toMatch(line);

    const json = await runCli(['check', '--snapshot', file, '--stdio', V2, '--config', semver, '--format', 'json']);
    const report = JSON.parse(json.stdout) as { findings: { rule: string }[] };
    expect(report.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['resource-removed', 'instructions-changed', 'protocol-version-dropped', 'version-not-bumped']));
  }, 120_000);

  it('without versioning: semver, no version finding', async () => {
    const r = await runCli(['diff', '--base-stdio', V1, '--head-stdio', V2]);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('version-not-bumped');
  }, 120_000);
});

describe('what one side did not capture', () => {
  it('a bare tools/list result (as the MCP Inspector prints it) against our snapshot of the same server: no finding, said once', async () => {
    const file = join(tmp, 'weather.json');
    expect((await runCli(['snapshot', '--stdio', server('weather-v1-sdk1'), '--output', file])).code).toBe(0);
    const inspector = join(tmp, 'inspector.json');
    writeFileSync(inspector, JSON.stringify({ tools: (JSON.parse(readFileSync(file, 'utf8')) as { tools: unknown[] }).tools }, null, 2));
    const r = await runCli(['diff', inspector, file]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain('No changes.');
    // It names no server: the heading says so instead of "unknown unknown".
    expect(r.stdout.split('\n')[0]).toBe(`unnamed server (${inspector}) -> weather 1.0.0 (${file})`);
    expect(r.stdout.match(/Not compared/g)).toHaveLength(1);
    expect(r.stdout).toContain('note: Not compared: capabilities, prompts, resource templates, resources, instructions, protocol revisions (the base did not capture them).');
  }, 60_000);

  it('duplicate tool names: exit 2, naming the duplicate', async () => {
    const file = join(tmp, 'dupes.json');
    const t = { name: 'search', inputSchema: { type: 'object' } };
    writeFileSync(file, JSON.stringify({ tools: [t, { ...t, description: 'again' }] }));
    const r = await runCli(['diff', file, file]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^mcp-drift-guard: .*dupes\.json: tools\[1\]: duplicate tool name "search" \(also tools\[0\]\); each must be listed once$/);
  });
});
