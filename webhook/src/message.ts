// What the webhook tells a person: the denial (what and why, the breaking findings, the blue-green recipe with
// the workload's real names) and one-line warnings. Pure text builders, no I/O.
import type { Finding } from '../../src/diff/types.js';
import type { ServerInfo } from '../../src/snapshot/types.js';
import { ALLOW_BREAKING_ANNOTATION, type Workload } from './workload.js';
import { findingText } from '../../src/report/consequence.js';

/** How many findings a denial lists before "and N more". */
export const LISTED_FINDINGS = 10;
/** The apiserver truncates longer warnings; keep each one a short line. */
export const MAX_WARNING_LENGTH = 120;
const MAX_WARNINGS = 5;
/** The apiserver ignores warnings past 4,096 characters in all (k8s.io/docs: admission webhook response warnings). */
export const MAX_WARNINGS_TOTAL = 4096;

/**
 * Keeps warnings, in order, within the apiserver's total budget; what does not fit is counted in a last line,
 * so a workload with many findings still says that there are more instead of losing them silently.
 */
export function fitWarnings(warnings: string[]): string[] {
  const kept: string[] = [];
  let used = 0;
  for (const [i, warning] of warnings.entries()) {
    const rest = warnings.length - i - 1;
    // Room for this warning, and for the "more" line should a later one not fit.
    const reserve = rest > 0 ? 120 : 0;
    if (used + warning.length + reserve > MAX_WARNINGS_TOTAL) {
      kept.push(`mcp-drift-guard: ${plural(warnings.length - i, 'more warning')} not shown; run \`mcp-drift-guard lint\` on the manifest for all`);
      break;
    }
    kept.push(warning);
    used += warning.length;
  }
  return kept;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function version(server: ServerInfo): string {
  return `${server.name} ${server.version}`;
}

export function shortLine(text: string): string {
  const line = text.replace(/\s*\n\s*/g, ' ');
  return line.length <= MAX_WARNING_LENGTH ? line : `${line.slice(0, MAX_WARNING_LENGTH - 1)}…`;
}

// A finding's message already names its subject.
function findingLine(f: Finding): string {
  return `${findingText(f)} [${f.rule}]`;
}

/** The green copy's pod labels: values naming the workload get a -green suffix, else a track label is added. */
export function greenLabels(workload: Workload): Record<string, string> {
  const labels: Record<string, string> = {};
  let renamed = false;
  for (const [k, v] of Object.entries(workload.selectorLabels)) {
    if (v === workload.name) {
      labels[k] = `${v}-green`;
      renamed = true;
    } else labels[k] = v;
  }
  if (!renamed) labels['mcp-drift-guard.io/track'] = 'green';
  return labels;
}

function blueGreenRecipe(w: Workload): string[] {
  const ns = w.namespace ? `-n ${w.namespace} ` : '';
  const green = `${w.name}-green`;
  const labels = greenLabels(w);
  const selectorPatch = JSON.stringify({ spec: { selector: labels } });
  const labelText = Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',');
  const lines = ['Ship it blue-green instead, so each client keeps talking to one version:'];
  if (w.kind !== 'Rollout') {
    const resource = w.kind.toLowerCase();
    lines.push(
      `  1. Keep ${resource} ${w.name} as it is (blue) and apply the new version as ${resource} ${green}`,
      `     (same manifest, metadata.name ${green}, selector and pod labels ${labelText}).`,
      `  2. When ${green} is ready, switch the Service in front of ${w.name} to it:`,
      `       kubectl ${ns}rollout status ${resource}/${green}`,
      `       kubectl ${ns}patch service ${w.name} --type merge -p '${selectorPatch}'`,
      `  3. Once clients have moved over, delete ${resource} ${w.name}.`,
    );
    // Argo Rollouts manages Deployments' pods (workloadRef), not StatefulSets'.
    if (w.kind === 'StatefulSet') return lines;
    lines.push('  Or let Argo Rollouts do it: a Rollout with a blueGreen strategy is always admitted:');
  } else {
    lines.push('  Switch this Rollout to a blueGreen strategy (always admitted):');
  }
  const rollout = [
    'apiVersion: argoproj.io/v1alpha1',
    'kind: Rollout',
    'metadata:',
    `  name: ${w.name}`,
    ...(w.namespace ? [`  namespace: ${w.namespace}`] : []),
    'spec:',
    ...(w.kind === 'Deployment'
      ? [
          '  selector:',
          '    matchLabels:',
          ...Object.entries(w.selectorLabels).map(([k, v]) => `      ${k}: ${JSON.stringify(v)}`),
          '  workloadRef:',
          '    apiVersion: apps/v1',
          '    kind: Deployment',
          `    name: ${w.name}`,
          '    scaleDown: progressively',
        ]
      : []),
    '  strategy:',
    '    blueGreen:',
    `      activeService: ${w.name}`,
    `      previewService: ${w.name}-preview`,
    '      autoPromotionEnabled: false',
  ];
  lines.push(...rollout.map((l) => `       ${l}`));
  return lines;
}

/** The status message of a denial: what and why first, then the findings, then how to ship it. */
export function denialMessage(w: Workload, base: ServerInfo, head: ServerInfo, breaking: Finding[]): string {
  const lines = [
    `mcp-drift-guard: ${w.kind} ${w.namespace}/${w.name} would roll out ${plural(breaking.length, 'breaking MCP change')} ` +
      `(${version(base)} -> ${version(head)}) through a ${w.strategyName}, which runs old and new pods side by side: ` +
      'clients that listed tools on one version fail when their calls reach the other.',
    'Breaking changes:',
    ...breaking.slice(0, LISTED_FINDINGS).map((f) => `  - ${findingLine(f)}`),
  ];
  if (breaking.length > LISTED_FINDINGS) lines.push(`  ... and ${breaking.length - LISTED_FINDINGS} more`);
  lines.push(...blueGreenRecipe(w));
  lines.push(`To accept the break knowingly, annotate the pod template with ${ALLOW_BREAKING_ANNOTATION}: "<reason>" (audited).`);
  return lines.join('\n');
}

/** One-line warnings for findings, at most a handful, the last one saying how many were left out. */
export function findingWarnings(lead: string, findings: Finding[]): string[] {
  const warnings = [shortLine(lead)];
  const shown = findings.length > MAX_WARNINGS ? MAX_WARNINGS - 1 : findings.length;
  for (const f of findings.slice(0, shown)) warnings.push(shortLine(findingLine(f)));
  if (findings.length > shown) warnings.push(`... and ${findings.length - shown} more`);
  return warnings;
}
