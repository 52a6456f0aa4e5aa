// A read-only view of the workloads the webhook guards (apps/v1 Deployment and StatefulSet, argoproj.io
// Rollout): names, the opt-in label, the pod template and the update strategy that decides if versions overlap.
import type { GroupVersionKind } from './admission.js';

export const ALLOW_BREAKING_ANNOTATION = 'mcp-drift-guard.io/allow-breaking';

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'Rollout';

/**
 * How new pods replace old ones. `rolling` serves both versions side by side (RollingUpdate, a StatefulSet's
 * OnDelete, an Argo canary); `recreate` stops the old pods first; `blue-green` switches a Service at once.
 */
export type UpdateStyle = 'rolling' | 'recreate' | 'blue-green';

export interface Workload {
  kind: WorkloadKind;
  name: string;
  namespace: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** The pod template; undefined for a Rollout that points at a Deployment with workloadRef. */
  template: Record<string, unknown> | undefined;
  templateAnnotations: Record<string, string>;
  selectorLabels: Record<string, string>;
  updateStyle: UpdateStyle;
  /** The strategy's name as written in the manifest, for messages. */
  strategyName: string;
}

type Json = Record<string, unknown>;

function obj(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj(value))) if (typeof v === 'string') out[k] = v;
  return out;
}

/** The guarded kind for a request's group/version/kind, or undefined for anything else. */
export function workloadKind(gvk: GroupVersionKind): WorkloadKind | undefined {
  if (gvk.group === 'apps' && (gvk.kind === 'Deployment' || gvk.kind === 'StatefulSet')) return gvk.kind;
  if (gvk.group === 'argoproj.io' && gvk.kind === 'Rollout') return 'Rollout';
  return undefined;
}

function updateStrategy(kind: WorkloadKind, spec: Json): { style: UpdateStyle; name: string } {
  if (kind === 'Deployment') {
    const type = obj(spec.strategy).type;
    return type === 'Recreate' ? { style: 'recreate', name: 'Recreate' } : { style: 'rolling', name: 'RollingUpdate' };
  }
  if (kind === 'StatefulSet') {
    // OnDelete still leaves old and new pods side by side until someone deletes the old ones.
    const type = obj(spec.updateStrategy).type;
    return { style: 'rolling', name: type === 'OnDelete' ? 'OnDelete' : 'RollingUpdate' };
  }
  const strategy = obj(spec.strategy);
  if (strategy.blueGreen !== undefined) return { style: 'blue-green', name: 'blueGreen' };
  return { style: 'rolling', name: 'canary' };
}

export function readWorkload(kind: WorkloadKind, object: unknown, fallbackNamespace = ''): Workload {
  const root = obj(object);
  const metadata = obj(root.metadata);
  const spec = obj(root.spec);
  const template = typeof spec.template === 'object' && spec.template !== null ? (spec.template as Json) : undefined;
  const strategy = updateStrategy(kind, spec);
  return {
    kind,
    name: typeof metadata.name === 'string' ? metadata.name : '',
    namespace: typeof metadata.namespace === 'string' ? metadata.namespace : fallbackNamespace,
    labels: stringMap(metadata.labels),
    annotations: stringMap(metadata.annotations),
    template,
    templateAnnotations: stringMap(obj(template?.metadata).annotations),
    selectorLabels: stringMap(obj(spec.selector).matchLabels),
    updateStyle: strategy.style,
    strategyName: strategy.name,
  };
}
