// The snapshot ConfigMap as YAML, for `snapshot --format configmap`. Apart from configmap.ts so that what the CLI
// and the webhook need at start (reference parsing, the label) does not load the YAML writer.
import { stringify } from 'yaml';
import { parseConfigMapReference, snapshotToConfigMap } from './configmap.js';
import type { Snapshot } from './types.js';

/** The ConfigMap as YAML for `kubectl apply -f -`; the snapshot's canonical JSON is a literal block. */
export function renderSnapshotConfigMap(snapshot: Snapshot, reference: string): string {
  const { name, key } = parseConfigMapReference(reference);
  return stringify(snapshotToConfigMap(snapshot, name, key), { lineWidth: 0 });
}
