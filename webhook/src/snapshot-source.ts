// Finds the snapshot a pod template carries: inline in the `mcp-drift-guard.io/snapshot` annotation, or in a
// ConfigMap named by `mcp-drift-guard.io/snapshot-configmap` and served from the informer cache via a lookup.
// Locating is cheap and runs on the main thread (the informer lives there); decoding is the costly, untrusted
// part and runs where the comparison runs (a review worker in the server).
import {
  SNAPSHOT_ANNOTATION,
  SNAPSHOT_CONFIGMAP_ANNOTATION,
  decodeSnapshotAnnotation,
} from '../../src/snapshot/annotation.js';
import { describeError } from '../../src/errors.js';
import { parseConfigMapReference } from '../../src/snapshot/configmap.js';
import { parseSnapshot } from '../../src/snapshot/index.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import type { SnapshotCache } from './snapshot-cache.js';

/** Read access to snapshot ConfigMaps. The server backs it with an informer cache; it never calls the API. */
export interface SnapshotLookup {
  /** The ConfigMap's `data`, or undefined when the cache holds no such ConfigMap. */
  configMapData(namespace: string, name: string): Readonly<Record<string, string>> | undefined;
}

/** A snapshot's text as found, not yet decoded: plain data, so it can be posted to a review worker. */
export type LocatedSnapshot =
  | { state: 'text'; encoding: 'annotation' | 'configmap'; text: string; source: string }
  | { state: 'missing'; reason: string }
  /** An annotation or ConfigMap is there but does not hold a usable snapshot. */
  | { state: 'invalid'; reason: string; source: string };

export type SnapshotResolution =
  | { state: 'found'; snapshot: Snapshot; source: string }
  | Exclude<LocatedSnapshot, { state: 'text' }>;

/** Parses `NAME` or `NAME/KEY`; undefined when the value is not a valid reference. */
export function configMapReference(value: string): { name: string; key: string } | undefined {
  try {
    return parseConfigMapReference(value);
  } catch {
    return undefined;
  }
}

export function locateSnapshot(templateAnnotations: Readonly<Record<string, string>>, namespace: string, lookup: SnapshotLookup): LocatedSnapshot {
  const inline = templateAnnotations[SNAPSHOT_ANNOTATION];
  if (inline !== undefined) return { state: 'text', encoding: 'annotation', text: inline, source: SNAPSHOT_ANNOTATION };
  const reference = templateAnnotations[SNAPSHOT_CONFIGMAP_ANNOTATION];
  if (reference === undefined) {
    return { state: 'missing', reason: `the pod template has no ${SNAPSHOT_ANNOTATION}(-configmap) annotation` };
  }
  const ref = configMapReference(reference);
  if (!ref) {
    return { state: 'invalid', reason: `${SNAPSHOT_CONFIGMAP_ANNOTATION}: ${JSON.stringify(reference)} is not NAME or NAME/KEY`, source: SNAPSHOT_CONFIGMAP_ANNOTATION };
  }
  const source = `configmap ${namespace}/${ref.name} key ${ref.key}`;
  const data = lookup.configMapData(namespace, ref.name);
  if (data === undefined) return { state: 'missing', reason: `${source}: no such ConfigMap in the webhook's cache` };
  const text = data[ref.key];
  if (text === undefined) return { state: 'missing', reason: `${source}: the ConfigMap has no such key` };
  return { state: 'text', encoding: 'configmap', text, source };
}

/** Decodes a located snapshot through the cache (each distinct text is decoded once). */
export function decodeLocated(located: LocatedSnapshot, cache: SnapshotCache): SnapshotResolution {
  if (located.state !== 'text') return located;
  const { encoding, text, source } = located;
  const decoded =
    encoding === 'annotation'
      ? cache.decode(source, text, (value) => decodeSnapshotAnnotation(value, SNAPSHOT_ANNOTATION))
      : cache.decode(source, text, (value) => parseSnapshot(value, source));
  return 'snapshot' in decoded ? { state: 'found', snapshot: decoded.snapshot, source } : { state: 'invalid', reason: describeError(decoded.error), source };
}
