// Resolves capture options into the one server to reach, refusing contradictory or malformed options as a
// UsageError. Apart from the capture (no MCP client here), so the CLI validates its flags without loading it.
import { UsageError } from '../errors.js';
import { splitCommandLine } from './command-line.js';
import type { Target } from './connect.js';
import type { CaptureOptions } from './index.js';

/** How an error names an option: `--url` by default; the CLI passes its own (`--head-url` for `diff`). */
export type OptionFlag = (name: 'stdio' | 'cwd' | 'env' | 'url' | 'header' | 'transport') => string;

const defaultFlag: OptionFlag = (name) => `--${name}`;

/** Resolves the options into one target; contradictory or incomplete options are a UsageError naming `flag(option)`. */
export function captureTarget(options: CaptureOptions, flag: OptionFlag = defaultFlag): Target {
  if (options.stdio !== undefined && options.url !== undefined) throw new UsageError(`give either ${flag('stdio')} or ${flag('url')}, not both`);
  if (options.stdio !== undefined) {
    if (options.headers && Object.keys(options.headers).length > 0) throw new UsageError(`${flag('header')} applies to ${flag('url')}, not to ${flag('stdio')}`);
    if (options.transport !== undefined && options.transport !== 'auto') throw new UsageError(`${flag('transport')} applies to ${flag('url')}, not to ${flag('stdio')}`);
    const [command, ...args] = splitCommandLine(options.stdio, flag('stdio'));
    return { kind: 'stdio', server: { command: command as string, args, cwd: options.cwd, inheritEnv: options.inheritEnv, env: options.env }, label: options.stdio.trim() };
  }
  if (options.url !== undefined) {
    if (options.cwd !== undefined || (options.env && Object.keys(options.env).length > 0)) {
      throw new UsageError(`${flag('cwd')} and ${flag('env')} apply to ${flag('stdio')}, not to ${flag('url')}`);
    }
    let url: URL;
    try {
      url = new URL(options.url);
    } catch {
      throw new UsageError(`${flag('url')}: not a URL: ${options.url}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${flag('url')}: only http and https URLs are supported: ${options.url}`);
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      // fetch would refuse them later, as a failed capture (exit 3); they are the user's typo (exit 2).
      if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) throw new UsageError(`${flag('header')}: ${JSON.stringify(name)} is not a valid HTTP header name`);
      // eslint-disable-next-line no-control-regex -- control characters (CR/LF above all) are what is refused
      if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(value)) throw new UsageError(`${flag('header')}: the value of ${name} contains a line break or control character`);
    }
    const transport = options.transport ?? 'auto';
    if (!['auto', 'streamable-http', 'sse'].includes(transport)) throw new UsageError(`${flag('transport')}: expected auto, streamable-http or sse, got "${transport}"`);
    return { kind: 'http', url, headers: options.headers ?? {}, transport, label: options.url };
  }
  throw new UsageError(`no server given: use ${flag('stdio')} "COMMAND ARGS" or ${flag('url')} URL`);
}
