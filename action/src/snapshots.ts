// The two sides of the comparison: the base snapshot read with git at the base commit, and the head snapshot
// from the working tree or captured live (which also tells whether the committed file is stale).
import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { captureSnapshot } from '../../src/capture/index.js';
import { diffSnapshots } from '../../src/diff/index.js';
import { UsageError } from '../../src/errors.js';
import { readTextInput } from '../../src/input.js';
import { isSnapshotStale, parseSnapshot, readSnapshotSource, serializeSnapshot } from '../../src/snapshot/index.js';
import type { SourcedSnapshot } from '../../src/snapshot/types.js';
import type { BaseChoice } from './event.js';
import { existsInCommit, gitPath, resolveCommit } from './git.js';
import type { ActionInputs } from './inputs.js';
import { refreshCommand, shellQuote } from './refresh.js';
import { serverEnvironment } from './server-env.js';

export interface BaseSide {
  sha: string;
  /** Undefined when the snapshot did not exist at the base commit (it is being introduced). */
  snapshot?: SourcedSnapshot;
  fetched: boolean;
}

export async function readBase(choice: BaseChoice, snapshotPath: string, cwd: string): Promise<BaseSide> {
  const { sha, fetched } = await resolveCommit(choice.ref, cwd);
  const path = gitPath(snapshotPath, cwd);
  if (!(await existsInCommit(sha, path, cwd))) return { sha, fetched };
  const snapshot = await readSnapshotSource(`git:${sha}:${path}`, { cwd });
  return { sha, fetched, snapshot: { ...snapshot, source: `git:${sha.slice(0, 12)}:${path.slice(2)}` } };
}

export interface StaleSnapshot {
  /** What is wrong with the committed file, one line. */
  reason: string;
  /** The exact command that rewrites it from the live server. */
  refresh: string;
}

export interface HeadSide {
  snapshot: SourcedSnapshot;
  /** Set when the head was captured live and the committed snapshot does not match it. */
  stale?: StaleSnapshot;
}

/**
 * The committed snapshot file's text, or undefined when there is none (the resolved path: never stdin). A
 * symlink is followed only within the workspace: the PR controls the checkout, and a link to /proc/self/environ
 * or ~/.ssh would otherwise put a runner's file into the report.
 */
async function readCommitted(file: string, displayPath: string, cwd: string): Promise<string | undefined> {
  let real: string;
  try {
    real = await realpath(file);
  } catch {
    // Missing (or a dangling link): the reader below says so the usual way.
    return readTextInput(file, { label: displayPath, what: 'snapshot', missingOk: true });
  }
  const workspace = await realpath(cwd);
  const rel = relative(workspace, real);
  if (rel.startsWith('..') || isAbsolute(rel)) throw new UsageError(`${displayPath}: a symlink to ${real}, outside the workspace; refused`);
  return readTextInput(real, { label: displayPath, what: 'snapshot', missingOk: true });
}

export async function readHead(inputs: ActionInputs, cwd: string, env: NodeJS.ProcessEnv, log: (message: string) => void): Promise<HeadSide> {
  const displayPath = gitPath(inputs.snapshot, cwd).slice(2);
  if (inputs.serverCommand === undefined && inputs.serverUrl === undefined) {
    const text = await readCommitted(resolve(cwd, inputs.snapshot), displayPath, cwd);
    if (text === undefined) {
      throw new UsageError(
        `${displayPath}: no such snapshot file; write it with: npx mcp-drift-guard snapshot --stdio "<your server command>" -o ${shellQuote(displayPath)}`,
      );
    }
    return { snapshot: { snapshot: parseSnapshot(text, displayPath), source: displayPath, file: displayPath, text } };
  }

  const live = await captureSnapshot(
    inputs.serverCommand !== undefined
      ? { stdio: inputs.serverCommand, cwd, inheritEnv: serverEnvironment(env), onProgress: log }
      : { url: inputs.serverUrl, onProgress: log },
  );
  const text = serializeSnapshot(live);
  const source = inputs.serverCommand !== undefined ? `stdio:${inputs.serverCommand}` : inputs.serverUrl!;
  const head: HeadSide = { snapshot: { snapshot: live, source, file: displayPath, text } };
  const refresh = refreshCommand(inputs, displayPath);
  const committedText = await readCommitted(resolve(cwd, inputs.snapshot), displayPath, cwd);
  if (committedText === undefined) {
    head.stale = { reason: `${displayPath} is not committed`, refresh };
    return head;
  }
  const committed = parseSnapshot(committedText, displayPath);
  if (isSnapshotStale(committedText, text)) {
    const changes = diffSnapshots(committed, live).length;
    head.stale = {
      reason: `${displayPath} is stale: the live server differs from it${changes > 0 ? ` (${changes} change${changes === 1 ? '' : 's'})` : ''}`,
      refresh,
    };
  }
  return head;
}
