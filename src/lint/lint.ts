// lintManifests: every finding for the MCP server workloads among a set of Kubernetes objects.
// Pure: objects in, Finding[] out, so the CLI and the admission webhook share one rule set.
import { createHash } from 'node:crypto';
import type { Finding } from '../diff/types.js';
import type { KubeObject } from './manifests.js';
import { LINT_RULE_TABLE } from './rules.js';
import { selectWorkloads } from './workloads.js';

export interface LintOptions {
  /** Lint exactly these workloads (`NAME` or `Kind/NAME`) instead of the ones labelled `mcp-drift-guard.io/enabled: "true"`. */
  workloads?: readonly string[];
  /**
   * The objects are not the whole manifest set (the webhook sees one workload at a time): skip the rules that
   * judge a workload by its neighbours (PodDisruptionBudget, Service affinity) and an unset replicas count.
   */
  standalone?: boolean;
}

/** Every lint finding for the MCP server workloads among `objects`, sorted by workload, rule and pointer. */
export function lintManifests(objects: readonly unknown[], options: LintOptions = {}): Finding[] {
  const kubeObjects = objects.filter(isKubeObject);
  const standalone = options.standalone ?? false;
  const findings: Finding[] = [];
  for (const workload of selectWorkloads(kubeObjects, options.workloads ?? [])) {
    for (const rule of LINT_RULE_TABLE) {
      if (standalone && rule.scope === 'manifests') continue;
      for (const violation of rule.check(workload, kubeObjects, { standalone })) {
        const subject = { kind: 'workload' as const, name: workload.id };
        const finding: Finding = {
          rule: rule.id,
          severity: rule.severity,
          subject,
          pointer: { after: violation.pointer },
          message: workload.templateFrom && violation.pointer.startsWith('/spec/template/') ? `${violation.message} (pod template of ${workload.templateFrom})` : violation.message,
          fingerprint: fingerprint(rule.id, subject.name, violation.pointer, violation.related),
        };
        if (violation.after !== undefined) finding.after = violation.after;
        findings.push(finding);
      }
    }
  }
  const order = new Map(LINT_RULE_TABLE.map((rule, index) => [rule.id, index]));
  // Code-unit order, not localeCompare: the same findings sort the same on every machine.
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return findings.sort(
    (a, b) =>
      cmp(a.subject.name, b.subject.name) ||
      (order.get(a.rule) ?? 0) - (order.get(b.rule) ?? 0) ||
      cmp(a.pointer.after ?? '', b.pointer.after ?? '') ||
      cmp(a.message, b.message) ||
      cmp(a.fingerprint, b.fingerprint),
  );
}

function isKubeObject(value: unknown): value is KubeObject {
  return typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string';
}

/** Short stable hash of rule + subject + pointer (+ the related object), like the diff findings' fingerprint. */
function fingerprint(rule: string, subject: string, pointer: string, related = ''): string {
  return createHash('sha256').update([rule, 'workload', subject, pointer, related].join('\u0000')).digest('hex').slice(0, 12);
}
