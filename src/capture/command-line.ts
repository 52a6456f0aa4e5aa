// Splits a `--stdio "CMD ARGS"` string into argv the way a POSIX shell splits words, without ever running a shell:
// quotes and backslashes group words; $VARS, globs, pipes and redirections are not interpreted.
import { UsageError } from '../errors.js';

/**
 * `node "my server.js" --root 'a b'` -> ['node', 'my server.js', '--root', 'a b']. Throws UsageError on bad quoting,
 * naming the option the line came from (`flag`).
 */
export function splitCommandLine(line: string, flag = '--stdio'): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line.charAt(i);
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else word += ch;
      continue;
    }
    if (quote === '"') {
      if (ch === '"') quote = undefined;
      else if (ch === '\\' && i + 1 < line.length && '"\\$`\n'.includes(line.charAt(i + 1))) word += line.charAt(++i);
      else word += ch;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\') {
      if (i + 1 >= line.length) throw new UsageError(`${flag}: the command ends with a lone backslash: ${line}`);
      const next = line.charAt(++i);
      // A backslash-newline is a line continuation, as in a shell.
      if (next !== '\n') {
        word += next;
        inWord = true;
      }
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote) throw new UsageError(`${flag}: unterminated ${quote === '"' ? 'double' : 'single'} quote in: ${line}`);
  if (inWord) words.push(word);
  if (words.length === 0) throw new UsageError(`${flag}: the command is empty`);
  return words;
}
