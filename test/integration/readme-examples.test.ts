// The README is tested: every ```console block in it is run, as a shell script, and what it prints must be what the
// block shows. A block's commands run in a fresh sandbox that its marker names (`<!-- readme-test SETUP -->` on the
// line before the block), with `mcp-drift-guard` being the CLI built from this source. Only what changes from run to
// run is normalised, on both sides: ports of the servers a block starts, times, durations. A line `...` in a block
// stands for any number of lines.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './cli-diff-helpers.js';
import { isAlive } from '../fixtures/servers/lib/harness.js';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const SNAPSHOTS = join(ROOT, 'test/fixtures/snapshots');

interface Block {
  /** 1-based line of the opening fence, to name the block. */
  line: number;
  setup: string;
  /** `PORT=fixture-server args` servers to start first; PORT is the port the block shows. */
  serve: { port: string; args: string[] }[];
  free: string[];
  commands: { command: string; expected: string[] }[];
}

/** The console blocks of the README, with their markers. A console block without a marker fails the test. */
function consoleBlocks(): Block[] {
  const lines = README.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== '```console') continue;
    const marker = /^<!-- readme-test (\S+)((?: serve="[^"]+")*)((?: free="\d+")*)( one-command)? -->$/.exec(lines[i - 1] ?? '');
    // `one-command`: the block's first line is the only command; later `$ ` lines are what it prints (the demo).
    const oneCommand = marker?.[4] !== undefined;
    // `free="PORT"`: a port the block listens on itself, taken from the free ones at run time.
    const free = [...(marker?.[3] ?? '').matchAll(/free="(\d+)"/g)].map((m) => m[1]!);
    const serve = [...(marker?.[2] ?? '').matchAll(/serve="(\d+)=([^"]+)"/g)].map((m) => ({ port: m[1]!, args: m[2]!.split(' ') }));
    const block: Block = { line: i + 1, setup: marker?.[1] ?? '(no marker)', serve, free, commands: [] };
    for (i++; lines[i] !== '```'; i++) {
      const line = lines[i]!;
      if (line.startsWith('$ ') && !(oneCommand && block.commands.length > 0)) block.commands.push({ command: line.slice(2), expected: [] });
      else block.commands.at(-1)?.expected.push(line);
    }
    blocks.push(block);
  }
  return blocks;
}

const sandboxes: string[] = [];
afterAll(() => {
  for (const dir of sandboxes) rmSync(dir, { recursive: true, force: true });
});

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=readme', '-c', 'user.email=readme@example.com', ...args], { cwd, stdio: 'pipe' });
}

/** The policy file the README shows, taken from the README itself. */
function readmePolicy(): string {
  const at = README.indexOf('```yaml\nfailOn: breaking');
  return README.slice(at + '```yaml\n'.length, README.indexOf('```', at + 8));
}

/** The sandboxes the blocks name. Each starts empty but for what the README's story has at that point. */
const SETUPS: Record<string, (dir: string) => string> = {
  // The repository itself (the demo and the fixture servers), run from a copy of its layout.
  repo: (dir) => {
    for (const name of ['test', 'node_modules', 'dist', 'scripts', 'src', 'package.json']) symlinkSync(join(ROOT, name), join(dir, name));
    return dir;
  },
  // Two versions of the weather snapshot, a file that is no snapshot, one that is no JSON, in a git repository.
  'weather-files': (dir) => {
    SETUPS.repo!(dir);
    for (const v of ['1.0.0', '2.0.0']) copyFileSync(join(SNAPSHOTS, `weather-${v}.json`), join(dir, `weather-${v}.json`));
    writeFileSync(join(dir, 'broken.json'), '{"tools": [], tools: []}\n');
    git(dir, 'init', '-q');
    return dir;
  },
  // mcp-snapshot.json committed as weather 1.0.0, changed to 2.0.0, with the README's policy file.
  policy: (dir) => {
    copyFileSync(join(SNAPSHOTS, 'weather-1.0.0.json'), join(dir, 'mcp-snapshot.json'));
    git(dir, 'init', '-q');
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'weather 1.0.0');
    copyFileSync(join(SNAPSHOTS, 'weather-2.0.0.json'), join(dir, 'mcp-snapshot.json'));
    writeFileSync(join(dir, '.mcp-drift-guard.yml'), readmePolicy());
    return dir;
  },
  // The same policy with two typos, one per file.
  'policy-typos': (dir) => {
    for (const [file, v] of [['a.json', '1.0.0'], ['b.json', '2.0.0']] as const) copyFileSync(join(SNAPSHOTS, `weather-${v}.json`), join(dir, file));
    writeFileSync(join(dir, '.mcp-drift-guard.yml'), readmePolicy().replace('    reason: "clients were to send units by January"', '    reson: "clients were to send units by January"'));
    writeFileSync(join(dir, 'typo2.yml'), 'rules:\n  tool-remove: "off"\n');
    return dir;
  },
  // A captured snapshot committed, and the server (weather 2.0.0) as server.js, with its Deployment.
  captured: (dir) => {
    SETUPS.repo!(dir);
    execFileSync(process.execPath, [join(ROOT, 'dist/cli.cjs'), 'snapshot', '--stdio', 'node test/fixtures/servers/weather-v1-sdk1.mjs', '-o', 'mcp-snapshot.json'], { cwd: dir, stdio: 'pipe' });
    // CommonJS (the sandbox's package.json is the repository's own, linked: never written to).
    writeFileSync(join(dir, 'server.js'), "import('./test/fixtures/servers/weather-v2-sdk1.mjs');\n");
    mkdirSync(join(dir, 'k8s'));
    const manifest = readFileSync(join(ROOT, 'test/fixtures/lint/good/weather-mcp.yaml'), 'utf8').replace('  name: weather-mcp\n  labels:', '  name: weather-mcp\n  namespace: shop\n  labels:');
    writeFileSync(join(dir, 'k8s/deployment.yaml'), manifest.split('\n---\n')[0]!);
    return dir;
  },
  lint: () => join(ROOT, 'test/fixtures/lint'),
};

/** Starts a fixture server (`--http`/`--sse` print their URL) and resolves with it and its real port. */
function startServer(args: string[]): Promise<{ child: ChildProcess; port: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'test/fixtures/servers', args[0]!), ...args.slice(1)], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code}) before printing its URL`)));
    createInterface({ input: child.stdout! }).once('line', (url) => resolve({ child, port: new URL(url).port }));
  });
}

/** A port nothing listens on right now. */
function freePort(): Promise<string> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(String(port)));
    });
    server.once('error', reject);
  });
}

/** What changes from run to run, on both sides: ports, times, durations. */
function normalise(text: string, ports: Map<string, string>): string {
  let out = text;
  for (const [real, shown] of ports) out = out.replaceAll(`:${real}`, `:${shown}`);
  return out
    // HTTP headers (curl -i) end in CRLF; a terminal shows plain lines.
    .replace(/\r\n/g, '\n')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>')
    .replace(/"durationMs":\d+/g, '"durationMs":<ms>')
    .replace(/^Date: .+ GMT$/gm, 'Date: <date>')
    // The body's length follows the duration's digits.
    .replace(/^content-length: \d+$/gm, 'content-length: <n>')
    .replace(/\bin \d+(\.\d+)?s\b/g, 'in <s>');
}

/** `expected` (with `...` lines) against `actual`: the first line that differs, or undefined when they match. */
function mismatch(expected: string[], actual: string[]): string | undefined {
  const match = (e: number, a: number): boolean => {
    if (e === expected.length) return a === actual.length;
    if (expected[e] === '...') {
      for (let k = a; k <= actual.length; k++) if (match(e + 1, k)) return true;
      return false;
    }
    return a < actual.length && expected[e] === actual[a] && match(e + 1, a + 1);
  };
  return match(0, 0) ? undefined : `expected:\n${expected.join('\n')}\n\nactual:\n${actual.join('\n')}`;
}

const SEPARATOR = '@@readme-test-command@@';

/** Live processes whose working directory is in `dir` (Linux: /proc/PID/cwd), however they were started. */
function processesIn(dir: string): string[] {
  if (process.platform !== 'linux') return [];
  return readdirSync('/proc')
    .filter((pid) => /^\d+$/.test(pid) && isAlive(Number(pid)))
    .flatMap((pid) => {
      try {
        const cwd = readlinkSync(`/proc/${pid}/cwd`);
        return cwd === dir || cwd.startsWith(`${dir}/`) ? [`${pid}: ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim()}`] : [];
      } catch {
        return []; // ended meanwhile, or not ours to read
      }
    });
}

/** A directory holding `mcp-drift-guard` as an installed bin would be: the built CLI, run by this Node.js. */
function installedCommand(dir: string): string {
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'mcp-drift-guard'), `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'dist/cli.cjs')}" "$@"\n`, { mode: 0o755 });
  return bin;
}

/** A block's commands as one shell script (so `$?` and `&` work as typed), each output preceded by a separator. */
function script(block: Block, ports: Map<string, string>): string {
  const lines = [
    // One pipe for both streams, as a terminal shows them: in the order they were written. (Two pipes read by this
    // process may be read in another order when its event loop is busy.)
    'exec 2>&1',
    // Background jobs end with the block. `mcp-drift-guard` is a command on PATH (installedCommand), not a shell
    // function: a function run with `&` is a subshell, and killing it left the CLI it started running.
    "trap 'kill $(jobs -p) 2>/dev/null' EXIT",
  ];
  block.commands.forEach(({ command }, index) => {
    let real = command;
    for (const [port, shown] of ports) real = real.replaceAll(`:${shown}`, `:${port}`).replaceAll(` ${shown} `, ` ${port} `);
    // The separator keeps the exit status of the command before it, for a block's `echo $?`.
    lines.push(`__status=$?; echo ${SEPARATOR}; (exit $__status)`);
    if (real.endsWith(' &')) {
      // A background command: show what it prints first, as a terminal would before the next prompt.
      const out = `.bg-${index}.out`;
      lines.push(`${real.slice(0, -2)} > ${out} 2>&1 &`, `i=0; while [ ! -s ${out} ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done; sleep 0.2; cat ${out}`);
    } else lines.push(real);
  });
  return `${lines.join('\n')}\n`;
}

// Blocks of kubectl commands only need a cluster: test/integration/webhook-deploy.test.ts renders and plays them.
const blocks = consoleBlocks().filter((b) => !b.commands.every(({ command }) => command.startsWith('kubectl ')));

describe('README console blocks', () => {
  it('every console block is marked with the sandbox it runs in', () => {
    expect(blocks.filter((b) => !(b.setup in SETUPS)).map((b) => `line ${b.line}: ${b.setup}`)).toEqual([]);
    expect(blocks.length).toBeGreaterThan(10);
  });

  // Concurrently: each block has a sandbox and servers of its own, and most of a block's time is spent waiting
  // (a --timeout running out, a server starting), not computing.
  it.concurrent.for(blocks.filter((b) => b.setup in SETUPS).map((b) => [`line ${b.line} (${b.setup}): $ ${b.commands[0]?.command}`, b] as const))('%s', { timeout: 120_000 }, async ([, block], { expect }) => {
    const dir = mkdtempSync(join(tmpdir(), 'mdg-readme-'));
    sandboxes.push(dir);
    const bin = installedCommand(mkdtempSync(join(tmpdir(), 'mdg-readme-bin-')));
    sandboxes.push(dirname(bin));
    const cwd = SETUPS[block.setup]!(dir);
    const servers = await Promise.all(block.serve.map((s) => startServer(s.args)));
    const ports = new Map(servers.map((s, i) => [s.port, block.serve[i]!.port]));
    for (const shown of block.free) ports.set(await freePort(), shown);
    try {
      // Free ports the block expects to find nothing on are taken as shown (3999, 9099: nothing listens there).
      const file = join(dir, '.readme-block.sh');
      writeFileSync(file, script(block, ports));
      const output = await new Promise<string>((resolve) => {
        const child = spawn('bash', [file], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, NO_COLOR: '1', FORCE_COLOR: '0' } });
        let text = '';
        // The script sends its stderr to stdout (exec 2>&1); bash's own errors before that line come here.
        child.stdout.on('data', (d: Buffer) => (text += d.toString()));
        child.stderr.on('data', (d: Buffer) => (text += d.toString()));
        child.on('close', () => resolve(text));
      });
      const outputs = normalise(output, ports).split(`${SEPARATOR}\n`).slice(1);
      block.commands.forEach(({ command, expected }, index) => {
        const actual = (outputs[index] ?? '').replace(/\n$/, '').split('\n').filter((line, i, all) => !(all.length === 1 && line === ''));
        const want = normalise(expected.join('\n'), new Map()).split('\n').filter((line, i, all) => !(all.length === 1 && line === ''));
        const differs = mismatch(want, actual);
        // README_TEST_ACTUAL=FILE collects what the commands really print, to write the README from.
        if (differs !== undefined && process.env.README_TEST_ACTUAL) appendFileSync(process.env.README_TEST_ACTUAL, `=== README line ${block.line}: $ ${command}\n${actual.join('\n')}\n`);
        expect(differs, `README line ${block.line}: $ ${command}`).toBeUndefined();
      });
      // What the block started (a command run with `&` included) ends with it: no process is left working in its sandbox.
      await expect.poll(() => processesIn(dir), { timeout: 30_000, interval: 100 }).toEqual([]);
    } finally {
      for (const s of servers) s.child.kill();
    }
  });
});
