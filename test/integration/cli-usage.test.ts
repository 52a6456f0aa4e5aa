// Usage errors from the argument parser, through the real CLI: one line with the `mcp-drift-guard:` prefix, like
// every other error, and exit 2.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './cli-diff-helpers.js';

describe('usage errors', () => {
  it('a mistyped command is one prefixed line with the suggestion, exit 2', async () => {
    const r = await runCli(['dif', 'a.json', 'b.json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("mcp-drift-guard: unknown command 'dif' (Did you mean diff?) (see --help)\n");
  });

  it('an unknown option is one prefixed line, exit 2', async () => {
    const r = await runCli(['diff', '--nope', 'a.json', 'b.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("mcp-drift-guard: unknown option '--nope' (see --help)\n");
  });

  it('no --help shows an empty list as a default (lint --workload is repeatable, not "default: []")', async () => {
    for (const command of ['snapshot', 'diff', 'check', 'probe', 'lint', 'rules', 'annotate']) {
      const r = await runCli([command, '--help']);
      expect(r.code, command).toBe(0);
      expect(r.stdout, command).not.toContain('(default: [])');
    }
    expect((await runCli(['lint', '--help'])).stdout).toMatch(/--workload <name>\s+lint this Deployment/);
  });
});


describe('--quiet', () => {
  it('snapshot --quiet writes the same snapshot without the progress lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quiet-'));
    const server = `node ${join(ROOT, 'test/fixtures/servers/weather-v1-sdk1.mjs')}`;
    const loud = await runCli(['snapshot', '--stdio', server, '-o', 'loud.json'], { cwd: dir });
    const quiet = await runCli(['snapshot', '--stdio', server, '-o', 'quiet.json', '--quiet'], { cwd: dir });
    expect([loud.code, quiet.code]).toEqual([0, 0]);
    expect(loud.stderr).toMatch(/^mcp-drift-guard: connecting to /);
    expect(quiet.stderr).toBe('');
    expect(readFileSync(join(dir, 'quiet.json'), 'utf8')).toBe(readFileSync(join(dir, 'loud.json'), 'utf8'));
  }, 60_000);
});
