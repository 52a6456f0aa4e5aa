// readTextInput, the one reader of user input: paths relative to cwd, `-` from an injected stdin, the size cap
// counted while reading (a stream that never ends stops there), and one set of one-line UsageErrors.
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { MAX_INPUT_BYTES, readTextInput } from '../../src/input.js';
import { readManifests } from '../../src/lint/index.js';
import { loadPolicy } from '../../src/policy/index.js';
import { MAX_SNAPSHOT_BYTES, readSnapshotSource } from '../../src/snapshot/index.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'input-read-'));
  await writeFile(join(dir, 'ten.txt'), '0123456789');
  await writeFile(join(dir, 'utf8.txt'), 'größe ✓\n');
  await mkdir(join(dir, 'sub'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function usageError(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UsageError);
  return (error as Error).message;
}

/** An endless stream of 64 KiB chunks that counts how many were pulled. */
function endless(): { stream: Readable; pulled: () => number } {
  let pulled = 0;
  const chunk = Buffer.alloc(64 * 1024, 'a');
  const stream = new Readable({
    read() {
      pulled += 1;
      this.push(chunk);
    },
  });
  return { stream, pulled: () => pulled };
}

describe('readTextInput', () => {
  it('reads a path relative to cwd as UTF-8, and an absolute path as is', async () => {
    expect(await readTextInput('utf8.txt', { cwd: dir })).toBe('größe ✓\n');
    expect(await readTextInput(join(dir, 'ten.txt'))).toBe('0123456789');
  });

  it('reads `-` from the given stdin, strings and buffers alike', async () => {
    expect(await readTextInput('-', { stdin: Readable.from([Buffer.from('ab'), 'c', Buffer.from('✓')]) })).toBe('abc✓');
    expect(await readTextInput('-', { stdin: Readable.from([]) })).toBe('');
  });

  it('a missing file: one line naming it and what it is', async () => {
    expect(await usageError(readTextInput('nope.yml', { cwd: dir, what: 'policy' }))).toBe('nope.yml: cannot read policy: no such file');
    expect(await usageError(readTextInput('nope.yml', { cwd: dir }))).toBe('nope.yml: cannot read: no such file');
    // A path through a regular file is just as missing.
    expect(await usageError(readTextInput('ten.txt/x', { cwd: dir, what: 'manifest' }))).toBe('ten.txt/x: cannot read manifest: no such file');
  });

  it('missingOk: a missing file is undefined, any other failure still throws', async () => {
    expect(await readTextInput('nope.json', { cwd: dir, missingOk: true })).toBeUndefined();
    expect(await readTextInput('ten.txt', { cwd: dir, missingOk: true })).toBe('0123456789');
    expect(await usageError(readTextInput('sub', { cwd: dir, missingOk: true, what: 'snapshot' }))).toBe('sub: cannot read snapshot: is a directory');
  });

  it('a directory', async () => {
    expect(await usageError(readTextInput('sub', { cwd: dir, what: 'policy' }))).toBe('sub: cannot read policy: is a directory');
  });

  it.skipIf(process.getuid?.() === 0)('a file without read permission', async () => {
    const locked = join(dir, 'locked.txt');
    await writeFile(locked, 'secret');
    await chmod(locked, 0o000);
    expect(await usageError(readTextInput('locked.txt', { cwd: dir, what: 'manifest' }))).toBe('locked.txt: cannot read manifest: permission denied');
  });

  it('label names the input in errors instead of the path read', async () => {
    expect(await usageError(readTextInput(join(dir, 'nope.json'), { label: 'mcp-snapshot.json', what: 'snapshot' }))).toBe(
      'mcp-snapshot.json: cannot read snapshot: no such file',
    );
  });

  it('the cap: exactly maxBytes reads, one byte more is an error', async () => {
    expect(await readTextInput('ten.txt', { cwd: dir, maxBytes: 10 })).toBe('0123456789');
    expect(await usageError(readTextInput('ten.txt', { cwd: dir, maxBytes: 9, what: 'policy' }))).toBe('ten.txt: cannot read policy: larger than 9 bytes');
    expect(MAX_INPUT_BYTES).toBe(256 * 1024 * 1024);
    expect(MAX_SNAPSHOT_BYTES).toBe(MAX_INPUT_BYTES);
  });

  it('an endless stdin stops at the cap and is not read further', async () => {
    const { stream, pulled } = endless();
    expect(await usageError(readTextInput('-', { stdin: stream, maxBytes: 1024 * 1024, what: 'manifest' }))).toBe(
      `stdin: cannot read manifest: larger than ${1024 * 1024} bytes`,
    );
    const atError = pulled();
    // 1 MiB is 16 chunks; the stream's read-ahead adds a few, never an endless read.
    expect(atError).toBeGreaterThanOrEqual(17);
    expect(atError).toBeLessThan(40);
    expect(stream.destroyed).toBe(true);
  });

  it('reads a file larger than one read chunk whole', async () => {
    const big = join(dir, 'big.json');
    const text = `"${'✓x'.repeat(200_000)}"`;
    await writeFile(big, text);
    expect(await readTextInput(big)).toBe(text);
  });

  it.runIf(process.platform === 'linux')('a FIFO, whose size says nothing, is read in chunks to its end', async () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const text = 'ab✓'.repeat(100_000); // 500 KB: several pipe buffers
    const [read] = await Promise.all([readTextInput(fifo), writeFile(fifo, text)]);
    expect(read).toBe(text);
  });

  it.runIf(process.platform === 'linux')('a path that never ends (/dev/zero) stops at the cap', async () => {
    const started = performance.now();
    expect(await usageError(readTextInput('/dev/zero', { maxBytes: 4 * 1024 * 1024, what: 'snapshot' }))).toBe(
      `/dev/zero: cannot read snapshot: larger than ${4 * 1024 * 1024} bytes`,
    );
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe('the readers built on it keep their wording', () => {
  it('snapshots, policies and manifests', async () => {
    expect(await usageError(readSnapshotSource('nope.json', { cwd: dir }))).toBe('nope.json: cannot read snapshot: no such file');
    expect(await usageError(readSnapshotSource('sub', { cwd: dir }))).toBe('sub: cannot read snapshot: is a directory');
    expect(await usageError(loadPolicy('missing.yml', dir))).toBe('missing.yml: cannot read policy: no such file');
    expect(await usageError(readManifests(['missing.yaml'], { cwd: dir }))).toBe('missing.yaml: cannot read manifest: no such file');
  });

  it('readManifests reads `-` from the given stdin', async () => {
    const manifest = 'apiVersion: v1\nkind: Service\nmetadata: {name: weather}\n';
    const objects = await readManifests(['-'], { stdin: Readable.from([manifest]) });
    expect(objects.map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual(['Service/weather']);
  });

  it('loadPolicy reads a `--config -` as a file named "-", never stdin', async () => {
    expect(await usageError(loadPolicy('-', dir))).toBe('-: cannot read policy: no such file');
  });
});
