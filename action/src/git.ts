// Git plumbing for the baseline: resolve the base commit, fetching it with depth 1 when the checkout is shallow
// or lacks it (actions/checkout clones one commit by default), and tell whether the snapshot existed there.
import { execFile } from 'node:child_process';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { UsageError } from '../../src/errors.js';

interface GitResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

function run(args: string[], cwd: string): Promise<GitResult> {
  return new Promise((done) => {
    execFile('git', args, { cwd, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      done({ ok: !error, stdout: stdout.trim(), stderr: stderr.trim() });
    });
  });
}

function firstLine(text: string): string {
  return (text.split('\n').find((line) => line.trim() !== '') ?? '').replace(/^fatal:\s*/, '');
}

async function revParse(ref: string, cwd: string): Promise<string | undefined> {
  const result = await run(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], cwd);
  return result.ok && result.stdout !== '' ? result.stdout : undefined;
}

export interface ResolvedCommit {
  sha: string;
  /** True when the commit had to be fetched from origin. */
  fetched: boolean;
}

/**
 * The commit `ref` names, fetched from origin when missing. `REF~N` fetches REF with depth N+1 so its
 * ancestors come along; anything else (a sha, a branch, a tag) is fetched with depth 1.
 */
export async function resolveCommit(ref: string, cwd: string): Promise<ResolvedCommit> {
  if (ref.startsWith('-')) throw new UsageError(`base "${ref}": a ref may not start with "-"`);
  const local = await revParse(ref, cwd);
  if (local) return { sha: local, fetched: false };

  const ancestor = /^(.+)~(\d+)$/.exec(ref);
  const target = ancestor ? ((await revParse(ancestor[1]!, cwd)) ?? ancestor[1]!) : ref;
  const depth = ancestor ? Number(ancestor[2]) + 1 : 1;
  const fetch = await run(['fetch', '--no-tags', '--quiet', `--depth=${depth}`, 'origin', '--end-of-options', target], cwd);
  if (!fetch.ok) {
    throw new UsageError(`base ${ref}: not in the checkout and git fetch origin failed: ${firstLine(fetch.stderr)}`);
  }
  const sha = (await revParse(ref, cwd)) ?? (ancestor ? undefined : await revParse('FETCH_HEAD', cwd));
  if (!sha) throw new UsageError(`base ${ref}: fetched from origin but still cannot resolve it`);
  return { sha, fetched: true };
}

/** The snapshot path as git names it inside a commit, relative to the workspace (`./` keeps git from guessing). */
export function gitPath(snapshotPath: string, cwd: string): string {
  const rel = relative(cwd, resolve(cwd, snapshotPath));
  if (rel.startsWith('..') || isAbsolute(rel)) throw new UsageError(`input snapshot: ${snapshotPath} is outside the workspace ${cwd}`);
  return `./${rel.split(sep).join('/')}`;
}

/** The text of `path` (as gitPath names it) in commit `sha`, or undefined when the commit has no such file. */
export async function readFromCommit(sha: string, path: string, cwd: string): Promise<string | undefined> {
  if (!(await existsInCommit(sha, path, cwd))) return undefined;
  const shown = await run(['show', `${sha}:${path}`], cwd);
  if (!shown.ok) throw new UsageError(`git show ${sha.slice(0, 12)}:${path.slice(2)}: ${firstLine(shown.stderr)}`);
  return shown.stdout;
}

/** Whether `path` exists in commit `sha`. */
export async function existsInCommit(sha: string, path: string, cwd: string): Promise<boolean> {
  return (await run(['cat-file', '-e', `${sha}:${path}`], cwd)).ok;
}

/** Fails early with a clear line when the workspace is not a git checkout. */
export async function assertGitCheckout(cwd: string): Promise<void> {
  const result = await run(['rev-parse', '--is-inside-work-tree'], cwd);
  if (!result.ok) throw new UsageError(`${cwd} is not a git checkout (${firstLine(result.stderr)}): add actions/checkout before this step`);
}
