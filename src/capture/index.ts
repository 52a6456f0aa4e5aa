// captureSnapshot: connect to a live MCP server (stdio, Streamable HTTP or legacy SSE), list everything it offers
// and return it as a canonical Snapshot. Every failure is a one-line CaptureError; the server process always ends.
import { CaptureError, UsageError } from '../errors.js';
import { normalizeSnapshot } from '../snapshot/index.js';
import type { HttpTransport, Snapshot } from '../snapshot/types.js';
import { conformanceWarnings } from './conformance.js';
import { connect, MAX_TIMEOUT_MS, type Connection } from './connect.js';
import { describeCaptureFailure } from './describe.js';
import { listSurface } from './listing.js';
import { acceptedRevisions, answeringTransports } from './revisions.js';
import { captureTarget } from './target.js';

export const DEFAULT_TIMEOUT_MS = 30_000;

export interface CaptureOptions {
  /** A command line, split like a shell splits words but never run through a shell. */
  stdio?: string;
  cwd?: string;
  /** The environment a stdio server starts from (default: this process's); `env` is added to it. */
  inheritEnv?: NodeJS.ProcessEnv;
  /** Added to the inherited environment. */
  env?: Record<string, string>;
  url?: string;
  headers?: Record<string, string>;
  /** For `url`: `auto` tries Streamable HTTP, then legacy SSE. */
  transport?: 'auto' | 'streamable-http' | 'sse';
  /** Bounds the connect and each request (default 30 s); listing all pages may take 10 times as long in all. */
  timeoutMs?: number;
  /** Ends the capture early (the CLI aborts on SIGINT/SIGTERM); the server process is ended all the same. */
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
  /**
   * Ask which protocol revisions (and, by URL, transports) the server accepts: one more connection per revision.
   * Default true; a health probe that runs every few seconds leaves it off (then those parts are not captured).
   */
  revisions?: boolean;
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
    progress?.(
      `captured ${count(surface.tools, 'tool')}, ${count(surface.prompts, 'prompt')}, ${count(surface.resources, 'resource')}, ${count(surface.resourceTemplates, 'resource template')}`,
    );
    let protocolVersions: string[] | undefined;
    let transports: HttpTransport[] | undefined;
    if (options.revisions !== false) {
      const connectOptions = { timeoutMs, signal: options.signal };
      progress?.('asking which protocol revisions the server accepts');
      const revisions = await acceptedRevisions(target, connection, connectOptions);
      if ('unknown' in revisions) {
        progress?.(`warning: no answer to protocol revision ${revisions.unknown}; protocol revisions are not recorded`);
      } else {
        protocolVersions = revisions.accepted;
        progress?.(`accepts protocol revisions ${protocolVersions.join(', ') || '(none of the known ones)'}`);
      }
      if (target.kind === 'http' && target.transport === 'auto') {
        transports = await answeringTransports(target, connection, connectOptions);
        progress?.(`answering at the URL: ${transports.join(', ')}`);
      }
    }
    if (options.signal?.aborted) throw new CaptureError(`capture of "${target.label}" was interrupted`);
    try {
      return normalizeSnapshot(
        {
          format: 1,
          server: { name: info?.name ?? 'unknown', version: info?.version ?? 'unknown' },
          capabilities,
          instructions: client.getInstructions() ?? null,
          ...(protocolVersions && { protocolVersions }),
          ...(transports && { transports }),
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
