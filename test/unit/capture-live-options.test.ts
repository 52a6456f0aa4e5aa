import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { addLiveServerOptions, liveServerFromOptions } from '../../src/cli/live-options.js';
import { UsageError } from '../../src/errors.js';

function parse(args: string[], prefixes: string[] = ['']): Record<string, unknown> {
  const cmd = new Command('t').exitOverride().configureOutput({ writeErr: () => {} });
  for (const prefix of prefixes) addLiveServerOptions(cmd, prefix);
  cmd.parse(args, { from: 'user' });
  return cmd.opts();
}

describe('live server options', () => {
  it('turns --stdio, --cwd, repeated --env and --timeout into capture options', () => {
    const opts = parse(['--stdio', 'node s.js', '--cwd', '/tmp', '--env', 'A=1', '--env', 'B=x=y', '--env', 'EMPTY=', '--timeout', '2.5']);
    expect(liveServerFromOptions(opts)).toEqual({ stdio: 'node s.js', cwd: '/tmp', env: { A: '1', B: 'x=y', EMPTY: '' }, timeoutMs: 2500 });
  });

  it('turns --url, repeated --header and --transport into capture options', () => {
    const opts = parse(['--url', 'http://127.0.0.1:1/mcp', '--header', 'Authorization: Bearer a:b', '--header', 'X-Team:  core ', '--transport', 'sse']);
    expect(liveServerFromOptions(opts)).toEqual({
      url: 'http://127.0.0.1:1/mcp',
      headers: { Authorization: 'Bearer a:b', 'X-Team': 'core' },
      transport: 'sse',
    });
  });

  it('gives a command two servers through prefixes', () => {
    const opts = parse(['--base-stdio', 'node old.js', '--head-url', 'http://127.0.0.1:2/mcp', '--head-timeout', '1'], ['base-', 'head-']);
    expect(liveServerFromOptions(opts, 'base-')).toEqual({ stdio: 'node old.js' });
    expect(liveServerFromOptions(opts, 'head-')).toEqual({ url: 'http://127.0.0.1:2/mcp', timeoutMs: 1000 });
  });

  it('is undefined when no server is named', () => {
    expect(liveServerFromOptions(parse([]))).toBeUndefined();
  });

  it.each([
    [['--stdio', 'a', '--url', 'http://x'], 'give either --stdio or --url, not both'],
    [['--env', 'A=1'], '--env needs --stdio or --url'],
    [['--stdio', 'a', '--env', 'NOEQUALS'], '--env: expected KEY=VALUE, got "NOEQUALS"'],
    [['--stdio', 'a', '--env', '=v'], '--env: expected KEY=VALUE'],
    [['--url', 'http://x', '--header', 'no colon'], '--header: expected "Name: value", got "no colon"'],
    [['--url', 'http://x', '--transport', 'websocket'], '--transport: expected auto, streamable-http or sse, got "websocket"'],
    [['--stdio', 'a', '--header', 'A: b'], '--header applies to --url'],
    [['--stdio', 'a', '--transport', 'sse'], '--transport applies to --url'],
    [['--url', 'http://x', '--cwd', '/'], '--cwd and --env apply to --stdio'],
    [['--stdio', 'a', '--timeout', '0'], '--timeout: expected a positive number of seconds, got "0"'],
    [['--stdio', 'a', '--timeout', 'soon'], '--timeout: expected a positive number of seconds, got "soon"'],
  ])('%j is a usage error', (args, message) => {
    const opts = parse(args);
    expect(() => liveServerFromOptions(opts)).toThrow(UsageError);
    expect(() => liveServerFromOptions(opts)).toThrow(message);
  });

  it('names the prefixed flag in errors', () => {
    const opts = parse(['--head-stdio', 'a', '--head-timeout', '-1'], ['head-']);
    expect(() => liveServerFromOptions(opts, 'head-')).toThrow('--head-timeout: expected a positive number of seconds');
  });

  it.each([
    [['--head-url', 'not a url'], '--head-url: not a URL: not a url'],
    [['--head-url', 'ftp://x/'], '--head-url: only http and https URLs are supported: ftp://x/'],
    [['--head-url', 'http://x', '--head-header', 'Bad Name: v'], '--head-header: "Bad Name" is not a valid HTTP header name'],
    [['--head-url', 'http://x', '--head-transport', 'ws'], '--head-transport: expected auto, streamable-http or sse, got "ws"'],
    [['--head-url', 'http://x', '--head-env', 'A=1'], '--head-cwd and --head-env apply to --head-stdio, not to --head-url'],
    [['--head-stdio', 'node "x'], '--head-stdio: unterminated double quote in: node "x'],
    [['--head-stdio', 'a', '--head-transport', 'sse'], '--head-transport applies to --head-url, not to --head-stdio'],
    [['--head-stdio', 'a', '--head-transport', 'auto'], '--head-transport applies to --head-url, not to --head-stdio'],
    [['--head-stdio', 'a', '--head-url', 'http://x'], 'give either --head-stdio or --head-url, not both'],
  ])('%j: the capture\'s own checks name the prefixed flag', (args, message) => {
    const opts = parse(args, ['head-']);
    expect(() => liveServerFromOptions(opts, 'head-')).toThrow(UsageError);
    expect(() => liveServerFromOptions(opts, 'head-')).toThrow(message);
  });
});
