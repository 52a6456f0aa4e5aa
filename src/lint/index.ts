// Lint Kubernetes manifests of MCP server workloads: the checks a stateless HTTP service does not need.
// The core module the CLI's `lint` and the admission webhook's warnings both call.
export { lintManifests, type LintOptions } from './lint.js';
export { LINT_RULES, runsStdioOnly, type LintRuleDefinition } from './rules.js';
export { parseManifests, readManifests, type KubeObject } from './manifests.js';
export { ENABLED_LABEL, STATEFUL_ANNOTATION, selectWorkloads, workloadNamed, type Workload } from './workloads.js';
export { literalSecretReason } from './secrets.js';
export { lintAdmissionWarnings, MAX_WARNING_LENGTH } from './admission.js';
