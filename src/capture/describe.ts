// Turns whatever a failed connect or listing threw into ONE line a person can act on, as a CaptureError:
// which server, which step, and the reason (exit code, stderr, timeout, refused connection, HTTP status, JSON-RPC error).
import { ProtocolError, ProtocolErrorCode, SdkError, SdkErrorCode } from '@modelcontextprotocol/client';
import { CaptureError, describeError } from '../errors.js';
import { errorChain, formatSeconds, HttpFailure, isConnectionRefused, StdioFailure, TimeoutError, type Target } from './connect.js';
import type { ChildProcessTransport } from './stdio-transport.js';

const STEP: Record<string, string> = {
  initialize: 'initialize',
  'tools/list': 'list the tools of',
  'prompts/list': 'list the prompts of',
  'resources/list': 'list the resources of',
  'resources/templates/list': 'list the resource templates of',
};

export function describeCaptureFailure(
  step: string,
  target: Target,
  error: unknown,
  timeoutMs: number,
  signal?: AbortSignal,
  child?: ChildProcessTransport,
): CaptureError {
  const what = `could not ${STEP[step] ?? step} "${target.label}"`;
  if (signal?.aborted) return new CaptureError(`${what}: interrupted`, { cause: error });
  // `cat` and the like send our own initialize request back, which the client answers "method not found", and
  // that answer comes back too: no MCP server answers initialize so.
  const cause = error instanceof StdioFailure ? error.reason : error;
  if (target.kind === 'stdio' && step === 'initialize' && cause instanceof ProtocolError && cause.code === ProtocolErrorCode.MethodNotFound) {
    return new CaptureError(`${what}: the process echoes its input (our own initialize request came back): is it an MCP server?`, { cause: error });
  }
  if (error instanceof StdioFailure) return new CaptureError(`${what}: ${stdioReason(error.reason, error.child, timeoutMs)}`, { cause: error.reason });
  if (error instanceof HttpFailure) {
    const reasons = error.failures.map(({ transport, reason }) => {
      const text = reasonOf(reason, timeoutMs, target);
      return error.failures.length > 1 ? `${transport === 'sse' ? 'SSE' : 'Streamable HTTP'}: ${text}` : text;
    });
    return new CaptureError(`${what}: ${reasons.join('; ')}`, { cause: error });
  }
  const reason = child ? stdioReason(error, child, timeoutMs) : reasonOf(error, timeoutMs, target);
  return new CaptureError(`${what}: ${reason}`, { cause: error });
}

function stdioReason(error: unknown, child: ChildProcessTransport, timeoutMs: number): string {
  const spawnCode = (error as { code?: unknown } | undefined)?.code;
  if (spawnCode === 'ENOENT') return 'command not found (check the command and PATH; it is not run through a shell)';
  if (spawnCode === 'EACCES') return 'permission denied when starting the command';
  const parts: string[] = [];
  const exit = child.exit;
  // A timeout or a JSON-RPC error explains the failure; otherwise a process that ended did (the broken pipe or the
  // closed connection that the SDK reports is only the consequence).
  if (child.failure) {
    parts.push(child.failure);
  } else if (exit?.byItself && !isTimeout(error) && !(error instanceof ProtocolError)) {
    parts.push(`the process exited before answering (${exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`})`);
  } else {
    parts.push(reasonOf(error, timeoutMs));
  }
  if (child.noiseLines > 0) parts.push(`it wrote ${child.noiseLines} line(s) on stdout that are not JSON-RPC, e.g. ${JSON.stringify(child.noise[0])}`);
  const telling = tellingStderrLine(child.stderrTail);
  if (telling) parts.push(`${telling.last ? 'its stderr ends with' : 'its stderr says'}: ${telling.line.length > 300 ? `${telling.line.slice(0, 300)}...` : telling.line}`);
  return parts.join('; ');
}

/**
 * The stderr line that says what went wrong: the first `Error:` line of a Node.js stack ("Error: Cannot find module
 * ..."), else the last line that is not Node's version footer ("Node.js v20.20.2"), which explains nothing.
 */
function tellingStderrLine(tail: readonly string[]): { line: string; last: boolean } | undefined {
  const error = tail.find((line) => /^(?:[A-Z]\w*)?Error(?: \[[A-Z_]+\])?: /.test(line));
  if (error !== undefined) return { line: error, last: false };
  const lines = tail.filter((line) => line !== '' && !/^Node\.js v\d+\.\d+\.\d+$/.test(line));
  const last = lines.at(-1);
  return last === undefined ? undefined : { line: last, last: true };
}

function isTimeout(error: unknown): boolean {
  return error instanceof TimeoutError || (error instanceof SdkError && error.code === SdkErrorCode.RequestTimeout);
}

function sdkTimeoutMs(error: SdkError): number | undefined {
  const data: unknown = error.data;
  const timeout = typeof data === 'object' && data !== null && 'timeout' in data ? data.timeout : undefined;
  return typeof timeout === 'number' && Number.isFinite(timeout) ? timeout : undefined;
}

function reasonOf(error: unknown, timeoutMs: number, target?: Target): string {
  if (error instanceof TimeoutError) return error.message;
  if (error instanceof CaptureError) return error.message;
  // The SDK's own timers (its protocol probe gets half the budget) say how long they waited; name that wait.
  if (error instanceof SdkError && error.code === SdkErrorCode.RequestTimeout) {
    const probe = error.message.startsWith('Version negotiation probe') ? ' to the protocol probe (server/discover)' : '';
    return `no answer${probe} within ${formatSeconds(sdkTimeoutMs(error) ?? timeoutMs)}`;
  }
  if (error instanceof SdkError && error.code === SdkErrorCode.ConnectionClosed) return 'the server closed the connection before answering';
  if (error instanceof ProtocolError) return `the server answered with JSON-RPC error ${error.code}: ${error.message}`;
  if (target?.kind === 'http' && isConnectionRefused(error)) {
    const chain = errorChain(error);
    const code = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|EHOSTUNREACH/.exec(chain)?.[0];
    return code === 'ECONNREFUSED' ? `nothing listens at ${target.url.href} (connection refused)` : `cannot reach ${target.url.href} (${code})`;
  }
  const status = httpStatus(error);
  if (status !== undefined) return `HTTP ${status}${status === 404 ? ' (no MCP endpoint at this URL?)' : status === 401 || status === 403 ? ' (missing or wrong credentials? see --header)' : ''}`;
  return describeError(error) || 'unknown error';
}

function httpStatus(error: unknown): number | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 6; depth++) {
    const data = (e as { data?: unknown }).data;
    const candidates = [(e as { status?: unknown }).status, (e as { code?: unknown }).code, (data as { status?: unknown } | undefined)?.status];
    for (const c of candidates) if (typeof c === 'number' && c >= 400 && c < 600) return c;
    const match = /\bHTTP (\d{3})\b|\bstatus(?: code)?:? (\d{3})\b|\((\d{3})\)/i.exec(e.message);
    if (match) return Number(match[1] ?? match[2] ?? match[3]);
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
