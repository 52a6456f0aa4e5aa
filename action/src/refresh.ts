// The command that rewrites a committed snapshot from the live server, quoted so that a person can paste it
// into a shell as printed (the stale-snapshot failure and the PR comment both show it).
import type { ActionInputs } from './inputs.js';

/** Quotes one shell word for the refresh command a person will paste. */
export function shellQuote(word: string): string {
  if (/^[\w@%+=:,./-]+$/.test(word)) return word;
  if (!/["\\$`!]/.test(word)) return `"${word}"`;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export function refreshCommand(inputs: ActionInputs, path: string): string {
  const live = inputs.serverCommand !== undefined ? `--stdio ${shellQuote(inputs.serverCommand)}` : `--url ${shellQuote(inputs.serverUrl ?? '')}`;
  return `npx mcp-drift-guard snapshot ${live} -o ${shellQuote(path)}`;
}
