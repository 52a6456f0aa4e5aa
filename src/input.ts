// Reads the text a user points a command at (a snapshot, a policy, a manifest): a file path or `-` (stdin).
// One reader for all of them, so every input has the same size cap and the same one-line errors.
import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UsageError, describeError } from './errors.js';

/** Largest input text we read (far above any real snapshot, policy or manifest; a 50 MB snapshot reads fine). */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

export interface ReadTextInputOptions {
  /** Directory a relative path is resolved against (defaults to process.cwd()). */
  cwd?: string;
  /** Stream `-` reads from (defaults to process.stdin). */
  stdin?: NodeJS.ReadableStream;
  /** The cap, checked while reading (defaults to MAX_INPUT_BYTES). */
  maxBytes?: number;
  /** A file that does not exist reads as undefined instead of throwing. */
  missingOk?: boolean;
  /** What the input is, for the error ("snapshot": `x.json: cannot read snapshot: no such file`). */
  what?: string;
  /** How errors name the input (defaults to the spec as given, `stdin` for `-`). */
  label?: string;
}

/** Thrown inside the read loop; turned into the UsageError that names the input. */
class TooLarge extends Error {}

/** Reads stdin (or any stream) to its end, counting while reading: the stream may never end. */
async function readStreamCapped(stream: NodeJS.ReadableStream, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Leaving the loop by throwing destroys the stream, so nothing more is read.
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > maxBytes) throw new TooLarge();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const READ_CHUNK_BYTES = 64 * 1024;

/**
 * Reads a path through one file handle, without a stream's per-chunk events and copies (the CLI's start-up
 * notices them). A regular file is read in one call sized by fstat; a path can also name something endless
 * (/dev/zero, a FIFO fed forever) whose size says nothing, so the bytes are counted too.
 */
async function readFileCapped(path: string, maxBytes: number): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) throw new TooLarge();
    const chunks: Buffer[] = [];
    let total = 0;
    // size + 1: a file that grew since fstat is still read to its end by the calls that follow.
    for (let want = Math.max(size + 1, READ_CHUNK_BYTES); ; want = READ_CHUNK_BYTES) {
      const buffer = Buffer.allocUnsafe(Math.min(want, maxBytes + 1));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) throw new TooLarge();
      chunks.push(buffer.subarray(0, bytesRead));
    }
    return (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total)).toString('utf8');
  } finally {
    await handle.close();
  }
}

function reasonFor(error: unknown, maxBytes: number): string {
  if (error instanceof TooLarge) return `larger than ${maxBytes} bytes`;
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return 'no such file';
    case 'EISDIR':
      return 'is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return describeError(error);
  }
}

const isMissing = (error: unknown): boolean => ['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '');

/**
 * Reads a file path (relative to `cwd`) or `-` (stdin) as UTF-8, at most `maxBytes`. Throws a one-line
 * UsageError naming the input (`<label>: cannot read <what>: no such file | is a directory | permission
 * denied | larger than N bytes`); with `missingOk`, a missing file is undefined.
 */
export function readTextInput(spec: string, options: ReadTextInputOptions & { missingOk: true }): Promise<string | undefined>;
export function readTextInput(spec: string, options?: ReadTextInputOptions & { missingOk?: false }): Promise<string>;
export function readTextInput(spec: string, options?: ReadTextInputOptions): Promise<string | undefined>;
export async function readTextInput(spec: string, options: ReadTextInputOptions = {}): Promise<string | undefined> {
  const maxBytes = options.maxBytes ?? MAX_INPUT_BYTES;
  const label = options.label ?? (spec === '-' ? 'stdin' : spec);
  try {
    if (spec === '-') return await readStreamCapped(options.stdin ?? process.stdin, maxBytes);
    return await readFileCapped(resolve(options.cwd ?? process.cwd(), spec), maxBytes);
  } catch (error) {
    if (options.missingOk && spec !== '-' && isMissing(error)) return undefined;
    throw new UsageError(`${label}: cannot read${options.what ? ` ${options.what}` : ''}: ${reasonFor(error, maxBytes)}`, { cause: error });
  }
}
