// Usage errors from the argument parser, through the real CLI: one line with the `mcp-drift-guard:` prefix, like
// every other error, and exit 2.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
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

describe('an interrupted capture', () => {
  it('SIGINT during snapshot --stdio exits 130 with one line, and the server process ends with it', async () => {
    // A server that starts, writes its pid and never answers: the capture is still waiting when the signal comes.
    const dir = mkdtempSync(join(tmpdir(), 'mdg-interrupt-'));
    const pidFile = join(dir, 'pid');
    const server = `node -e "require('fs').writeFileSync(process.argv[1], String(process.pid)); process.stdin.resume()" ${pidFile}`;
    const child = spawn(process.execPath, [inject('cli'), 'snapshot', '--stdio', server, '--timeout', '60'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    while (!existsSync(pidFile) || readFileSync(pidFile, 'utf8') === '') await new Promise((r) => setTimeout(r, 50));
    const serverPid = Number(readFileSync(pidFile, 'utf8'));
    const before = stderr.length;
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(130);
    expect(stderr.slice(before)).toMatch(/^mcp-drift-guard: capture of "stdio:node -e .*" was interrupted \(SIGINT\)\n$/);
    expect(() => process.kill(serverPid, 0)).toThrow();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);
});
