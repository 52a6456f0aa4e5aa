// Memoises the expensive, deterministic steps of a decision: decoding a snapshot (gunzip + parse + normalise,
// ~2 ms for 100 tools) and diffing a pair (~0.7 ms). The same pod templates come back again and again (dry
// runs, apply retries, GitOps diffs, the next rollout's oldObject), so steady-state admissions skip both.
//
// The bound is on what the decoded snapshots take in memory, not on their source text: a 10 KB annotation can
// inflate to an 8 MB snapshot of millions of values, so twenty such annotations, each small, would hold GBs.
import { diffSnapshots } from '../../src/diff/index.js';
import type { Finding } from '../../src/diff/types.js';
import type { Snapshot } from '../../src/snapshot/types.js';

export type Decoded = { snapshot: Snapshot } | { error: string };

export interface SnapshotCacheOptions {
  /** Upper bound on the summed estimated heap size of the cached entries (decoded snapshots and their keys). */
  maxBytes?: number;
  maxEntries?: number;
}

/** A V8 heap cell (header or pointer slot) on a 64-bit build without pointer compression, as Node.js ships. */
const SLOT = 8;

/**
 * Freezes a decoded value in place and returns an estimate of its heap size: a header and a slot per property or
 * element, a string's characters (two bytes each, the worst case). Shared strings are counted at each use, so the
 * estimate errs high, which is the safe side for a bound.
 */
function freezeAndMeasure(value: unknown): number {
  let bytes = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') bytes += 2 * SLOT + 2 * v.length;
    else if (v && typeof v === 'object') {
      if (!Object.isFrozen(v)) Object.freeze(v);
      const children = Object.values(v);
      bytes += 4 * SLOT + 2 * SLOT * children.length;
      for (const child of children) stack.push(child);
    } else bytes += SLOT;
  }
  return bytes;
}

function deepFreeze<T>(value: T): T {
  freezeAndMeasure(value);
  return value;
}

interface Entry {
  decoded: Decoded;
  bytes: number;
}

/**
 * A bounded LRU of decoded snapshots keyed by their source text, plus diffs keyed by the identity of the
 * (frozen, shared) snapshots. Errors are cached too, so a hostile annotation is decoded once, not per request.
 * A snapshot larger than a quarter of the bound is decoded for the review at hand but not kept.
 */
export class SnapshotCache {
  private readonly decoded = new Map<string, Entry>();
  private readonly diffs = new WeakMap<Snapshot, WeakMap<Snapshot, readonly Finding[]>>();
  private used = 0;
  private readonly maxBytes: number;
  private readonly maxEntries: number;

  constructor(options: SnapshotCacheOptions = {}) {
    this.maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
    this.maxEntries = options.maxEntries ?? 256;
  }

  /** The decode of `source` by `decode`, from the cache when the same text was seen before. */
  decode(kind: string, source: string, decode: (source: string) => Snapshot): Decoded {
    const key = `${kind}\0${source}`;
    const hit = this.decoded.get(key);
    if (hit) {
      // Map keeps insertion order: re-inserting makes this the most recently used entry.
      this.decoded.delete(key);
      this.decoded.set(key, hit);
      return hit.decoded;
    }
    let decoded: Decoded;
    let bytes = 2 * key.length;
    try {
      const snapshot = decode(source);
      bytes += freezeAndMeasure(snapshot);
      decoded = { snapshot };
    } catch (error) {
      decoded = { error: error instanceof Error ? error.message : String(error) };
      bytes += 2 * decoded.error.length;
    }
    if (bytes <= this.maxBytes / 4) {
      this.decoded.set(key, { decoded, bytes });
      this.used += bytes;
      for (const [oldest, entry] of this.decoded) {
        if (this.used <= this.maxBytes && this.decoded.size <= this.maxEntries) break;
        this.decoded.delete(oldest);
        this.used -= entry.bytes;
      }
    }
    return decoded;
  }

  diff(base: Snapshot, head: Snapshot): Finding[] {
    let byHead = this.diffs.get(base);
    if (!byHead) this.diffs.set(base, (byHead = new WeakMap()));
    let findings = byHead.get(head);
    if (!findings) byHead.set(head, (findings = deepFreeze(diffSnapshots(base, head))));
    return [...findings];
  }

  get size(): number {
    return this.decoded.size;
  }

  /** The estimated heap bytes held by the cached entries. */
  get bytes(): number {
    return this.used;
  }
}
