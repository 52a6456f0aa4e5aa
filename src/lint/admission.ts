// Lint findings as admission warnings: what the webhook adds to its response for a labelled workload, never
// a denial. Pure; the apiserver shows these to kubectl users as "Warning: ..." lines.
import { lintManifests } from './lint.js';

/** The apiserver may truncate warnings longer than this (k8s.io/docs: admission webhook warnings). */
export const MAX_WARNING_LENGTH = 256;

/**
 * Warnings for one workload object as admitted (the apiserver has already filled in defaults). Only the rules
 * that can be judged from the workload alone run: PodDisruptionBudgets and Services are not in the request.
 */
export function lintAdmissionWarnings(workload: unknown): string[] {
  const name = (workload as { metadata?: { name?: unknown } } | null)?.metadata?.name;
  if (typeof name !== 'string') return [];
  // Named explicitly: the webhook's objectSelector already chose the workload, whatever its labels say now.
  return lintManifests([workload], { standalone: true, workloads: [name] }).map((finding) => clip(`mcp-drift-guard ${finding.rule}: ${finding.message}`));
}

function clip(text: string): string {
  return text.length <= MAX_WARNING_LENGTH ? text : `${text.slice(0, MAX_WARNING_LENGTH - 1)}…`;
}
