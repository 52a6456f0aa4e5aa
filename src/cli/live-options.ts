// The options that name a live MCP server (--stdio/--url and their companions), shared by every command that
// captures one; a prefix gives a command two of them (`diff --base-stdio ... --head-url ...`).
import type { Command } from 'commander';
import type { CaptureOptions } from '../capture/index.js';
import { captureTarget } from '../capture/target.js';
import { UsageError } from '../errors.js';

/** Commander's argument parser for a repeatable option: every value, in order. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Adds --{prefix}stdio, --{prefix}cwd, --{prefix}env, --{prefix}url, --{prefix}header, --{prefix}transport, --{prefix}timeout. */
export function addLiveServerOptions(cmd: Command, prefix = ''): Command {
  const who = prefix ? `the ${prefix.replace(/-$/, '')} server` : 'the server';
  return cmd
    .option(`--${prefix}stdio <command>`, `run ${who} with this command line and talk to it over stdio (split into words like a shell does, but never run through one)`)
    .option(`--${prefix}cwd <dir>`, `working directory for --${prefix}stdio`)
    .option(`--${prefix}env <KEY=VALUE>`, `environment variable for --${prefix}stdio, added to the inherited environment (repeatable)`, collect)
    .option(`--${prefix}url <url>`, `connect to ${who} at this URL (Streamable HTTP, or legacy SSE)`)
    .option(`--${prefix}header <"Name: value">`, `HTTP header for --${prefix}url, e.g. "Authorization: Bearer ..." (repeatable)`, collect)
    .option(`--${prefix}transport <transport>`, `for --${prefix}url: auto (Streamable HTTP, then SSE), streamable-http or sse`)
    .option(`--${prefix}timeout <seconds>`, `bound on connecting and on each request to ${who}, 10 times it on listing everything (default 30)`);
}

function key(prefix: string, name: string): string {
  return `${prefix}${name}`.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/**
 * The capture options the user gave with this prefix, or undefined when neither --stdio nor --url was given.
 * The capture's own validation (captureTarget) judges them, naming the prefixed flags; this only parses the text.
 */
export function liveServerFromOptions(opts: Record<string, unknown>, prefix = ''): CaptureOptions | undefined {
  const get = (name: string): unknown => opts[key(prefix, name)];
  const stdio = get('stdio') as string | undefined;
  const url = get('url') as string | undefined;
  const flag = (name: string): string => `--${prefix}${name}`;
  if (stdio === undefined && url === undefined) {
    const stray = ['cwd', 'env', 'header', 'transport', 'timeout'].find((name) => get(name) !== undefined);
    if (stray) throw new UsageError(`${flag(stray)} needs ${flag('stdio')} or ${flag('url')}`);
    return undefined;
  }
  const options: CaptureOptions = {};
  if (stdio !== undefined) options.stdio = stdio;
  if (url !== undefined) options.url = url;
  const cwd = get('cwd') as string | undefined;
  if (cwd !== undefined) options.cwd = cwd;
  const env = get('env') as string[] | undefined;
  if (env) options.env = Object.fromEntries(env.map((pair) => splitPair(pair, '=', flag('env'), 'KEY=VALUE')));
  const headers = get('header') as string[] | undefined;
  if (headers) options.headers = Object.fromEntries(headers.map((header) => splitPair(header, ':', flag('header'), '"Name: value"')));
  const transport = get('transport') as string | undefined;
  // captureTarget checks it against the choices.
  if (transport !== undefined) options.transport = transport as CaptureOptions['transport'];
  const timeout = get('timeout') as string | undefined;
  if (timeout !== undefined) {
    const seconds = Number(timeout);
    if (timeout.trim() === '' || !Number.isFinite(seconds) || seconds <= 0) {
      throw new UsageError(`${flag('timeout')}: expected a positive number of seconds, got "${timeout}"`);
    }
    options.timeoutMs = Math.round(seconds * 1000);
  }
  captureTarget(options, flag);
  // The capture takes transport "auto" (its default) with a command; typed on the command line, it is a stray flag.
  if (stdio !== undefined && transport !== undefined) throw new UsageError(`${flag('transport')} applies to ${flag('url')}, not to ${flag('stdio')}`);
  return options;
}

function splitPair(text: string, separator: string, flag: string, shape: string): [string, string] {
  const at = text.indexOf(separator);
  const name = at > 0 ? text.slice(0, at).trim() : '';
  if (name === '') throw new UsageError(`${flag}: expected ${shape}, got "${text}"`);
  const value = text.slice(at + 1);
  return [name, separator === ':' ? value.trim() : value];
}
