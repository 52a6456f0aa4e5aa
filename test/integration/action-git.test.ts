// The Action's baseline plumbing against a real shallow clone (file:// origin, as actions/checkout leaves it):
// missing commits are fetched with depth 1, branches and REF~N resolve, and bad refs fail in one line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsInCommit, gitPath, resolveCommit } from '../../action/src/git.js';
import { git, OriginRepo } from '../fixtures/action/harness.js';

let origin: OriginRepo;
let first: string;
let third: string;

beforeAll(() => {
  origin = new OriginRepo();
  first = origin.commit({ 'mcp-snapshot.json': '{}\n' }, 'one');
  origin.commit({ 'mcp-snapshot.json': '{"a":1}\n' }, 'two');
  third = origin.commit({ 'other.txt': 'x\n' }, 'three');
  git(origin.dir, 'branch', 'release', first);
});

afterAll(() => origin.remove());

describe('resolveCommit in a shallow clone', () => {
  it('fetches a base commit the clone lacks, with depth 1', async () => {
    const work = origin.checkout(third);
    expect(git(work, 'rev-parse', '--is-shallow-repository')).toBe('true');
    expect(await resolveCommit(first, work)).toEqual({ sha: first, fetched: true });
    expect(git(work, 'show', `${first}:mcp-snapshot.json`)).toBe('{}');
    // Depth 1: the fetched commit's parent did not come along.
    expect(await resolveCommit(third, work)).toEqual({ sha: third, fetched: false });
  });

  it('resolves a branch that exists only on origin through FETCH_HEAD', async () => {
    const work = origin.checkout(third);
    expect(await resolveCommit('release', work)).toEqual({ sha: first, fetched: true });
  });

  it('deepens enough to reach HEAD~N', async () => {
    const work = origin.checkout(third);
    expect(await resolveCommit('HEAD~2', work)).toEqual({ sha: first, fetched: true });
  });

  it('a commit origin does not have either is a one-line usage error', async () => {
    const work = origin.checkout(third);
    await expect(resolveCommit('f'.repeat(40), work)).rejects.toThrow(/^base f{40}: not in the checkout and git fetch origin failed: [^\n]+$/);
    await expect(resolveCommit('--upload-pack=evil', work)).rejects.toThrow(/may not start with "-"/);
  });
});

describe('snapshot paths in commits', () => {
  it('names the path relative to the workspace and tells whether it existed', async () => {
    const work = origin.checkout(third);
    expect(gitPath('mcp-snapshot.json', work)).toBe('./mcp-snapshot.json');
    expect(await existsInCommit(third, './mcp-snapshot.json', work)).toBe(true);
    expect(await existsInCommit(third, './missing.json', work)).toBe(false);
    expect(() => gitPath('../elsewhere.json', work)).toThrow(/outside the workspace/);
  });
});
