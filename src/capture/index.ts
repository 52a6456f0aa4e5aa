// captureSnapshot: connect to a live MCP server (stdio, Streamable HTTP or legacy SSE), list everything it offers
// and return it as a canonical Snapshot. Every failure is a one-line CaptureError; the server process always ends.
import { CaptureError, UsageError } from '../errors.js';
import { normalizeSnapshot } from '../snapshot/index.js';
import type { Snapshot } from '../snapshot/types.js';
import { splitCommandLine } from './command-line.js';
import { conformanceWarnings } from './conformance.js';
import { connect, type Connection, type Target } from './connect.js';
import { describeCaptureFailure } from './describe.js';
import { listSurface } from './listing.js';

export const DEFAULT_TIMEOUT_MS = 30_000;
/** Node's timers overflow past 2^31-1 ms (~24.8 days) and fire at once: a longer timeout means this one. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export interface CaptureOptions {
  /** A command line, split like a shell splits words but never run through a shell. */
  stdio?: string;
  cwd?: string;
  /** Added to the caller's environment, which the server inherits. */
  env?: Record<string, string>;
  url?: string;
  headers?: Record<string, string>;
  /** For `url`: `auto` tries Streamable HTTP, then legacy SSE. */
  transport?: 'auto' | 'streamable-http' | 'sse';
  /** Bounds the connect and each request (default 30 s). */
  timeoutMs?: number;
  /** Ends the capture early (the CLI aborts on SIGINT/SIGTERM); the server process is ended all the same. */
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
}

/** Resolves the options into one target; contradictory or incomplete options are a UsageError. */
export function captureTarget(options: CaptureOptions): Target {
  if (options.stdio !== undefined && options.url !== undefined) throw new UsageError('give either a command (--stdio) or a URL (--url), not both');
  if (options.stdio !== undefined) {
    if (options.headers && Object.keys(options.headers).length > 0) throw new UsageError('--header applies to --url, not to --stdio');
    if (options.transport !== undefined && options.transport !== 'auto') throw new UsageError('--transport applies to --url, not to --stdio');
    const [command, ...args] = splitCommandLine(options.stdio);
    return { kind: 'stdio', server: { command: command as string, args, cwd: options.cwd, env: options.env }, label: options.stdio.trim() };
  }
  if (options.url !== undefined) {
    if (options.cwd !== undefined || (options.env && Object.keys(options.env).length > 0)) {
      throw new UsageError('--cwd and --env apply to --stdio, not to --url');
    }
    let url: URL;
    try {
      url = new URL(options.url);
    } catch {
      throw new UsageError(`--url: not a URL: ${options.url}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--url: only http and https URLs are supported: ${options.url}`);
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      // fetch would refuse them later, as a failed capture (exit 3); they are the user's typo (exit 2).
      if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) throw new UsageError(`--header: ${JSON.stringify(name)} is not a valid HTTP header name`);
      // eslint-disable-next-line no-control-regex -- control characters (CR/LF above all) are what is refused
      if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(value)) throw new UsageError(`--header: the value of ${name} contains a line break or control character`);
    }
    const transport = options.transport ?? 'auto';
    if (!['auto', 'streamable-http', 'sse'].includes(transport)) throw new UsageError(`--transport: expected auto, streamable-http or sse, got ${transport}`);
    return { kind: 'http', url, headers: options.headers ?? {}, transport, label: options.url };
  }
  throw new UsageError('no server given: use --stdio "COMMAND ARGS" or --url URL');
}

export async function captureSnapshot(options: CaptureOptions): Promise<Snapshot> {
  const target = captureTarget(options);
  const requested = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(requested) || requested <= 0) throw new UsageError(`the timeout must be a positive duration, got ${requested} ms`);
  const timeoutMs = Math.min(requested, MAX_TIMEOUT_MS);
  const progress = options.onProgress;
  if (options.signal?.aborted) throw new CaptureError(`capture of "${target.label}" was interrupted`);

  progress?.(`connecting to ${target.label}`);
  let connection: Connection;
  try {
    connection = await connect(target, { timeoutMs, signal: options.signal, onProgress: progress });
  } catch (error) {
    throw describeCaptureFailure('initialize', target, error, timeoutMs, options.signal);
  }
  try {
    const { client } = connection;
    const info = client.getServerVersion();
    const capabilities = (client.getServerCapabilities() ?? {}) as Record<string, unknown>;
    progress?.(
      `connected over ${connection.transport} (protocol ${client.getNegotiatedProtocolVersion() ?? 'unknown'}) to ${info?.name ?? 'an unnamed server'} ${info?.version ?? ''}`.trimEnd(),
    );
    let listing = '';
    let surface;
    try {
      surface = await listSurface(
        client,
        capabilities,
        { timeoutMs, signal: options.signal },
        (method) => {
          listing = method;
          progress?.(`listing ${method}`);
        },
        (warning) => progress?.(`warning: ${warning}`),
      );
    } catch (error) {
      throw describeCaptureFailure(listing, target, error, timeoutMs, options.signal, connection.child);
    }
    for (const warning of conformanceWarnings(surface.tools)) progress?.(`warning: ${warning}`);
    const child = connection.child;
    if (child && child.noiseLines > 0) progress?.(`ignored ${child.noiseLines} line(s) on the server's stdout that were not JSON-RPC, e.g. ${JSON.stringify(child.noise[0])}`);
    progress?.(`captured ${count(surface.tools, 'tool')}, ${count(surface.prompts, 'prompt')}, ${count(surface.resourceTemplates, 'resource template')}`);
    try {
      return normalizeSnapshot(
        {
          format: 1,
          server: { name: info?.name ?? 'unknown', version: info?.version ?? 'unknown' },
          capabilities,
          ...surface,
        },
        `"${target.label}"`,
      );
    } catch (error) {
      // Something the snapshot cannot hold at all (e.g. a tool without a name): the server's fault, not the user's.
      throw new CaptureError(`could not capture ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  } finally {
    await connection.close();
  }
}

function count(items: unknown[], noun: string): string {
  return `${items.length} ${noun}${items.length === 1 ? '' : 's'}`;
}
