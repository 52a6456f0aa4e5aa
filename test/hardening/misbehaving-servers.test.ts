// Misbehaving servers against capture, probe and the CLI: one that never answers (stdio, and HTTP with every
// transport choice), one page per 10 s, 100 MB (stdout, HTTP body, SSE event), exit in the middle of a listing,
// a cursor cycle, junk. Each must end within its timeout with a CaptureError (exit 3) that says why, and leave no
// process behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { captureSnapshot } from '../../src/capture/index.js';
import { CaptureError } from '../../src/errors.js';
import { probeServer } from '../../src/probe/index.js';
import { isAlive } from '../fixtures/servers/lib/harness.js';
import { HOSTILE, bundleCli, hostileCommand, lastLine, pidFile, pidIn, runCli } from './cli.js';

/** Long enough for a hostile server to start and answer initialize on a loaded machine; short enough to wait out. */
const TIMEOUT_MS = 5_000;
/** After the timeout, ending a server that ignores SIGTERM takes stdin-close grace + SIGTERM grace (~1.3 s). */
const SHUTDOWN_SLACK_MS = 2_500;
/**
 * Wall-clock bounds here prove only that a capture ends instead of hanging: 5 times what it takes on an idle
 * machine, because a loaded 2-core one (CI, a laptop building) is several times slower. Never a speed claim.
 */
const HEADROOM = 5;
// The bounds above are the tests' own: vitest's default (30 s) must not cut them short.
vi.setConfig({ testTimeout: 120_000 });

async function captureFails(options: Parameters<typeof captureSnapshot>[0]): Promise<{ error: CaptureError; ms: number }> {
  const started = performance.now();
  const error = await captureSnapshot(options).then(
    () => undefined,
    (e: unknown) => e,
  );
  const ms = performance.now() - started;
  expect(error).toBeInstanceOf(CaptureError);
  return { error: error as CaptureError, ms };
}

const httpServers: ChildProcess[] = [];
function startHttp(behaviour: string): Promise<string> {
  const child = spawn(process.execPath, [join(HOSTILE, 'http-server.mjs'), behaviour], { stdio: ['ignore', 'pipe', 'inherit'] });
  httpServers.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once('exit', (code) => reject(new Error(`hostile http-server ${behaviour} exited with ${code}`)));
  });
}
const urls: Record<string, string> = {};

beforeAll(async () => {
  for (const behaviour of ['silent', 'sse-stall', 'sse-drip', 'flood', 'flood-sse', 'fat-pages', 'deep']) urls[behaviour] = await startHttp(behaviour);
  await bundleCli();
}, 60_000);
afterAll(() => {
  for (const child of httpServers) child.kill('SIGKILL');
});

// One at a time: each measures this process's peak memory.
describe('100 MB from a server, or pages without end: stopped at a cap, with bounded memory, no process left', () => {
  /** maxRSS is in KiB and only grows: a capture may not raise this process's peak by more than ~3x the cap. */
  const PEAK_GROWTH_MIB = 200;
  /** What is kept of 256 MiB of listings (the items, parsed) bounds a capture of endless pages. */
  const TOTAL_GROWTH_MIB = 700;

  it.each(['flood', 'flood-noeol'])('stdio: %s', async (behaviour) => {
    const pid = pidFile();
    const peakBefore = process.resourceUsage().maxRSS;
    // A long timeout: the cap, not the timeout, must end it (well before it, even on a loaded machine).
    const { error, ms } = await captureFails({ stdio: hostileCommand(behaviour, pid), timeoutMs: 120_000 });
    expect(error.message).toMatch(/^could not list the tools of ".*": the server wrote a message larger than 64 MiB on stdout; gave up reading it$/);
    expect(ms).toBeLessThan(60_000);
    expect((process.resourceUsage().maxRSS - peakBefore) / 1024).toBeLessThan(PEAK_GROWTH_MIB);
    expect(isAlive(pidIn(pid))).toBe(false);
  });

  it('stdio: millions of junk lines until the timeout: counted, not kept', async () => {
    const pid = pidFile();
    const peakBefore = process.resourceUsage().maxRSS;
    const { error, ms } = await captureFails({ stdio: hostileCommand('junk-flood', pid), timeoutMs: 3_000 });
    expect(error.message).toMatch(/^could not initialize ".*": no answer within 3 s; it wrote \d+ line\(s\) on stdout that are not JSON-RPC, e\.g\. "j"/);
    expect(Number(/it wrote (\d+) line/.exec(error.message)![1])).toBeGreaterThan(10_000);
    expect(ms).toBeLessThan(HEADROOM * (3_000 + SHUTDOWN_SLACK_MS));
    expect((process.resourceUsage().maxRSS - peakBefore) / 1024).toBeLessThan(PEAK_GROWTH_MIB);
    expect(isAlive(pidIn(pid))).toBe(false);
  });

  it('HTTP: a 100 MB JSON body', async () => {
    const peakBefore = process.resourceUsage().maxRSS;
    const { error, ms } = await captureFails({ url: urls.flood, timeoutMs: 120_000 });
    expect(error.message).toMatch(/^could not initialize ".*": Streamable HTTP: .*the server sent a response larger than 64 MiB; gave up reading it/);
    expect(ms).toBeLessThan(60_000);
    expect((process.resourceUsage().maxRSS - peakBefore) / 1024).toBeLessThan(PEAK_GROWTH_MIB);
  });

  it('stdio: pages without end, each with a new 8 MB cursor and description: stopped at 256 MiB in all', { timeout: 180_000 }, async () => {
    const pid = pidFile();
    const peakBefore = process.resourceUsage().maxRSS;
    const { error } = await captureFails({ stdio: hostileCommand('fat-pages', pid), timeoutMs: 30_000 });
    expect(error.message).toMatch(/^could not list the tools of ".*": the server wrote more than 256 MiB on stdout in all; gave up reading it$/);
    // Before the cap this ran the process out of memory (abort after ~4 GB).
    expect((process.resourceUsage().maxRSS - peakBefore) / 1024).toBeLessThan(TOTAL_GROWTH_MIB);
    expect(isAlive(pidIn(pid))).toBe(false);
  });

  it('HTTP: the same over Streamable HTTP', { timeout: 180_000 }, async () => {
    const peakBefore = process.resourceUsage().maxRSS;
    const { error } = await captureFails({ url: urls['fat-pages'], timeoutMs: 30_000 });
    expect(error.message).toMatch(/^could not list the tools of ".*": the server sent more than 256 MiB in all; gave up reading it$/);
    expect((process.resourceUsage().maxRSS - peakBefore) / 1024).toBeLessThan(TOTAL_GROWTH_MIB);
  });

  it('HTTP: a listing nested 100,000 levels deep is refused before the SDK parses it', async () => {
    const { error } = await captureFails({ url: urls.deep, timeoutMs: TIMEOUT_MS });
    expect(error.message).toMatch(/^could not list the tools of ".*": .*schema nested deeper than 256 levels$/);
    expect(error.exitCode).toBe(3);
  });

  it('HTTP: an event stream whose one data line never ends', async () => {
    const peakBefore = process.resourceUsage().maxRSS;
    const { ms } = await captureFails({ url: urls['flood-sse'], timeoutMs: TIMEOUT_MS });
    expect(ms).toBeLessThan(HEADROOM * (TIMEOUT_MS + 1_000));
    expect((process.resourceUsage().maxRSS - peakBefore) / 1024).toBeLessThan(PEAK_GROWTH_MIB);
  });
});

// The groups below side by side, not one after another: their tests mostly wait for a timeout to run out, and the
// 30 s listing deadline of one of them would otherwise be waited out alone (at most maxConcurrency tests at once).
describe.concurrent('bounded by the timeout', () => {
  describe.concurrent('captureSnapshot over stdio: CaptureError with the reason, within the timeout, no process left', () => {
    const cases: { behaviour: string; reason: RegExp; bound: number }[] = [
      { behaviour: 'silent', reason: /^could not initialize ".*": no answer within \d+ s; its stderr ends with: hostile silent: ignoring SIGTERM$/, bound: TIMEOUT_MS + SHUTDOWN_SLACK_MS },
      { behaviour: 'slow-pages', reason: /^could not list the tools of ".*": no answer within \d+ s$/, bound: TIMEOUT_MS + SHUTDOWN_SLACK_MS },
      { behaviour: 'exit-mid', reason: /^could not list the tools of ".*": the process exited before answering \(code 7\); its stderr ends with: hostile exit-mid: crashed while listing page 2$/, bound: TIMEOUT_MS },
      { behaviour: 'cursor-cycle', reason: /tools\/list: the server sent the cursor "a" again on page 4; its pagination never ends$/, bound: TIMEOUT_MS + SHUTDOWN_SLACK_MS },
      { behaviour: 'junk', reason: /^could not initialize ".*": no answer within \d+ s; it wrote \d+ line\(s\) on stdout that are not JSON-RPC, e\.g\. ".*"; its stderr ends with: hostile junk: ignoring SIGTERM$/, bound: TIMEOUT_MS + SHUTDOWN_SLACK_MS },
      // Refused from the raw bytes, before the SDK's recursive validation (which overflowed its stack on Node.js 24).
      { behaviour: 'deep', reason: /^could not list the tools of ".*": schema nested deeper than 256 levels$/, bound: TIMEOUT_MS + SHUTDOWN_SLACK_MS },
      { behaviour: 'bad-result', reason: /^could not initialize ".*": no answer within \d+ s; it wrote 1 line\(s\) on stdout that are not JSON-RPC, e\.g\. ".*not an initialize result.*"/, bound: TIMEOUT_MS + SHUTDOWN_SLACK_MS },
    ];
    it.each(cases)('$behaviour', async ({ behaviour, reason, bound }) => {
      const pid = pidFile();
      const { error, ms } = await captureFails({ stdio: hostileCommand(behaviour, pid), timeoutMs: TIMEOUT_MS });
      expect(error.message).toMatch(reason);
      expect(error.exitCode).toBe(3);
      expect(ms).toBeLessThan(HEADROOM * bound);
      expect(isAlive(pidIn(pid))).toBe(false);
    });

    it('pages without end, each just inside the timeout: the listing as a whole stops at 10 times the timeout', { timeout: 120_000 }, async () => {
      const pid = pidFile();
      // A page every 100 ms: the 1,000-page cap would take 100 s, the deadline (10 times the timeout) takes 30 s.
      const { error, ms } = await captureFails({ stdio: hostileCommand('drip-pages', pid), timeoutMs: 3_000 });
      expect(error.message).toMatch(/^could not list the tools of ".*": tools\/list: still listing after 30 s \(10 times the timeout\); the server keeps sending pages$/);
      expect(error.exitCode).toBe(3);
      // Not the 1,000-page cap (100 s here, 1,000 timeouts at worst): the deadline, plus the server's shutdown.
      expect(ms).toBeGreaterThan(30_000);
      expect(ms).toBeLessThan(90_000);
      expect(isAlive(pidIn(pid))).toBe(false);
    });

    it('an abort (SIGINT in the CLI) during the era probe ends the capture, long before its 30 s timeout', async () => {
      const pid = pidFile();
      const controller = new AbortController();
      // Once the server runs (it writes its pid first): a loaded machine may take longer than any fixed delay to start it.
      void (async () => {
        while (!existsSync(pid)) await new Promise((r) => setTimeout(r, 20));
        controller.abort();
      })();
      // With a 30 s timeout the SDK's probe waits 15 s (half the budget) on a silent server unless the abort reaches it.
      const { error, ms } = await captureFails({ stdio: hostileCommand('silent', pid), timeoutMs: 30_000, signal: controller.signal });
      expect(error.message).toMatch(/^could not initialize ".*": interrupted$/);
      expect(ms).toBeLessThan(HEADROOM * (300 + SHUTDOWN_SLACK_MS));
      expect(isAlive(pidIn(pid))).toBe(false);
    });
  });

  describe.concurrent('captureSnapshot over HTTP: a server that accepts and never answers is bounded by the timeout', () => {
    const cases = [
      { behaviour: 'silent', transport: 'auto', reason: /^could not initialize ".*": Streamable HTTP: .*; SSE: no answer within \d+ s$/ },
      // The SDK's protocol probe has half the budget, and says so.
      { behaviour: 'silent', transport: 'streamable-http', reason: /^could not initialize ".*": no answer to the protocol probe \(server\/discover\) within 2\.5 s$/ },
      { behaviour: 'silent', transport: 'sse', reason: /^could not initialize ".*": no answer within \d+ s$/ },
      { behaviour: 'sse-stall', transport: 'auto', reason: /^could not initialize ".*": Streamable HTTP: HTTP 405; SSE: no answer within \d+ s$/ },
      { behaviour: 'sse-drip', transport: 'auto', reason: /^could not initialize ".*": Streamable HTTP: HTTP 405; SSE: no answer within \d+ s$/ },
    ] as const;
    it.each(cases)('$behaviour with --transport $transport', async ({ behaviour, transport, reason }) => {
      const { error, ms } = await captureFails({ url: urls[behaviour], transport, timeoutMs: TIMEOUT_MS });
      expect(error.message).toMatch(reason);
      // Ends: both transports share one budget (how quickly is not asserted: a loaded machine adds seconds).
      expect(ms).toBeLessThan(HEADROOM * (TIMEOUT_MS + 1_000));
    });
  });

  describe.concurrent('probeServer: unhealthy within its timeout', () => {
    it.each(['silent', 'sse-stall', 'sse-drip'])('%s', async (behaviour) => {
      const started = performance.now();
      const result = await probeServer({ url: urls[behaviour]!, timeoutMs: TIMEOUT_MS });
      expect(result.healthy).toBe(false);
      expect(result.reason).toMatch(/^could not (probe|initialize) ".*": .*(no (complete )?answer within \d+ s)/);
      expect(performance.now() - started).toBeLessThan(HEADROOM * (TIMEOUT_MS + 1_000));
    });
  });

  describe.concurrent('the CLI: exit 3 and one line with the reason, within --timeout, no process left', () => {
    const cases = [
      { behaviour: 'silent', reason: /no answer within \d+ s/ },
      { behaviour: 'slow-pages', reason: /could not list the tools of .*: no answer within \d+ s$/ },
      { behaviour: 'flood', reason: /larger than 64 MiB on stdout; gave up reading it$/ },
      { behaviour: 'exit-mid', reason: /the process exited before answering \(code 7\)/ },
      { behaviour: 'cursor-cycle', reason: /its pagination never ends$/ },
      { behaviour: 'junk', reason: /on stdout that are not JSON-RPC/ },
    ];
    it.each(cases)('snapshot --stdio $behaviour', async ({ behaviour, reason }) => {
      const pid = pidFile();
      const run = await runCli(['snapshot', '--stdio', hostileCommand(behaviour, pid), '--timeout', String(TIMEOUT_MS / 1000)]);
      expect(run.code).toBe(3);
      expect(run.stdout).toBe('');
      expect(lastLine(run.stderr)).toMatch(/^mcp-drift-guard: could not /);
      expect(lastLine(run.stderr)).toMatch(reason);
      expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(run.ms).toBeLessThan(HEADROOM * (TIMEOUT_MS + SHUTDOWN_SLACK_MS + 1_000));
      expect(isAlive(pidIn(pid))).toBe(false);
    });

    it.each(['silent', 'sse-stall', 'sse-drip'])('probe --url against %s: unhealthy (exit 1) within --timeout', async (behaviour) => {
      const run = await runCli(['probe', '--url', urls[behaviour]!, '--timeout', String(TIMEOUT_MS / 1000)]);
      expect(run.code).toBe(1);
      expect(`${run.stdout}${run.stderr}`).toMatch(/unhealthy: could not (probe|initialize) ".*": .*within \d+ s/);
      expect(run.ms).toBeLessThan(HEADROOM * (TIMEOUT_MS + 2_500));
    });

    it.each(['silent', 'sse-stall'])('snapshot --url (transport auto) against %s', async (behaviour) => {
      const run = await runCli(['snapshot', '--url', urls[behaviour]!, '--timeout', String(TIMEOUT_MS / 1000)]);
      expect(run.code).toBe(3);
      expect(lastLine(run.stderr)).toMatch(/^mcp-drift-guard: could not initialize ".*": Streamable HTTP: .*; SSE: no answer within \d+ s$/);
      expect(run.ms).toBeLessThan(HEADROOM * (TIMEOUT_MS + 2_500));
    });
  });
});

describe('timeouts beyond what a Node timer holds', () => {
  it('a timeout of 3,000,000 s (past 2^31-1 ms) is no instant failure: a good server is captured', async () => {
    const pid = pidFile();
    const snapshot = await captureSnapshot({ stdio: hostileCommand('ok', pid), timeoutMs: 3e9 });
    expect(snapshot.tools.map((t) => t.name)).toEqual(['ok']);
    expect(isAlive(pidIn(pid))).toBe(false);
  });

  it('the CLI: snapshot --timeout 3000000 captures, without a timer overflow warning', async () => {
    const run = await runCli(['snapshot', '--stdio', hostileCommand('ok', pidFile()), '--timeout', '3000000']);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toMatch(/TimeoutOverflowWarning/);
  });
});
