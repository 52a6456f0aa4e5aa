// The manifest edits behind `annotate`: the snapshot (or ConfigMap reference) annotation on every workload's pod
// template, or a kustomize patch carrying it. Multi-document YAML keeps its comments and order (yaml's Documents).
import { stringify, type Document } from 'yaml';
import { UsageError } from '../errors.js';
import { parseYamlDocuments } from '../lint/yaml-documents.js';
import { ENABLED_LABEL } from '../lint/workloads.js';
import { SNAPSHOT_ANNOTATION, SNAPSHOT_CONFIGMAP_ANNOTATION } from '../snapshot/annotation.js';

const WORKLOADS = new Set(['apps/Deployment', 'apps/StatefulSet', 'argoproj.io/Rollout']);

/** The annotation to write: the snapshot itself, or a reference to a ConfigMap holding it. */
export type SnapshotAnnotation = { key: typeof SNAPSHOT_ANNOTATION | typeof SNAPSHOT_CONFIGMAP_ANNOTATION; value: string };

export interface AnnotatedWorkload {
  kind: string;
  name: string;
  namespace?: string;
  apiVersion: string;
}

function isWorkload(doc: Document): boolean {
  const apiVersion = doc.get('apiVersion');
  const kind = doc.get('kind');
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return false;
  return WORKLOADS.has(`${apiVersion.split('/')[0]}/${kind}`) && doc.hasIn(['spec', 'template']);
}

function describeWorkload(doc: Document): AnnotatedWorkload {
  const namespace = doc.getIn(['metadata', 'namespace']);
  return {
    apiVersion: String(doc.get('apiVersion')),
    kind: String(doc.get('kind')),
    name: String(doc.getIn(['metadata', 'name']) ?? ''),
    ...(typeof namespace === 'string' ? { namespace } : {}),
  };
}

/**
 * Sets the annotation on every workload's pod template (dropping the other snapshot annotation, so exactly
 * one source is left) and the opt-in label on the workload. Returns the new text and what was annotated.
 */
export function annotateManifest(text: string, file: string, annotation: SnapshotAnnotation): { text: string; workloads: AnnotatedWorkload[] } {
  const docs = parseYamlDocuments(text, file);
  const workloads: AnnotatedWorkload[] = [];
  const other = annotation.key === SNAPSHOT_ANNOTATION ? SNAPSHOT_CONFIGMAP_ANNOTATION : SNAPSHOT_ANNOTATION;
  for (const doc of docs) {
    if (!isWorkload(doc)) continue;
    doc.setIn(['metadata', 'labels', ENABLED_LABEL], 'true');
    doc.setIn(['spec', 'template', 'metadata', 'annotations', annotation.key], annotation.value);
    doc.deleteIn(['spec', 'template', 'metadata', 'annotations', other]);
    workloads.push(describeWorkload(doc));
  }
  if (workloads.length === 0) throw new UsageError(`${file}: no Deployment, StatefulSet or Rollout with a pod template`);
  // lineWidth 0: a folded base64 scalar would come back with spaces in it.
  return { text: docs.map((d) => d.toString({ lineWidth: 0 })).join(''), workloads };
}

/** A kustomize patch (strategic merge, one document per workload) carrying the label and the annotation. */
export function kustomizePatch(text: string, file: string, annotation: SnapshotAnnotation): string {
  const docs = parseYamlDocuments(text, file).filter(isWorkload);
  if (docs.length === 0) throw new UsageError(`${file}: no Deployment, StatefulSet or Rollout with a pod template`);
  return docs
    .map((doc) => {
      const w = describeWorkload(doc);
      const patch = {
        apiVersion: w.apiVersion,
        kind: w.kind,
        metadata: { name: w.name, ...(w.namespace ? { namespace: w.namespace } : {}), labels: { [ENABLED_LABEL]: 'true' } },
        spec: { template: { metadata: { annotations: { [annotation.key]: annotation.value } } } },
      };
      return stringify(patch, { lineWidth: 0 });
    })
    .join('---\n');
}
