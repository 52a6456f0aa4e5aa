// Reads a snapshot from wherever a user points: a file path, `git:REF:PATH` (git show, no checkout) or `-` (stdin).
// Live servers are captured by src/capture; this module only reads what is already written down.
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { MAX_INPUT_BYTES, readTextInput } from '../input.js';
import { serializeSnapshot } from './canonical.js';
import { parseSnapshot } from './parse.js';
import type { Snapshot, SourcedSnapshot } from './types.js';

/** Largest snapshot text we read: the cap of every input (src/input.ts). */
export const MAX_SNAPSHOT_BYTES = MAX_INPUT_BYTES;

export interface ReadSourceOptions {
  cwd?: string;
  /** Stream to read `-` from (defaults to process.stdin). */
  stdin?: NodeJS.ReadableStream;
}

/** Splits `git:REF:PATH`; REF and PATH must not look like options, so git never parses them as flags. */
export function parseGitSpec(spec: string): { ref: string; path: string } {
  const rest = spec.slice('git:'.length);
  const colon = rest.indexOf(':');
  const ref = colon === -1 ? '' : rest.slice(0, colon);
  const path = colon === -1 ? '' : rest.slice(colon + 1);
  if (ref === '' || path === '') throw new UsageError(`${spec}: expected git:REF:PATH (e.g. git:origin/main:mcp-snapshot.json)`);
  if (ref.startsWith('-') || path.startsWith('-')) throw new UsageError(`${spec}: a REF or PATH may not start with "-"`);
  return { ref, path };
}

function gitShow(ref: string, path: string, cwd: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    // argv array, no shell; `--end-of-options` keeps even odd refs from being read as options.
    execFile(
      'git',
      ['--no-pager', 'show', '--no-textconv', '--end-of-options', `${ref}:${path}`],
      { cwd, maxBuffer: MAX_SNAPSHOT_BYTES, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error) {
          const reason = (stderr || error.message).split('\n').find((line) => line.trim() !== '') ?? 'git show failed';
          reject(new UsageError(`git:${ref}:${path}: ${reason.replace(/^fatal:\s*/, '')}`));
          return;
        }
        resolvePromise(stdout);
      },
    );
  });
}

/** Reads and validates a snapshot from a file path, `git:REF:PATH` or `-`. Throws UsageError on bad input. */
export async function readSnapshotSource(spec: string, options: ReadSourceOptions = {}): Promise<SourcedSnapshot> {
  const cwd = options.cwd ?? process.cwd();
  if (spec === '-') {
    const text = await readTextInput('-', { stdin: options.stdin, what: 'snapshot' });
    return { snapshot: parseSnapshot(text, 'stdin'), source: '-', text };
  }
  if (spec.startsWith('git:')) {
    const { ref, path } = parseGitSpec(spec);
    const text = await gitShow(ref, path, cwd);
    return { snapshot: parseSnapshot(text, spec), source: spec, text };
  }
  const file = resolve(cwd, spec);
  const text = await readTextInput(file, { label: spec, what: 'snapshot' });
  return { snapshot: parseSnapshot(text, spec), source: spec, file, text };
}

/** Writes the canonical bytes of a snapshot. */
export async function writeSnapshotFile(path: string, snapshot: Snapshot): Promise<void> {
  await writeFile(path, serializeSnapshot(snapshot));
}
