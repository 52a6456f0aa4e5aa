// Which protocol revisions a server accepts, and (for a URL) which HTTP transports answer: a client pinned to a
// revision, or speaking legacy SSE, breaks when the new server stops accepting it, so both go in the snapshot.
import type { HttpTransport } from '../snapshot/types.js';
import { acceptsRevision, sseAnswers, type Connection, type ConnectOptions, type Target } from './connect.js';

/** The revisions asked for with `initialize`, oldest first; 2026-07-28 is negotiated with `server/discover`. */
export const INITIALIZE_REVISIONS = ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25'] as const;
export const DISCOVER_REVISION = '2026-07-28';

/**
 * The revisions the server accepts, or undefined when one of them got no answer either way (then nothing is
 * recorded: a guess would become a false "dropped" later). The main connection already answered two questions:
 * it negotiated with `server/discover` first (so 2026-07-28 is accepted iff it was negotiated) and, failing
 * that, offered 2025-11-25 in `initialize` (accepted iff the server answered with it).
 */
export async function acceptedRevisions(
  target: Target,
  connection: Connection,
  options: ConnectOptions,
): Promise<{ accepted: string[] } | { unknown: string }> {
  const negotiated = connection.client.getNegotiatedProtocolVersion();
  const accepted: string[] = [];
  if (negotiated === DISCOVER_REVISION) accepted.push(DISCOVER_REVISION);
  const ask: string[] = [];
  for (const revision of INITIALIZE_REVISIONS) {
    if (revision === negotiated) accepted.push(revision);
    // A legacy connection offered 2025-11-25 and got another revision: that is a refusal already.
    else if (!(revision === '2025-11-25' && negotiated !== undefined && negotiated !== DISCOVER_REVISION)) ask.push(revision);
  }
  // Asked side by side (for stdio, one process each, as separate pinned clients would start them): the capture
  // takes about one connect longer, not four.
  const answers = await Promise.all(ask.map((revision) => acceptsRevision(target, connection.transport, revision, options)));
  const unknown = ask.find((_, i) => answers[i] === undefined);
  if (unknown !== undefined) return { unknown };
  accepted.push(...ask.filter((_, i) => answers[i]));
  return { accepted: accepted.sort() };
}

/** For `--url` with the transport left to `auto`: the transports that answer at the URL. */
export async function answeringTransports(target: Extract<Target, { kind: 'http' }>, connection: Connection, options: ConnectOptions): Promise<HttpTransport[]> {
  // Connected over SSE means Streamable HTTP was tried first and failed.
  if (connection.transport === 'sse') return ['sse'];
  return (await sseAnswers(target, options)) ? ['sse', 'streamable-http'] : ['streamable-http'];
}
