// Which objects in a manifest set are MCP server workloads, and the parts of them the lint rules read.
// A workload is a Deployment, StatefulSet or Argo Rollout labelled for the webhook, or named with --workload.
import type { KubeObject } from './manifests.js';
import type { Labels } from './selectors.js';

export const ENABLED_LABEL = 'mcp-drift-guard.io/enabled';
export const STATEFUL_ANNOTATION = 'mcp-drift-guard.io/stateful';

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'Rollout']);

export interface Container {
  name?: string;
  image?: string;
  command?: unknown[];
  args?: unknown[];
  ports?: { containerPort?: number; name?: string }[];
  env?: EnvVar[];
  readinessProbe?: Record<string, unknown>;
  startupProbe?: Record<string, unknown>;
  livenessProbe?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface EnvVar {
  name?: string;
  value?: unknown;
  valueFrom?: unknown;
}

export interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
  terminationGracePeriodSeconds?: number;
  [key: string]: unknown;
}

export interface Workload {
  kind: string;
  name: string;
  namespace?: string;
  /** The finding subject name: `Kind/name`, or `Kind/namespace/name` when the manifest sets a namespace. */
  id: string;
  object: KubeObject;
  podLabels: Labels;
  /** Workload and pod-template annotations together (either place marks a workload stateful). */
  annotations: Labels;
  podSpec: PodSpec;
  /** `spec.replicas` as written; undefined means the apiserver default of 1. */
  replicas?: unknown;
  /** The object the pod template came from when it is not this one (a Rollout's `workloadRef` Deployment). */
  templateFrom?: string;
}

export function isWorkloadObject(object: KubeObject): boolean {
  return WORKLOAD_KINDS.has(object.kind);
}

export function workloadId(object: KubeObject): string {
  const name = object.metadata?.name ?? '(unnamed)';
  const namespace = object.metadata?.namespace;
  return namespace ? `${object.kind}/${namespace}/${name}` : `${object.kind}/${name}`;
}

/** True when `spec` (`NAME` or `Kind/NAME`, kind case-insensitive) names this object. */
export function workloadNamed(object: KubeObject, spec: string): boolean {
  const name = object.metadata?.name;
  if (!name) return false;
  const slash = spec.indexOf('/');
  if (slash < 0) return spec === name;
  return spec.slice(0, slash).toLowerCase() === object.kind.toLowerCase() && spec.slice(slash + 1) === name;
}

export function isEnabled(object: KubeObject): boolean {
  const value: unknown = object.metadata?.labels?.[ENABLED_LABEL];
  return value !== undefined && String(value) === 'true';
}

/** The MCP server workloads in `objects`: the labelled ones, or exactly those named when names are given. */
export function selectWorkloads(objects: readonly KubeObject[], names: readonly string[] = []): Workload[] {
  return objects
    .filter(isWorkloadObject)
    .filter((object) => (names.length > 0 ? names.some((name) => workloadNamed(object, name)) : isEnabled(object)))
    .map((object) => toWorkload(object, objects));
}

type Template = { metadata?: KubeObject['metadata']; spec?: PodSpec };

/**
 * An Argo Rollout may take its pod template from a Deployment (`spec.workloadRef`); that Deployment, when it is
 * in the same manifests, supplies the template. Pointers of template findings then point into that Deployment.
 */
function referencedTemplate(object: KubeObject, objects: readonly KubeObject[]): { template: Template; from: string } | undefined {
  const ref = (object.spec as { workloadRef?: { kind?: unknown; name?: unknown } } | undefined)?.workloadRef;
  if (object.kind !== 'Rollout' || !ref || (ref.kind ?? 'Deployment') !== 'Deployment') return undefined;
  const target = objects.find(
    (candidate) =>
      candidate.kind === 'Deployment' &&
      candidate.metadata?.name === ref.name &&
      (candidate.metadata?.namespace === undefined || object.metadata?.namespace === undefined || candidate.metadata.namespace === object.metadata.namespace),
  );
  const template = (target?.spec as { template?: Template } | undefined)?.template;
  return target && template ? { template, from: workloadId(target) } : undefined;
}

export function toWorkload(object: KubeObject, objects: readonly KubeObject[] = []): Workload {
  const spec = (object.spec ?? {}) as { replicas?: unknown; template?: Template };
  const referenced = spec.template ? undefined : referencedTemplate(object, objects);
  const template = spec.template ?? referenced?.template ?? {};
  const workload: Workload = {
    kind: object.kind,
    name: object.metadata?.name ?? '(unnamed)',
    id: workloadId(object),
    object,
    podLabels: stringMap(template.metadata?.labels),
    annotations: { ...stringMap(object.metadata?.annotations), ...stringMap(template.metadata?.annotations) },
    podSpec: isObject(template.spec) ? template.spec : {},
    replicas: spec.replicas,
  };
  if (object.metadata?.namespace) workload.namespace = object.metadata.namespace;
  if (referenced) workload.templateFrom = referenced.from;
  return workload;
}

/**
 * Objects in the same manifests that land in the same namespace. A manifest without a namespace is applied
 * into whatever namespace kubectl/kustomize is given, so it is taken to share the workload's.
 */
export function sameNamespace(workload: Workload, object: KubeObject): boolean {
  const namespace = object.metadata?.namespace;
  return namespace === undefined || workload.namespace === undefined || namespace === workload.namespace;
}

function stringMap(value: unknown): Labels {
  if (!isObject(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, String(entry)]));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
