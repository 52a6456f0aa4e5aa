// The CLI on the newest Node.js this project ships on (24: the Action's and the webhook image's), besides the Node.js
// the whole suite runs on (20, the oldest supported): each command family once, through its lazily loaded part, and
// nothing on stderr from Node.js itself (a deprecation warning breaks the one-line errors and litters CI logs).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { runCli } from './cli-diff-helpers.js';

const node = inject('newestNode');
const run = (args: string[]) => runCli(args, { node });
const fromNode = (stderr: string): string[] => stderr.split('\n').filter((line) => /^\(node:\d+\)|Warning:/.test(line));

describe(`the CLI on Node.js ${execFileSync(node, ['--version'], { encoding: 'utf8' }).trim()}`, () => {
  it('diff: the report, exit 1 for breaking changes, nothing from Node.js on stderr', async () => {
    const r = await run(['diff', 'test/fixtures/snapshots/weather-1.0.0.json', 'test/fixtures/snapshots/weather-2.0.0.json', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).summary.breaking).toBeGreaterThan(0);
    expect(r.stderr).toBe('');
  });

  it('snapshot (the MCP client): the same bytes as on the Node.js running the suite', async () => {
    const args = ['snapshot', '--stdio', 'node test/fixtures/servers/weather-v1-sdk1.mjs'];
    const [newest, current] = await Promise.all([run(args), runCli(args)]);
    expect(newest.code, newest.stderr).toBe(0);
    expect(JSON.parse(newest.stdout).tools.length).toBeGreaterThan(0);
    expect(newest.stdout).toBe(current.stdout);
    expect(fromNode(newest.stderr)).toEqual([]);
  });

  it('lint and a policy file (the YAML parser): the one-line error', async () => {
    const r = await run(['diff', 'test/fixtures/snapshots/weather-1.0.0.json', 'test/fixtures/snapshots/weather-1.0.0.json', '--config', 'no-such-policy.yml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('mcp-drift-guard: no-such-policy.yml: cannot read policy: no such file\n');
    const lint = await run(['lint', 'webhook/deploy/base/deployment.yaml', '--format', 'json']);
    expect(lint.code).toBe(2);
    expect(lint.stderr).toMatch(/^mcp-drift-guard: lint: no MCP server workload in webhook\/deploy\/base\/deployment\.yaml/);
    expect(fromNode(lint.stderr)).toEqual([]);
  });

  it('keeps its compiled code in the OS temp directory (the compile cache); a run with the cache in place answers the same', async () => {
    const temp = mkdtempSync(join(tmpdir(), 'mdg-compile-cache-'));
    try {
      // The cache's place is os.tmpdir(), which TMPDIR sets; NODE_COMPILE_CACHE would override it, so it is unset.
      const env = { TMPDIR: temp, NODE_COMPILE_CACHE: '' };
      const args = ['diff', 'test/fixtures/snapshots/weather-1.0.0.json', 'test/fixtures/snapshots/weather-2.0.0.json', '--format', 'json'];
      const first = await runCli(args, { node, env });
      const cached = readdirSync(join(temp, 'node-compile-cache'), { recursive: true }).map(String);
      // The CLI's main file and the lazy part that checks examples (Ajv) are among what was compiled and kept.
      expect(cached.length).toBeGreaterThanOrEqual(2);
      const second = await runCli(args, { node, env });
      expect([second.code, second.stdout, second.stderr]).toEqual([first.code, first.stdout, first.stderr]);
      expect(first.code).toBe(1);
      expect(first.stderr).toBe('');
    } finally {
      rmSync(temp, { recursive: true, force: true });
    }
  });
});
