// The snapshot command run as a process against good and bad servers: exit codes, the one-line error, the timeout,
// and that no server process outlives the CLI. The CLI is the test run's private bundle
// of src/cli/main.ts (test/support/global-setup.ts).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, inject } from 'vitest';
import { closedPort, isAlive, stdioCommand } from '../fixtures/servers/lib/harness.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const CLI = inject('cli');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the CLI; `onStderr` may act while it runs (e.g. send a signal). */
function run(args: string[], onStderr?: (text: string, child: ReturnType<typeof spawn>) => void): Promise<Run> {
  const started = Date.now();
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    onStderr?.(stderr, child);
  });
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started })));
}

const lastLine = (text: string) => text.trimEnd().split('\n').at(-1) ?? '';
const pidFile = () => join(mkdtempSync(join(tmpdir(), 'capture-pid-')), 'server.pid');
const pidIn = (file: string) => Number(readFileSync(file, 'utf8'));

/** SIGKILL is sent before the CLI exits, but a loaded machine takes a moment to tear the process down. */
async function endsSoon(pid: number): Promise<boolean> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
    if (!isAlive(pid)) return true;
  }
  return !isAlive(pid);
}


describe('snapshot command', () => {
  it('writes the canonical snapshot to stdout, and the same bytes with -o', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'capture-out-')), 'mcp-snapshot.json');
    const [toStdout, toFile] = await Promise.all([
      run(['snapshot', '--stdio', stdioCommand('weather-v1-sdk1')]),
      run(['snapshot', '--stdio', stdioCommand('weather-v1-sdk1'), '-o', out]),
    ]);
    expect(toStdout.code).toBe(0);
    expect(toFile.code).toBe(0);
    expect(JSON.parse(toStdout.stdout)).toMatchObject({ format: 1, server: { name: 'weather', version: '1.0.0' } });
    expect(toStdout.stdout.endsWith('}\n')).toBe(true);
    expect(readFileSync(out, 'utf8')).toBe(toStdout.stdout);
    expect(toFile.stdout).toBe('');
    expect(toFile.stderr).toContain(`mcp-drift-guard: wrote ${out}`);
    expect(toStdout.stderr).toContain('mcp-drift-guard: captured 5 tools, 2 prompts, 0 resources, 2 resource templates');
  });
});

describe('bad input: exit 3 with one clear line, within the timeout, no leftover process', () => {
  it('a command that is not an MCP server (echo hi)', async () => {
    // A generous timeout: the point is that an exited process fails at once instead of waiting it out.
    const result = await run(['snapshot', '--stdio', 'echo hi', '--timeout', '60']);
    expect(result.code).toBe(3);
    expect(lastLine(result.stderr)).toBe(
      'mcp-drift-guard: could not initialize "echo hi": the process exited before answering (code 0); it wrote 1 line(s) on stdout that are not JSON-RPC, e.g. "hi"',
    );
    expect(result.stdout).toBe('');
    // Far from the 60 s timeout, with room for a loaded machine's process start-up.
    expect(result.ms).toBeLessThan(20_000);
  });

  it('a command that does not exist', async () => {
    const result = await run(['snapshot', '--stdio', 'no-such-mcp-server-xyz --flag', '--timeout', '2']);
    expect(result.code).toBe(3);
    expect(lastLine(result.stderr)).toBe(
      'mcp-drift-guard: could not initialize "no-such-mcp-server-xyz --flag": command not found (check the command and PATH; it is not run through a shell)',
    );
  });

  it('a URL where nothing listens', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/mcp`;
    const result = await run(['snapshot', '--url', url, '--timeout', '60']);
    expect(result.code).toBe(3);
    expect(lastLine(result.stderr)).toBe(`mcp-drift-guard: could not initialize "${url}": nothing listens at ${url} (connection refused)`);
    expect(result.ms).toBeLessThan(20_000);
  });

  it('a server that hangs after initialize (and ignores SIGTERM): exit after --timeout, the process is killed', async () => {
    const file = pidFile();
    const command = stdioCommand('hangs-after-initialize-sdk1', file);
    const result = await run(['snapshot', '--stdio', command, '--timeout', '2']);
    expect(result.code).toBe(3);
    expect(lastLine(result.stderr)).toBe(`mcp-drift-guard: could not list the tools of "${command}": no answer within 2 s`);
    // The 2 s timeout, then stdin closed (0.3 s), SIGTERM ignored (1 s), SIGKILL; plus start-up under load.
    expect(result.ms).toBeGreaterThanOrEqual(2_000);
    expect(result.ms).toBeLessThan(5 * 3_300);
    expect(await endsSoon(pidIn(file))).toBe(true);
  });

  it('a hanging server started through a wrapper (sh -> node, like npx): its grandchild is ended too', async () => {
    const file = pidFile();
    const inner = stdioCommand('hangs-after-initialize-sdk1', file);
    const result = await run(['snapshot', '--stdio', `sh -c "${inner}; echo wrapper-done >&2"`, '--timeout', '3']);
    expect(result.code).toBe(3);
    expect(lastLine(result.stderr)).toMatch(/no answer within 3 s/);
    expect(await endsSoon(pidIn(file))).toBe(true);
  });

  it('a program that writes junk on stdout and never answers', async () => {
    const file = pidFile();
    const command = stdioCommand('stdout-junk-only', file);
    const result = await run(['snapshot', '--stdio', command, '--timeout', '1']);
    expect(result.code).toBe(3);
    expect(lastLine(result.stderr)).toMatch(
      /^mcp-drift-guard: could not initialize ".*": no answer within 1 s; it wrote \d+ line\(s\) on stdout that are not JSON-RPC, e.g. "Listening for jobs\.\.\."$/,
    );
    expect(await endsSoon(pidIn(file))).toBe(true);
  });

  it('a server whose cursor repeats', async () => {
    const result = await run(['snapshot', '--stdio', stdioCommand('cursor-loop-sdk1'), '--timeout', '5']);
    expect(result.code).toBe(3);
    expect(lastLine(result.stderr)).toMatch(/tools\/list: the server sent the cursor "page-2" again on page 2; its pagination never ends$/);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('%s during a capture (Ctrl-C, or a CI job cancelled) ends the server too, exit 130 (143)', async (signal) => {
    const file = pidFile();
    let sent = false;
    const result = await run(['snapshot', '--stdio', stdioCommand('hangs-after-initialize-sdk1', file), '--timeout', '30'], (stderr, child) => {
      if (!sent && stderr.includes('listing tools/list')) {
        sent = true;
        child.kill(signal);
      }
    });
    expect(sent).toBe(true);
    // The user ended it, not the server: 128 + the signal's number, as shells report it (130 for Ctrl-C).
    expect(result.code).toBe(signal === 'SIGINT' ? 130 : 143);
    expect(lastLine(result.stderr)).toMatch(new RegExp(`^mcp-drift-guard: capture of "stdio:.*" was interrupted \\(${signal}\\)$`));
    // Far from the 30 s timeout, with room for a loaded machine.
    expect(result.ms).toBeLessThan(20_000);
    expect(await endsSoon(pidIn(file))).toBe(true);
  });
});

describe('bad usage: exit 2 with one line, no stack trace', () => {
  it('an output file that cannot be written', async () => {
    // Missing directories are created (as for every --output); a path under a regular file cannot be.
    const dir = mkdtempSync(join(tmpdir(), 'capture-out-'));
    writeFileSync(join(dir, 'a-file'), '');
    const out = join(dir, 'a-file', 'mcp-snapshot.json');
    const result = await run(['snapshot', '--stdio', stdioCommand('weather-v1-sdk1'), '-o', out]);
    expect(result.code).toBe(2);
    expect(lastLine(result.stderr)).toBe(`mcp-drift-guard: --output ${out}: cannot write: EEXIST`);
  });

  it.each([
    [['snapshot'], 'mcp-drift-guard: snapshot needs a server: --stdio "COMMAND ARGS" or --url URL'],
    [['snapshot', '--stdio', 'a', '--url', 'http://127.0.0.1:1/'], 'mcp-drift-guard: give either --stdio or --url, not both'],
    [['snapshot', '--stdio', 'node "x', '--timeout', '1'], 'mcp-drift-guard: --stdio: unterminated double quote in: node "x'],
    [['snapshot', '--stdio', 'echo', '--timeout', 'abc'], 'mcp-drift-guard: --timeout: expected a positive number of seconds, got "abc"'],
    [['snapshot', '--url', 'ftp://example.test/'], 'mcp-drift-guard: --url: only http and https URLs are supported: ftp://example.test/'],
    [['snapshot', '--url', 'not a url'], 'mcp-drift-guard: --url: not a URL: not a url'],
  ])('%j', async (args, line) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd()).toBe(line);
  });
});

describe('what a failed start-up says', () => {
  it('`cat` echoes our own request: said so, not "JSON-RPC error -32601"', async () => {
    const r = await run(['snapshot', '--stdio', 'cat', '--timeout', '10']);
    expect(r.code).toBe(3);
    expect(lastLine(r.stderr)).toBe('mcp-drift-guard: could not initialize "cat": the process echoes its input (our own initialize request came back): is it an MCP server?');
  });

  it('a server that dies at start-up shows the Error line of its stack, not the Node.js version footer', async () => {
    const r = await run(['snapshot', '--stdio', `node -e "require('./no/such/module/index.js')"`, '--timeout', '10']);
    expect(r.code).toBe(3);
    expect(lastLine(r.stderr)).toMatch(/the process exited before answering \(code 1\); its stderr says: Error: Cannot find module '\.\/no\/such\/module\/index\.js'$/);
    expect(r.stderr).not.toMatch(/Node\.js v\d/);
  });

  it('without a stack, the last line that is not the version footer', async () => {
    const r = await run(['snapshot', '--stdio', `node -e "console.error('bad config: no token'); console.error('Node.js v20.0.0'); process.exit(1)"`, '--timeout', '10']);
    expect(r.code).toBe(3);
    expect(lastLine(r.stderr)).toMatch(/its stderr ends with: bad config: no token$/);
  });
});
