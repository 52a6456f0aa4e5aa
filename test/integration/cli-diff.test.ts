// `mcp-drift-guard diff` end to end through the bundled CLI as a process: exit codes 0/1/2, every report format reaching
// stdout or --output, the policy file, sources from files, stdin and git:REF:PATH, and bad input of every kind.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wideUnion } from '../../scripts/lib/hostile-reviews.mjs';
import { fixture, ROOT, runCli } from './cli-diff-helpers.js';

const V1 = fixture('weather-1.0.0.json');
const V101 = fixture('weather-1.0.1.json');
const V2 = fixture('weather-2.0.0.json');
let tmp: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'mdg-cli-diff-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** One clear line on stderr, no stack trace. */
function expectOneLineError(stderr: string, pattern: RegExp): void {
  const lines = stderr.trimEnd().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^mcp-drift-guard: /);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe('diff: exit codes', () => {
  it('identical snapshots: exit 0, "No changes."', async () => {
    const r = await runCli(['diff', V1, V1]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No changes.');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('OK: 0 breaking, 0 warnings, 0 safe (fails on breaking)');
  });

  it('only compatible changes: exit 0', async () => {
    const r = await runCli(['diff', V1, V101]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('SAFE');
    expect(r.stdout).not.toContain('BREAKING');
  });

  it('breaking changes: exit 1, breaking listed first', async () => {
    const r = await runCli(['diff', V1, V2]);
    expect(r.code).toBe(1);
    expect(r.stdout.indexOf('BREAKING')).toBeGreaterThan(0);
    expect(r.stdout.indexOf('BREAKING')).toBeLessThan(r.stdout.indexOf('SAFE'));
    expect(r.stdout).toContain('tool/get_alerts');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(/^FAIL: [1-9]\d* breaking, /);
    expect(r.stderr).toBe('');
  });

  it('--fail-on never reports without failing; --fail-on warning fails on warnings', async () => {
    expect((await runCli(['diff', V1, V2, '--fail-on', 'never'])).code).toBe(0);
    const json = JSON.parse((await runCli(['diff', V1, V101, '--format', 'json'])).stdout);
    const expected = json.summary.warning > 0 ? 1 : 0;
    expect((await runCli(['diff', V1, V101, '--fail-on', 'warning'])).code).toBe(expected);
  });
});

describe('diff: formats and output', () => {
  it('json on stdout matches the summary of the text report', async () => {
    const r = await runCli(['diff', V1, V2, '--format', 'json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.format).toBe(1);
    expect(json.base.source).toBe(V1);
    expect(json.head.server).toEqual({ name: 'weather', version: '2.0.0' });
    expect(json.summary.breaking).toBe(json.findings.filter((f: { severity: string }) => f.severity === 'breaking').length);
  });

  it.each(['markdown', 'github', 'sarif', 'junit'])('--format %s renders', async (format) => {
    const r = await runCli(['diff', V1, V2, '--format', format]);
    expect(r.code).toBe(1);
    expect(r.stdout.length).toBeGreaterThan(50);
    if (format === 'sarif') expect(JSON.parse(r.stdout).version).toBe('2.1.0');
    if (format === 'junit') expect(r.stdout.startsWith('<?xml')).toBe(true);
    if (format === 'markdown') expect(r.stdout.split('\n')[0]).toMatch(/^\*\*❌ /);
  });

  it('github annotations name the head file relative to the working directory, at the changed line', async () => {
    const r = await runCli(['diff', 'test/fixtures/snapshots/weather-1.0.0.json', 'test/fixtures/snapshots/weather-2.0.0.json', '--format', 'github']);
    const maximumLine = readFileSync(V2, 'utf8').split('\n').indexOf('            "maximum": 7,') + 1;
    expect(maximumLine).toBeGreaterThan(0);
    expect(r.stdout).toMatch(new RegExp(`^::error file=test/fixtures/snapshots/weather-2\\.0\\.0\\.json,line=${maximumLine},title=Breaking MCP change \\(tool/get_forecast\\)::input-maximum-tightened: .*days`, 'm'));
  });

  it('--output writes the report to a file and nothing to stdout', async () => {
    const out = join(tmp, 'reports', 'drift.json');
    const r = await runCli(['diff', V1, V2, '--format', 'json', '--output', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).format).toBe(1);
  });

  it('colour only when forced, never with NO_COLOR', async () => {
    expect((await runCli(['diff', V1, V2], { env: { FORCE_COLOR: '1' } })).stdout).toContain('\u001b[');
    expect((await runCli(['diff', V1, V2], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } })).stdout).not.toContain('\u001b[');
    expect((await runCli(['diff', V1, V2])).stdout).not.toContain('\u001b[');
  });
});

describe('diff: sources', () => {
  it('reads one side from stdin', async () => {
    const r = await runCli(['diff', '-', V2, '--format', 'json'], { input: readFileSync(V1, 'utf8') });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).base.source).toBe('-');
  });

  it('reads git:REF:PATH from a repository, without a checkout', async () => {
    const repo = join(tmp, 'repo');
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
    execFileSync('git', ['init', '-q', repo]);
    git('config', 'user.email', 't@example.com');
    git('config', 'user.name', 'test');
    copyFileSync(V1, join(repo, 'mcp-snapshot.json'));
    git('add', 'mcp-snapshot.json');
    git('commit', '-qm', 'v1');
    copyFileSync(V2, join(repo, 'mcp-snapshot.json'));
    const r = await runCli(['diff', 'git:HEAD:mcp-snapshot.json', 'mcp-snapshot.json', '--format', 'json'], { cwd: repo });
    expect(r.code, r.stderr).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.base).toEqual({ server: { name: 'weather', version: '1.0.0' }, source: 'git:HEAD:mcp-snapshot.json' });
    expect(json.head.server.version).toBe('2.0.0');
    // Annotations for a git head name its PATH, with lines from the text git returned.
    git('commit', '-qam', 'v2');
    const gh = await runCli(['diff', 'git:HEAD~1:mcp-snapshot.json', 'git:HEAD:mcp-snapshot.json', '--format', 'github'], { cwd: repo });
    expect(gh.code).toBe(1);
    const maximumLine = readFileSync(V2, 'utf8').split('\n').indexOf('            "maximum": 7,') + 1;
    expect(gh.stdout).toContain(`::error file=mcp-snapshot.json,line=${maximumLine},title=`);
    const missing = await runCli(['diff', 'git:HEAD:nope.json', 'mcp-snapshot.json'], { cwd: repo });
    expect(missing.code).toBe(2);
    expectOneLineError(missing.stderr, /git:HEAD:nope\.json/);
  });
});

describe('diff: live servers', () => {
  const server = (v: number) => `node ${join(ROOT, `test/fixtures/servers/weather-v${v}-sdk1.mjs`)}`;

  it('--base-stdio and --head-stdio capture both sides', async () => {
    const r = await runCli(['diff', '--base-stdio', server(1), '--head-stdio', server(2), '--format', 'json']);
    expect(r.code, r.stderr).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.base.source).toBe(`stdio:${server(1)}`);
    expect(json.summary.breaking).toBeGreaterThan(0);
  }, 30_000);

  it('a file on one side and a live server on the other; the same version gives no findings', async () => {
    const dir = join(tmp, 'live');
    execFileSync('mkdir', ['-p', dir]);
    const file = join(dir, 'v1.json');
    expect((await runCli(['diff', '--base-stdio', server(1), '--head-stdio', server(1), '--format', 'json', '--output', file])).code).toBe(0);
    // The report is not a snapshot: diffing it is bad input, not a silent pass.
    const notSnapshot = await runCli(['diff', file, '--head-stdio', server(1)]);
    expect(notSnapshot.code).toBe(2);
    const snapshotOut = await runCli(['diff', V1, '--head-stdio', server(2), '--format', 'json']);
    expect(snapshotOut.code).toBe(1);
    expect(JSON.parse(snapshotOut.stdout).base.source).toBe(V1);
  }, 30_000);

  it('a server that cannot be started is exit 3', async () => {
    const r = await runCli(['diff', V1, '--head-stdio', 'node -e "process.exit(3)"', '--head-timeout', '5']);
    expect(r.code).toBe(3);
  }, 30_000);
});

describe('diff: output', () => {
  it('a reader that stops early (| head) ends the output quietly, without a stack trace', async () => {
    // About 1 MB of report, far more than a pipe buffer, so the CLI is still writing when the pipe closes.
    const tools = Array.from({ length: 3000 }, (_, i) => ({ name: `tool_${i}`, inputSchema: { type: 'object' } }));
    const base = join(tmp, 'none.json');
    const head = join(tmp, 'many.json');
    writeFileSync(base, JSON.stringify({ tools: [] }));
    writeFileSync(head, JSON.stringify({ tools }));
    const r = await runCli(['diff', base, head, '--format', 'json'], { closeStdoutAfterFirstChunk: true });
    expect(r.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeLessThan(1_000_000);
  });
});

describe('diff: bad input is exit 2 with one clear line', () => {
  it('malformed JSON', async () => {
    const bad = join(tmp, 'bad.json');
    writeFileSync(bad, '{"format": 1, "tools": [');
    const r = await runCli(['diff', bad, V2]);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /bad\.json/);
    expect(r.stdout).toBe('');
  });

  it('JSON that is not a snapshot', async () => {
    const other = join(tmp, 'package.json');
    writeFileSync(other, JSON.stringify({ name: 'x', version: '1.0.0', dependencies: {} }));
    const r = await runCli(['diff', V1, other]);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /package\.json.*not a snapshot/);
  });

  it('a schema that is not an object', async () => {
    const bad = join(tmp, 'schema-string.json');
    const snap = JSON.parse(readFileSync(V1, 'utf8'));
    snap.tools[0].inputSchema = 'object';
    writeFileSync(bad, JSON.stringify(snap));
    const r = await runCli(['diff', V1, bad]);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /inputSchema/);
  });

  it('a missing file, a missing argument, both sides on stdin, an unknown format', async () => {
    const missing = await runCli(['diff', V1, join(tmp, 'nope.json')]);
    expect(missing.code).toBe(2);
    expectOneLineError(missing.stderr, /nope\.json: cannot read snapshot: no such file/);
    const one = await runCli(['diff', V1]);
    expect(one.code).toBe(2);
    expectOneLineError(one.stderr, /missing the head snapshot/);
    const stdin = await runCli(['diff', '-', '-']);
    expect(stdin.code).toBe(2);
    expectOneLineError(stdin.stderr, /only one side/);
    const format = await runCli(['diff', V1, V2, '--format', 'xml']);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('xml');
  });

  it('a policy with a typo names the file and the path', async () => {
    const dir = join(tmp, 'typo');
    execFileSync('mkdir', ['-p', dir]);
    writeFileSync(join(dir, '.mcp-drift-guard.yml'), 'failOn: breaking\nignore:\n  - fingerprint: abc\n    reasn: typo\n');
    const r = await runCli(['diff', V1, V2], { cwd: dir });
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /\.mcp-drift-guard\.yml: ignore\[0\]\.reasn: unknown key/);
    const rule = join(dir, 'rule.yml');
    writeFileSync(rule, 'rules:\n  tool-removd: warning\n');
    const r2 = await runCli(['diff', V1, V2, '--config', rule], { cwd: dir });
    expect(r2.code).toBe(2);
    expectOneLineError(r2.stderr, /rule\.yml: rules\.tool-removd: unknown rule id/);
  });

  it('a missing file is reported at once, even when the other side is a stdin that never ends', async () => {
    for (const args of [
      [join(tmp, 'no-base.json'), '-'],
      ['-', join(tmp, 'no-head.json')],
    ]) {
      const r = await runCli(['diff', ...args], { stdinOpen: true });
      expect(r.code).toBe(2);
      expectOneLineError(r.stderr, /no-(base|head)\.json: cannot read snapshot: no such file/);
    }
  });

  it('several bad inputs read at once: the error is always the first of policy, base, head', async () => {
    const dir = join(tmp, 'order');
    execFileSync('mkdir', ['-p', dir]);
    const badPolicy = join(dir, 'bad.yml');
    writeFileSync(badPolicy, 'failOn: sometimes\n');
    const runs = await Promise.all(
      [1, 2, 3].flatMap(() => [
        runCli(['diff', join(dir, 'no-base.json'), join(dir, 'no-head.json'), '--config', badPolicy]),
        runCli(['diff', join(dir, 'no-base.json'), join(dir, 'no-head.json')]),
      ]),
    );
    for (const [i, r] of runs.entries()) {
      expect(r.code).toBe(2);
      expectOneLineError(r.stderr, i % 2 === 0 ? /bad\.yml: failOn/ : /no-base\.json: cannot read snapshot/);
    }
  });
});

describe('diff: policy', () => {
  it('ignoring every breaking finding by fingerprint turns exit 1 into 0 and lists them as ignored', async () => {
    const json = JSON.parse((await runCli(['diff', V1, V2, '--format', 'json'])).stdout);
    const breaking = json.findings.filter((f: { severity: string }) => f.severity === 'breaking');
    const dir = join(tmp, 'policy-ok');
    execFileSync('mkdir', ['-p', dir]);
    const entries = breaking.map((f: { fingerprint: string }) => `  - fingerprint: ${f.fingerprint}\n    reason: clients migrated\n`).join('');
    writeFileSync(join(dir, '.mcp-drift-guard.yml'), `ignore:\n${entries}`);
    const r = await runCli(['diff', V1, V2], { cwd: dir });
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain(`IGNORED BY POLICY (${breaking.length})`);
    expect(r.stdout).toContain('clients migrated');
  });

  it('an expired ignore stops applying and says so', async () => {
    const json = JSON.parse((await runCli(['diff', V1, V2, '--format', 'json'])).stdout);
    const first = json.findings.find((f: { severity: string }) => f.severity === 'breaking');
    const dir = join(tmp, 'policy-expired');
    execFileSync('mkdir', ['-p', dir]);
    writeFileSync(join(dir, '.mcp-drift-guard.yml'), `ignore:\n  - fingerprint: ${first.fingerprint}\n    reason: temporary\n    expires: 2020-01-01\n`);
    const r = await runCli(['diff', V1, V2], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`notice: ignore[0] (fingerprint ${first.fingerprint}) expired on 2020-01-01 and no longer applies: 1 finding counts again`);
  });
});

describe('diff: a 50 MB snapshot', () => {
  it('gives a result quickly and does not crash', async () => {
    // Tools with realistic nested schemas until the file passes 50 MB; head drops one tool and adds one argument.
    const tool = (i: number) => ({
      name: `tool_${String(i).padStart(6, '0')}`,
      description: `Tool number ${i}: ${'does a thing with the data it is given. '.repeat(8)}`,
      inputSchema: {
        type: 'object',
        properties: Object.fromEntries(
          Array.from({ length: 12 }, (_, p) => [`arg${p}`, { type: 'object', description: `argument ${p}`, properties: { value: { type: 'string', maxLength: 100 + p }, unit: { enum: ['a', 'b', 'c'] } }, required: ['value'] }]),
        ),
        required: ['arg0'],
      },
    });
    const tools = [];
    let size = 0;
    for (let i = 0; size < 50 * 1024 * 1024; i++) {
      const t = tool(i);
      size += JSON.stringify(t, null, 2).length + 4;
      tools.push(t);
    }
    const snapshot = { format: 1, server: { name: 'big', version: '1' }, capabilities: { tools: {} }, tools, prompts: [], resourceTemplates: [] };
    const basePath = join(tmp, 'big-base.json');
    writeFileSync(basePath, JSON.stringify(snapshot, null, 2));
    const headTools = tools.slice(1);
    (headTools[0]!.inputSchema.required as string[]).push('arg1');
    const headPath = join(tmp, 'big-head.json');
    writeFileSync(headPath, JSON.stringify({ ...snapshot, server: { name: 'big', version: '2' }, tools: headTools }, null, 2));
    expect(readFileSync(basePath).length).toBeGreaterThan(50 * 1024 * 1024);

    const r = await runCli(['diff', basePath, headPath, '--format', 'json']);
    expect(r.code, r.stderr).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.findings.map((f: { subject: { name: string } }) => f.subject.name)).toEqual(expect.arrayContaining(['tool_000000', 'tool_000001']));
    // Measured on the shared 2-core machine: 15-26 s end to end under load (parse ~1.3 s per side, diff ~3.7 s
    // in-process when idle). The bound is generous because other suites run in parallel.
    console.log(`50 MB snapshot (${tools.length} tools): diff --format json took ${Math.round(r.ms)} ms`);
    expect(r.ms).toBeLessThan(60_000);
  }, 120_000);
});

describe('diff: a pair over the work budget', () => {
  it('an anyOf of 300 objects (34 KB): exit 2 with one line "too complex", in seconds', { timeout: 120_000 }, async () => {
    const pair = wideUnion(300);
    const base = join(tmp, 'wide-base.json');
    const head = join(tmp, 'wide-head.json');
    writeFileSync(base, JSON.stringify(pair.base));
    writeFileSync(head, JSON.stringify(pair.head));
    const r = await runCli(['diff', base, head]);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expectOneLineError(r.stderr, /a schema is too complex to compare \(over 1,000,000 steps/);
    expect(r.stdout).toBe('');
    // Proves only that it ends: ~3 s measured on the loaded 2-core machine, so 10x headroom.
    expect(r.ms).toBeLessThan(30_000);
  });
});
