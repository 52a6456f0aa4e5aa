// Inputs that reach a process or git: `--stdio` command lines and `git:REF:PATH` specs with shell metacharacters
// (`;`, `$(...)`, backticks, `|`, `>`, `&&`, globs, variables) and leading dashes. Nothing is run through a shell
// (a marker file that a shell would create stays absent) and nothing becomes an option of git.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureSnapshot } from '../../src/capture/index.js';
import { splitCommandLine } from '../../src/capture/command-line.js';
import { CaptureError, UsageError } from '../../src/errors.js';
import { readSnapshotSource, serializeSnapshot } from '../../src/snapshot/index.js';
import { gitPath, resolveCommit } from '../../action/src/git.js';
import { HOSTILE, ROOT, lastLine, pidFile, runCli } from './cli.js';

const SCRATCH = mkdtempSync(join(tmpdir(), 'mdg-hardening-shell-'));
const MARKER = join(SCRATCH, 'PWNED');
afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }));

/** What a shell would run for each of these; each would create MARKER (or a file named PWNED in the cwd). */
const INJECTIONS = [
  `; touch ${MARKER}`,
  `&& touch ${MARKER}`,
  `| touch ${MARKER}`,
  `$(touch ${MARKER})`,
  `\`touch ${MARKER}\``,
  `> ${MARKER}`,
  `|| touch ${MARKER} #`,
  `\n touch ${MARKER}`,
];

function noMarker(cwd = SCRATCH): void {
  expect(existsSync(MARKER)).toBe(false);
  expect(readdirSync(cwd).filter((f) => f.startsWith('PWNED'))).toEqual([]);
}

describe('--stdio: split into argv like a shell splits words, then run without a shell', () => {
  it('metacharacters are literal words, quoted or not', () => {
    expect(splitCommandLine('node s.mjs ; rm -rf / | cat > out $(id) `id` && x || y & $HOME *.js ~')).toEqual([
      'node', 's.mjs', ';', 'rm', '-rf', '/', '|', 'cat', '>', 'out', '$(id)', '`id`', '&&', 'x', '||', 'y', '&', '$HOME', '*.js', '~',
    ]);
    expect(splitCommandLine(`node 's.mjs; rm -rf /' "$(id) \`id\` \\$HOME"`)).toEqual(['node', 's.mjs; rm -rf /', '$(id) `id` $HOME']);
    expect(() => splitCommandLine('node "unterminated')).toThrow(UsageError);
  });

  it('a real server receives every metacharacter as a plain argument; no marker appears', async () => {
    const pid = pidFile();
    const injected = INJECTIONS.map((text) => `'${text}'`).join(' ') + ` ; touch ${MARKER} $(touch ${MARKER}) \`touch ${MARKER}\` > ${MARKER}`;
    const command = `'${process.execPath}' '${join(HOSTILE, 'stdio-server.mjs')}' ok '${pid}' ${injected}`;
    const snapshot = await captureSnapshot({ stdio: command, cwd: SCRATCH, timeoutMs: 10_000 });
    expect(snapshot.tools.map((t) => t.name)).toEqual(['ok']);
    const argv = JSON.parse(readFileSync(`${pid}.argv`, 'utf8')) as string[];
    expect(argv).toEqual(['ok', pid, ...INJECTIONS, ';', 'touch', MARKER, `$(touch`, `${MARKER})`, '`touch', `${MARKER}\``, '>', MARKER]);
    noMarker();
  });

  it('a command that is itself a metacharacter or a dash is a command name that does not exist: exit 3, nothing run', async () => {
    for (const command of [`-rf ${MARKER}`, `--help`, `; touch ${MARKER}`, `$(touch ${MARKER})`, `\`touch ${MARKER}\``]) {
      const error = await captureSnapshot({ stdio: command, cwd: SCRATCH, timeoutMs: 5_000 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CaptureError);
      expect((error as Error).message).toMatch(/command not found \(check the command and PATH; it is not run through a shell\)$/);
    }
    noMarker();
  });

  it('the CLI: snapshot --stdio with metacharacters captures the server and runs nothing else', async () => {
    const pid = pidFile();
    const command = `'${process.execPath}' '${join(HOSTILE, 'stdio-server.mjs')}' ok '${pid}' ; touch PWNED && touch ${MARKER} | tee PWNED2 > PWNED3 $(touch PWNED4) \`touch PWNED5\``;
    const run = await runCli(['snapshot', '--stdio', command], { cwd: SCRATCH });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).tools.map((t: { name: string }) => t.name)).toEqual(['ok']);
    noMarker();
  });

  it('the CLI: a --stdio=VALUE that looks like an option is the command, not an option of ours', async () => {
    const run = await runCli(['snapshot', '--stdio=--version', '--timeout', '2'], { cwd: SCRATCH });
    expect(run.code).toBe(3);
    expect(lastLine(run.stderr)).toBe('mcp-drift-guard: could not initialize "--version": command not found (check the command and PATH; it is not run through a shell)');
    // Written apart, commander reads it as our own --version: the version is printed and nothing is started.
    const apart = await runCli(['snapshot', '--stdio', '--version'], { cwd: SCRATCH });
    expect(apart.code).toBe(0);
    expect(apart.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('git:REF:PATH: read with git show, no shell, no option smuggled in', () => {
  let repo = '';
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: SCRATCH } }).toString();
  const snapshot = serializeSnapshot({ format: 1, server: { name: 's', version: '1' }, capabilities: {}, tools: [{ name: 't', inputSchema: { type: 'object' } }], prompts: [], resourceTemplates: [] });
  // A real file whose name is full of metacharacters: reading it must work, and run nothing.
  const oddName = 'snap; touch PWNED $(touch PWNED) `touch PWNED` | x > y.json';

  beforeAll(() => {
    repo = mkdtempSync(join(SCRATCH, 'repo-'));
    git('init', '-q', '-b', 'main');
    writeFileSync(join(repo, 'mcp-snapshot.json'), snapshot);
    writeFileSync(join(repo, oddName), snapshot);
    git('add', '--', 'mcp-snapshot.json', oddName);
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'snapshot');
  });

  it('a committed file whose name is all metacharacters is read as that file', async () => {
    const read = await readSnapshotSource(`git:HEAD:${oddName}`, { cwd: repo });
    expect(read.text).toBe(snapshot);
    noMarker(repo);
  });

  it.each(INJECTIONS.flatMap((text) => [`git:HEAD${text}:mcp-snapshot.json`, `git:HEAD:mcp-snapshot.json${text}`]))('%j is a UsageError and runs nothing', async (spec) => {
    const error = await readSnapshotSource(spec, { cwd: repo }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message.startsWith(spec.split('\n')[0]!)).toBe(true);
    noMarker(repo);
  });

  it.each([
    `git:--output=${MARKER}:mcp-snapshot.json`,
    'git:--exec-path:x',
    `git:-o${MARKER}:mcp-snapshot.json`,
    `git:HEAD:--output=${MARKER}`,
    'git:HEAD:-p',
    'git:--upload-pack=touch PWNED:x',
  ])('a REF or PATH with a leading dash (%s) never reaches git as an option', async (spec) => {
    const error = await readSnapshotSource(spec, { cwd: repo }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(`${spec}: a REF or PATH may not start with "-"`);
    noMarker(repo);
  });

  it('a REF that is a valid git option after the first character (HEAD --output=...) stays one revision argument', async () => {
    const spec = `git:HEAD --output=${MARKER}:mcp-snapshot.json`;
    const error = await readSnapshotSource(spec, { cwd: repo }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    noMarker(repo);
  });

  it("the Action's base ref and snapshot path: metacharacters and dashes reach git as one argument or not at all", async () => {
    git('remote', 'add', 'origin', repo);
    for (const ref of [`HEAD;touch ${MARKER}`, `$(touch ${MARKER})`, `\`touch ${MARKER}\`~1`, `main|touch ${MARKER}`, `HEAD > ${MARKER}`]) {
      const error = await resolveCommit(ref, repo).catch((e: unknown) => e);
      expect(error, ref).toBeInstanceOf(UsageError);
    }
    for (const ref of ['--upload-pack=touch PWNED', `-o${MARKER}`, '--output=PWNED~1']) {
      const error = await resolveCommit(ref, repo).catch((e: unknown) => e);
      expect((error as Error).message).toBe(`base "${ref}": a ref may not start with "-"`);
    }
    expect((await resolveCommit('HEAD', repo)).fetched).toBe(false);
    expect(gitPath('-p', repo)).toBe('./-p');
    expect(gitPath(oddName, repo)).toBe(`./${oddName}`);
    expect(() => gitPath('../../etc/passwd', repo)).toThrow(UsageError);
    noMarker(repo);
  });

  it('the CLI: diff with injected git specs is exit 2 with one line, and runs nothing', async () => {
    for (const spec of [`git:HEAD;touch PWNED:mcp-snapshot.json`, `git:$(touch PWNED):mcp-snapshot.json`, `git:--output=PWNED:mcp-snapshot.json`, `git:HEAD:-x`]) {
      const run = await runCli(['diff', spec, 'mcp-snapshot.json'], { cwd: repo });
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/^mcp-drift-guard: git:/);
    }
    const ok = await runCli(['diff', `git:HEAD:${oddName}`, 'mcp-snapshot.json'], { cwd: repo });
    expect(ok.code).toBe(0);
    noMarker(repo);
  });
});

describe('--header values that would split an HTTP request', () => {
  it.each([
    ['X-A', 'b\r\nX-Injected: yes', /the value of X-A contains a line break or control character/],
    ['X-A', 'b\nHost: evil.example', /the value of X-A contains a line break or control character/],
    ['X-A', 'nul\u0000here', /the value of X-A contains a line break or control character/],
    ['Bad Name', 'x', /"Bad Name" is not a valid HTTP header name/],
    ['X-A\r\nX-B', 'x', /is not a valid HTTP header name/],
  ])('%j: %j is a UsageError before anything is sent', async (name, value, message) => {
    const error = await captureSnapshot({ url: 'http://127.0.0.1:9/mcp', headers: { [name]: value }, timeoutMs: 1_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
  });

  it('the CLI: exit 2 with one line', async () => {
    const run = await runCli(['snapshot', '--url', 'http://127.0.0.1:9/mcp', '--header', 'X-A: b\r\nX-Injected: yes']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe('mcp-drift-guard: --header: the value of X-A contains a line break or control character');
  });
});

describe('YAML that attacks its parser (policy files, manifests for lint)', () => {
  const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(',')}]`)].join('\n');
  it.each([
    ['an alias bomb', bomb, /Excessive alias count/],
    ['an alias to no anchor', 'failOn: *nope\n', /Unresolved alias/],
  ])('%s: exit 2 with one line naming the file, fast', async (_name, text, reason) => {
    const dir = mkdtempSync(join(SCRATCH, 'yaml-'));
    writeFileSync(join(dir, 'evil.yaml'), text);
    const snapshot = join(ROOT, 'test/fixtures/snapshots/weather-1.0.0.json');
    for (const args of [['lint', 'evil.yaml'], ['diff', '--config', 'evil.yaml', snapshot, snapshot]]) {
      const run = await runCli(args, { cwd: dir });
      expect(run.code, args.join(' ')).toBe(2);
      const lines = run.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^mcp-drift-guard: evil\.yaml/);
      expect(lines[0]).toMatch(reason);
      // Ends: an expanding alias bomb would not; a process start-up takes half a second idle, seconds under load.
      expect(run.ms).toBeLessThan(30_000);
    }
  });
});
