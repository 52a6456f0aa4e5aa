// A snapshot as a Kubernetes ConfigMap, for workloads whose snapshot is too large for an annotation or is
// shared; the webhook finds it through `mcp-drift-guard.io/snapshot-configmap: NAME[/KEY]`.
import { UsageError } from '../errors.js';
import { serializeSnapshot } from './index.js';
import type { Snapshot } from './types.js';

/** The data key used when the reference names no key. */
export const DEFAULT_CONFIGMAP_KEY = 'mcp-snapshot.json';
/** The webhook's informer only watches ConfigMaps carrying this label, not every ConfigMap of the cluster. */
export const SNAPSHOT_CONFIGMAP_LABEL = 'mcp-drift-guard.io/snapshot';

export interface SnapshotConfigMap {
  apiVersion: 'v1';
  kind: 'ConfigMap';
  metadata: { name: string; labels: Record<string, string> };
  data: Record<string, string>;
}

export function snapshotToConfigMap(snapshot: Snapshot, name: string, key: string = DEFAULT_CONFIGMAP_KEY): SnapshotConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, labels: { [SNAPSHOT_CONFIGMAP_LABEL]: 'true' } },
    data: { [key]: serializeSnapshot(snapshot) },
  };
}

/** Parses a `NAME` or `NAME/KEY` reference (a DNS subdomain name, a ConfigMap data key); UsageError otherwise. */
export function parseConfigMapReference(value: string): { name: string; key: string } {
  const match = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?)(?:\/([-._a-zA-Z0-9]+))?$/.exec(value.trim());
  if (!match || match[1] === undefined || match[1].length > 253) {
    throw new UsageError(`${JSON.stringify(value)} is not a ConfigMap NAME or NAME/KEY (lower-case name, key of letters, digits, -, _ and .)`);
  }
  return { name: match[1], key: match[3] ?? DEFAULT_CONFIGMAP_KEY };
}
