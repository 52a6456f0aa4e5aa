// Memoises the expensive, deterministic steps of a decision: decoding a snapshot (gunzip + parse + normalise,
// ~2 ms for 100 tools) and diffing a pair (~0.7 ms). The same pod templates come back again and again (dry
// runs, apply retries, GitOps diffs, the next rollout's oldObject), so steady-state admissions skip both.
import { diffSnapshots } from '../../src/diff/index.js';
import type { Finding } from '../../src/diff/types.js';
import type { Snapshot } from '../../src/snapshot/types.js';

export type Decoded = { snapshot: Snapshot } | { error: string };

export interface SnapshotCacheOptions {
  /** Upper bound on the summed size of the cached source texts (annotation or ConfigMap values). */
  maxSourceBytes?: number;
  maxEntries?: number;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * A bounded LRU of decoded snapshots keyed by their source text, plus diffs keyed by the identity of the
 * (frozen, shared) snapshots. Errors are cached too, so a hostile annotation is decoded once, not per request.
 */
export class SnapshotCache {
  private readonly decoded = new Map<string, Decoded>();
  private readonly diffs = new WeakMap<Snapshot, WeakMap<Snapshot, readonly Finding[]>>();
  private bytes = 0;
  private readonly maxBytes: number;
  private readonly maxEntries: number;

  constructor(options: SnapshotCacheOptions = {}) {
    this.maxBytes = options.maxSourceBytes ?? 4 * 1024 * 1024;
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
      return hit;
    }
    let result: Decoded;
    try {
      result = { snapshot: deepFreeze(decode(source)) };
    } catch (error) {
      result = { error: error instanceof Error ? error.message : String(error) };
    }
    if (key.length <= this.maxBytes) {
      this.decoded.set(key, result);
      this.bytes += key.length;
      for (const [oldest] of this.decoded) {
        if (this.bytes <= this.maxBytes && this.decoded.size <= this.maxEntries) break;
        this.decoded.delete(oldest);
        this.bytes -= oldest.length;
      }
    }
    return result;
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
}
