// mcp-drift-guard's library entry: the core that the CLI, the GitHub Action and the webhook share.
export * from './snapshot/index.js';
export { UsageError, CaptureError, DriftGuardError, EXIT, describeError } from './errors.js';
export { captureSnapshot, type CaptureOptions } from './capture/index.js';
export { loadPolicy, parsePolicy, applyPolicy, failsOn, formatSubject, parseSubject, CATALOGUE, POLICY_FILE_NAME, DEFAULT_POLICY } from './policy/index.js';
export type { Policy, PolicyResult, FailOn, RuleSetting, IgnoreEntry, IgnoredFinding, CatalogueRule } from './policy/index.js';
export { buildReport, renderReport, summarize, REPORT_FORMATS, MARKDOWN_MAX_BYTES, type ReportFormat, type RenderOptions } from './report/index.js';
export { lintManifests, parseManifests, readManifests, LINT_RULES, type LintOptions, type LintRuleDefinition, type KubeObject } from './lint/index.js';
export { probeServer, cachedCheck, createProbeServer, listenProbeServer, type ProbeOptions, type ProbeResult, type HealthBody } from './probe/index.js';
export { diffSnapshots } from './diff/index.js';
export { RULES, ruleById, type RuleDefinition } from './diff/rules.js';
export type * from './diff/types.js';
export {
  encodeSnapshotAnnotation,
  decodeSnapshotAnnotation,
  SNAPSHOT_ANNOTATION,
  SNAPSHOT_CONFIGMAP_ANNOTATION,
  MAX_ANNOTATION_BYTES,
  MAX_DECODED_SNAPSHOT_BYTES,
  type DecodeLimits,
} from './snapshot/annotation.js';
export { snapshotToConfigMap, DEFAULT_CONFIGMAP_KEY, SNAPSHOT_CONFIGMAP_LABEL, type SnapshotConfigMap } from './snapshot/configmap.js';
