// Connects the SDK 2.x client to a live server over stdio, Streamable HTTP or legacy SSE, negotiating the era:
// `server/discover` for 2026-07-28 servers, `initialize` for every older one (versionNegotiation 'auto').
import { Client, ProtocolError, SSEClientTransport, StreamableHTTPClientTransport, UnsupportedProtocolVersionError, type FetchLike, type Transport } from '@modelcontextprotocol/client';
import { VERSION } from '../version.js';
import { ChildProcessTransport, type StdioServer } from './stdio-transport.js';
import { NestingGauge, TOO_DEEP } from './nesting.js';

export type HttpTransportName = 'streamable-http' | 'sse';

export type Target =
  | { kind: 'stdio'; server: StdioServer; label: string }
  | { kind: 'http'; url: URL; headers: Record<string, string>; transport: 'auto' | HttpTransportName; label: string };

export interface Connection {
  client: Client;
  /** The transport that answered: `stdio`, `streamable-http` or `sse`. */
  transport: 'stdio' | HttpTransportName;
  /** The stdio child, for its exit status, stderr and stdout noise. */
  child?: ChildProcessTransport;
  close(): Promise<void>;
}

export interface ConnectOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
}

/** How long a failed stdio handshake waits for the process's exit status before closing it. */
const EXIT_SETTLE_MS = 250;

/**
 * The `server/discover` probe gets half the connect budget: a legacy server that silently ignores it costs that
 * much, and the `initialize` that follows keeps the other half. Not a fixed few seconds: over stdio the wait includes
 * the server's start-up, which on a busy CI runner (or behind an `npx` that downloads first) takes longer, and a
 * 2026-07-28-only server whose probe timed out could not be captured at all. `--timeout` governs both.
 */
function newClient(timeoutMs: number): Client {
  return new Client({ name: 'mcp-drift-guard', version: VERSION }, { capabilities: {}, versionNegotiation: { mode: 'auto', probe: { timeoutMs: timeoutMs / 2 } } });
}

/** A legacy SSE stream gets at most this long to send its `endpoint` event (the server is already running). */
const MAX_SSE_PROBE_MS = 5_000;

/** One attempt on one transport; the transport is closed again if the handshake fails. */
async function attempt(
  transport: Transport,
  options: ConnectOptions,
  prior?: { kind: 'legacy' },
  // The connect as a whole (probe and initialize; every HTTP transport tried) is bounded by one timeout.
  deadline: AbortSignal = AbortSignal.timeout(options.timeoutMs),
): Promise<Client> {
  const client = newClient(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  try {
    // The SDK honours the signal only in its requests: its era probe waits out its own timer and a legacy SSE
    // stream waits for the `endpoint` event forever. The race ends the attempt at once; the transport is closed below.
    await untilAborted(client.connect(transport, { timeout: options.timeoutMs, signal, ...(prior && { prior }) }), signal);
    return client;
  } catch (error) {
    // A write to a server that just died fails (EPIPE) before its exit is reported: let the exit arrive first, so
    // the error says how the process ended rather than how the pipe broke.
    if (transport instanceof ChildProcessTransport && !signal.aborted) await transport.waitForExit(EXIT_SETTLE_MS);
    await client.close().catch(() => undefined);
    await transport.close().catch(() => undefined);
    throw deadline.aborted && !options.signal?.aborted ? new TimeoutError(options.timeoutMs) : error;
  }
}

/** `work`, or a rejection as soon as `signal` aborts (`work` is left to settle on its own). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export class TimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${formatSeconds(timeoutMs)}`);
  }
}

/** Node's timers overflow past 2^31-1 ms (~24.8 days) and fire at once: a longer timeout means this one. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

async function connectStdio(target: Extract<Target, { kind: 'stdio' }>, options: ConnectOptions): Promise<Connection> {
  let child = new ChildProcessTransport(target.server);
  let client: Client;
  try {
    client = await attempt(child, options);
  } catch (error) {
    // Some servers exit on any request before `initialize` (here: the era probe). Such a server gets one more
    // try with the plain 2025 handshake; a process that exits either way is reported as it exited the second time.
    if (!child.exitedOnItsOwn || options.signal?.aborted || error instanceof TimeoutError || error instanceof ProtocolError) {
      throw new StdioFailure(error, child);
    }
    options.onProgress?.('the server exited during the protocol probe; retrying with initialize only');
    child = new ChildProcessTransport(target.server);
    try {
      client = await attempt(child, options, { kind: 'legacy' });
    } catch (retryError) {
      throw new StdioFailure(retryError, child);
    }
  }
  const connected = child;
  return { client, transport: 'stdio', child: connected, close: () => closeAll(client, connected) };
}

/** A stdio failure together with the child, whose exit status and stderr explain it. */
export class StdioFailure extends Error {
  constructor(
    readonly reason: unknown,
    readonly child: ChildProcessTransport,
  ) {
    super(reason instanceof Error ? reason.message : String(reason));
  }
}

/** A failure of each HTTP transport that was tried, in order. */
export class HttpFailure extends Error {
  constructor(readonly failures: { transport: HttpTransportName; reason: unknown }[]) {
    super(failures.map((f) => String(f.reason)).join('; '));
  }
}

/** Like the stdio line cap: far above any real listing, and a stop for a server that streams without end. */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/** All responses of one connection together: the largest snapshot a reader accepts; endless pages stop here. */
export const MAX_TOTAL_RESPONSE_BYTES = 256 * 1024 * 1024;

/**
 * fetch whose response bodies end in an error past `limit` bytes, or nested too deep for the SDK's validation. The SDK reads a whole body (or SSE event)
 * before it looks at it, so without a cap a server that streams 100 MB costs several times that in memory.
 */
export function cappedFetch(limit = MAX_RESPONSE_BYTES, totalLimit = MAX_TOTAL_RESPONSE_BYTES): FetchLike {
  let total = 0;
  return async (input, init) => {
    const response = await fetch(input, init);
    if (!response.body) return response;
    let received = 0;
    // One gauge per body: a JSON body is one message, an event stream carries complete messages one after another.
    const nesting = new NestingGauge();
    const body = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          received += chunk.byteLength;
          total += chunk.byteLength;
          if (received > limit) controller.error(new Error(`the server sent a response larger than ${limit / (1024 * 1024)} MiB; gave up reading it`));
          else if (total > totalLimit) controller.error(new Error(`the server sent more than ${totalLimit / (1024 * 1024)} MiB in all; gave up reading it`));
          else if (nesting.feed(chunk)) controller.error(new Error(TOO_DEEP));
          else controller.enqueue(chunk);
        },
      }),
    );
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

function httpTransport(name: HttpTransportName, url: URL, headers: Record<string, string>): Transport {
  const fetch = cappedFetch();
  if (name === 'streamable-http') return new StreamableHTTPClientTransport(url, { requestInit: { headers }, fetch });
  // The SDK sends requestInit's headers on the SSE GET as well as on every POST.
  return new SSEClientTransport(url, { requestInit: { headers }, fetch });
}

async function connectHttp(target: Extract<Target, { kind: 'http' }>, options: ConnectOptions): Promise<Connection> {
  const order: HttpTransportName[] = target.transport === 'auto' ? ['streamable-http', 'sse'] : [target.transport];
  const failures: { transport: HttpTransportName; reason: unknown }[] = [];
  // One budget for both transports: the SSE fallback gets what Streamable HTTP left.
  const deadline = AbortSignal.timeout(options.timeoutMs);
  for (const name of order) {
    if (failures.length > 0) options.onProgress?.(`Streamable HTTP failed; trying legacy SSE`);
    const transport = httpTransport(name, target.url, target.headers);
    try {
      const client = await attempt(transport, options, undefined, deadline);
      return { client, transport: name, close: () => closeAll(client, transport) };
    } catch (error) {
      failures.push({ transport: name, reason: error });
      // Nothing listening, or no answer in time: SSE on the same URL cannot do better.
      if (options.signal?.aborted || error instanceof TimeoutError || isConnectionRefused(error)) break;
    }
  }
  throw new HttpFailure(failures);
}

export function isConnectionRefused(error: unknown): boolean {
  return /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|EHOSTUNREACH/.test(errorChain(error));
}

/** The messages and codes of an error and its causes, for matching. */
export function errorChain(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error, depth = 0; e !== undefined && e !== null && depth < 6; depth++) {
    if (e instanceof Error) {
      parts.push(e.message);
      const code = (e as { code?: unknown }).code;
      if (code !== undefined) parts.push(String(code));
      e = (e as { cause?: unknown }).cause;
    } else {
      parts.push(String(e));
      break;
    }
  }
  return parts.join(' | ');
}

async function closeAll(client: Client, transport: Transport): Promise<void> {
  // A sessionful Streamable HTTP server keeps the session until told otherwise: end it (DELETE), as a client should.
  if (transport instanceof StreamableHTTPClientTransport && transport.sessionId) await transport.terminateSession().catch(() => undefined);
  await client.close().catch(() => undefined);
  await transport.close().catch(() => undefined);
}

/**
 * Whether the server accepts the pre-2026 `revision`, asked as a client pinned to it asks: a connection of its own
 * (a new process for stdio) whose `initialize` offers only that revision.
 * True: the server answered with it. False: it answered with another revision or refused with a JSON-RPC error.
 * Undefined: no answer either way (a timeout, a process that would not start), which is not recorded as a refusal.
 */
export async function acceptsRevision(target: Target, transportName: Connection['transport'], revision: string, options: ConnectOptions): Promise<boolean | undefined> {
  const client = new Client({ name: 'mcp-drift-guard', version: VERSION }, { capabilities: {}, supportedProtocolVersions: [revision] });
  const transport = target.kind === 'stdio' ? new ChildProcessTransport(target.server) : httpTransport(transportName === 'sse' ? 'sse' : 'streamable-http', target.url, target.headers);
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  try {
    await untilAborted(client.connect(transport, { timeout: options.timeoutMs, signal }), signal);
    return client.getNegotiatedProtocolVersion() === revision;
  } catch (error) {
    if (signal.aborted) return undefined;
    if (error instanceof ProtocolError || error instanceof UnsupportedProtocolVersionError) return false;
    // The SDK's own words when initialize answers with a revision the client did not offer.
    if (/protocol version is not supported/i.test(errorChain(error))) return false;
    return undefined;
  } finally {
    await closeAll(client, transport);
  }
}

/** Whether a legacy SSE client can connect at the target's URL (bounded: a stream that never sends its endpoint is a no). */
export async function sseAnswers(target: Extract<Target, { kind: 'http' }>, options: ConnectOptions): Promise<boolean> {
  const transport = httpTransport('sse', target.url, target.headers);
  try {
    const client = await attempt(transport, { ...options, timeoutMs: Math.min(options.timeoutMs, MAX_SSE_PROBE_MS) }, { kind: 'legacy' });
    await closeAll(client, transport);
    return true;
  } catch {
    return false;
  }
}

export function connect(target: Target, options: ConnectOptions): Promise<Connection> {
  return target.kind === 'stdio' ? connectStdio(target, options) : connectHttp(target, options);
}
