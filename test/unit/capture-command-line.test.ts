import { describe, expect, it } from 'vitest';
import { splitCommandLine } from '../../src/capture/command-line.js';
import { UsageError } from '../../src/errors.js';

describe('splitCommandLine splits --stdio like a shell splits words, without a shell', () => {
  it.each([
    ['node server.js', ['node', 'server.js']],
    ['  node   server.js  --port 3 ', ['node', 'server.js', '--port', '3']],
    [`node "my server.js" --root 'a b'`, ['node', 'my server.js', '--root', 'a b']],
    [`echo "a \\"quoted\\" word"`, ['echo', 'a "quoted" word']],
    [`echo 'single \\ keeps backslash'`, ['echo', 'single \\ keeps backslash']],
    ['echo a\\ b', ['echo', 'a b']],
    [`echo "" ''`, ['echo', '', '']],
    ['npx -y pkg@1.2.3 /tmp/dir', ['npx', '-y', 'pkg@1.2.3', '/tmp/dir']],
    ['node server.js \\\n --flag', ['node', 'server.js', '--flag']],
  ])('%j -> %j', (line, argv) => {
    expect(splitCommandLine(line)).toEqual(argv);
  });

  it('leaves shell syntax alone: no variables, globs, pipes or redirections', () => {
    expect(splitCommandLine('echo $HOME *.js | cat > out; rm -rf x')).toEqual(['echo', '$HOME', '*.js', '|', 'cat', '>', 'out;', 'rm', '-rf', 'x']);
  });

  it.each([
    ['', 'the command is empty'],
    ['   ', 'the command is empty'],
    ['node "unterminated', 'unterminated double quote'],
    ["node 'unterminated", 'unterminated single quote'],
    ['node \\', 'lone backslash'],
  ])('%j is a usage error (%s)', (line, message) => {
    expect(() => splitCommandLine(line)).toThrow(UsageError);
    expect(() => splitCommandLine(line)).toThrow(message);
  });
});
