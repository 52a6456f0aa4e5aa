// `annotate`: writes a snapshot (or a ConfigMap reference) into the pod template of every Deployment,
// StatefulSet and Argo Rollout of a manifest, opting it in to the admission webhook; `--patch` prints a
// kustomize patch instead. Multi-document YAML keeps its comments and order (yaml's Document API).
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { stringify, type Document } from 'yaml';
import { UsageError } from '../../errors.js';
import { readTextInput } from '../../input.js';
import {
  encodeSnapshotAnnotation,
  MAX_ANNOTATION_BYTES,
  SNAPSHOT_ANNOTATION,
  SNAPSHOT_CONFIGMAP_ANNOTATION,
} from '../../snapshot/annotation.js';
import { parseConfigMapReference } from '../../snapshot/configmap.js';
import { readSnapshotSource } from '../../snapshot/index.js';
import { parseYamlDocuments } from '../../lint/manifests.js';
import { ENABLED_LABEL } from '../../lint/workloads.js';

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

export function registerAnnotate(program: Command): void {
  program
    .command('annotate')
    .description('write a snapshot (or a ConfigMap reference) into the pod template of each workload in a manifest, for the admission webhook')
    .argument('<manifest>', 'Kubernetes YAML with Deployments, StatefulSets or Rollouts (edited in place; - reads stdin, writes stdout)')
    .option('--snapshot <source>', 'the snapshot of the version this manifest deploys: a file, git:REF:PATH or -')
    .option('--configmap <name[/key]>', 'reference a ConfigMap holding the snapshot instead (see `snapshot --format configmap`)')
    .option('--patch', 'print a kustomize patch to stdout instead of editing the manifest')
    .action(async (manifest: string, opts: { snapshot?: string; configmap?: string; patch?: boolean }) => {
      if ((opts.snapshot === undefined) === (opts.configmap === undefined)) {
        throw new UsageError('annotate: give exactly one of --snapshot FILE or --configmap NAME[/KEY]');
      }
      if (opts.snapshot === '-' && manifest === '-') throw new UsageError('annotate: the snapshot and the manifest cannot both come from stdin');
      let annotation: SnapshotAnnotation;
      if (opts.snapshot !== undefined) {
        const { snapshot } = await readSnapshotSource(opts.snapshot);
        const value = encodeSnapshotAnnotation(snapshot);
        if (value.length > MAX_ANNOTATION_BYTES) {
          throw new UsageError(`${opts.snapshot}: the encoded snapshot is ${value.length} bytes, over the ${MAX_ANNOTATION_BYTES}-byte annotation limit; use --configmap`);
        }
        annotation = { key: SNAPSHOT_ANNOTATION, value };
      } else {
        const reference = opts.configmap!.trim();
        try {
          parseConfigMapReference(reference);
        } catch (error) {
          throw new UsageError(`annotate: --configmap ${(error as Error).message}`);
        }
        annotation = { key: SNAPSHOT_CONFIGMAP_ANNOTATION, value: reference };
      }
      const text = await readTextInput(manifest, { what: 'manifest' });
      if (opts.patch) {
        process.stdout.write(kustomizePatch(text, manifest, annotation));
        return;
      }
      const result = annotateManifest(text, manifest, annotation);
      if (manifest === '-') process.stdout.write(result.text);
      else await writeFile(manifest, result.text);
      for (const w of result.workloads) {
        process.stderr.write(`mcp-drift-guard: annotated ${w.kind} ${w.namespace ? `${w.namespace}/` : ''}${w.name} (${annotation.key})\n`);
      }
    });
}
