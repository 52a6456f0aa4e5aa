// `probe --url URL`: is this MCP server healthy? Exit 0 (healthy) or 1 (unhealthy, reason on one line), for
// exec probes and CI; `--serve [HOST:]PORT` answers /healthz instead, for readiness probes and sidecars.
import type { Command } from 'commander';
import { EXIT, UsageError } from '../../errors.js';
import type { ProbeOptions, ProbeResult } from '../../probe/index.js';
import { readSnapshotSource } from '../../snapshot/index.js';
import { collect, liveServerFromOptions } from '../live-options.js';

interface ProbeCommandOptions {
  url?: string;
  header?: string[];
  timeout?: string;
  expectSnapshot?: string;
  serve?: string;
  interval?: string;
}

export function registerProbe(program: Command): void {
  program
    .command('probe')
    .description('check that a live MCP server completes the handshake and lists its tools (exit 0 healthy, 1 unhealthy)')
    .requiredOption('--url <url>', 'the server\'s Streamable HTTP (or legacy SSE) endpoint, e.g. http://127.0.0.1:8080/mcp')
    .option('--header <"Name: value">', 'HTTP header to send, e.g. "Authorization: Bearer ..." (repeatable)', collect)
    .option('--timeout <seconds>', 'bound on connecting and on each request (default 30)')
    .option('--expect-snapshot <file>', 'also unhealthy when the live tools, prompts or resource templates differ from this snapshot (file, git:REF:PATH)')
    .option('--serve <[host:]port>', 'serve GET /healthz (200 healthy, 503 unhealthy, JSON reason) instead of checking once')
    .option('--interval <seconds>', 'with --serve: reuse a check result for this long (default 10)')
    .action(async (opts: ProbeCommandOptions) => {
      const probe = await probeOptions(opts);
      if (opts.serve === undefined) {
        if (opts.interval !== undefined) throw new UsageError('--interval applies to --serve');
        const { probeServer } = await loadProbe();
        const result = await probeServer(probe);
        process.stdout.write(`${result.healthy ? 'healthy' : 'unhealthy'}: ${result.reason}\n`);
        if (!result.healthy) process.exitCode = EXIT.findings;
        return;
      }
      await serve(probe, parseListen(opts.serve), seconds(opts.interval ?? '10', '--interval', true) * 1000);
    });
}

/** Loaded on demand: the probe brings the MCP client, which commands that read files never need. */
const loadProbe = () => import('../../probe/index.js');

async function probeOptions(opts: ProbeCommandOptions): Promise<ProbeOptions> {
  // The same parsing of --header and --timeout as every command that reaches a live server.
  const live = liveServerFromOptions({ url: opts.url, header: opts.header, timeout: opts.timeout });
  const probe: ProbeOptions = { url: live?.url ?? String(opts.url) };
  if (live?.headers) probe.headers = live.headers;
  if (live?.timeoutMs !== undefined) probe.timeoutMs = live.timeoutMs;
  if (opts.expectSnapshot !== undefined) {
    // Read once: a missing or malformed snapshot is a usage error now, not an unhealthy server later.
    const expected = await readSnapshotSource(opts.expectSnapshot);
    probe.expect = { snapshot: expected.snapshot, source: expected.source };
  }
  return probe;
}

/** `PORT`, `HOST:PORT` or `[IPv6]:PORT`; without a host every interface is bound (the kubelet probes the pod IP). */
export function parseListen(text: string): { host?: string; port: number } {
  const match = /^(?:\[([^\]]+)\]:|([^:[\]]+):)?(\d{1,5})$/.exec(text.trim());
  const port = match ? Number(match[3]) : NaN;
  if (!match || port > 65535) throw new UsageError(`--serve: expected PORT or HOST:PORT, got "${text}"`);
  const host = match[1] ?? match[2];
  return host === undefined ? { port } : { host, port };
}

function seconds(text: string, flag: string, allowZero = false): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new UsageError(`${flag}: expected a ${allowZero ? 'non-negative' : 'positive'} number of seconds, got "${text}"`);
  }
  return value;
}

async function serve(options: ProbeOptions, listen: { host?: string; port: number }, intervalMs: number): Promise<void> {
  // Stopping aborts a check in flight, so a hung server cannot hold the process past its termination grace.
  const { cachedCheck, createProbeServer, listenProbeServer, probeServer } = await loadProbe();
  const stopping = new AbortController();
  const probe: ProbeOptions = { ...options, signal: stopping.signal };
  let last: boolean | undefined;
  const check = cachedCheck(async (): Promise<ProbeResult> => {
    const result = await probeServer(probe);
    if (stopping.signal.aborted) return result;
    // Log transitions only: a probe every few seconds would otherwise flood the sidecar's log.
    if (result.healthy !== last) process.stderr.write(`mcp-drift-guard: ${result.healthy ? 'healthy' : 'unhealthy'}: ${result.reason}\n`);
    last = result.healthy;
    return result;
  }, intervalMs);
  const server = createProbeServer(check);
  let url: string;
  try {
    ({ url } = await listenProbeServer(server, listen.port, listen.host));
  } catch (error) {
    throw new UsageError(`--serve: cannot listen on ${listen.host ?? '*'}:${listen.port}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  process.stderr.write(`mcp-drift-guard: probing ${probe.url}, serving ${url}\n`);
  // As PID 1 in a container Node ignores SIGTERM unless it handles it: stop cleanly on both signals.
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      stopping.abort();
      server.close(() => resolve());
      server.closeAllConnections();
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}
