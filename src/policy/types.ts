// The policy's data: what a `.mcp-drift-guard.yml` says once validated, and what applying it to findings gives.
// Shared by the CLI, the GitHub Action and the admission webhook, which all read the same file.
import type { Finding, Severity, Subject } from '../diff/types.js';

/** The lowest severity that fails a run; `never` reports without failing. */
export type FailOn = Severity | 'never';
export type RuleSetting = Severity | 'off';

/** One accepted finding: matched by its fingerprint, or by rule and subject together. */
export interface IgnoreEntry {
  fingerprint?: string;
  rule?: string;
  subject?: Subject;
  reason: string;
  /** Last day (YYYY-MM-DD, UTC) the ignore applies; from the next day on the finding counts again. */
  expires?: string;
}

/** `semver`: breaking findings must come with a major version bump (a minor one for 0.x). */
export type Versioning = 'semver';

export interface Policy {
  failOn: FailOn;
  /** How server.version must move with the findings; absent: not checked. */
  versioning?: Versioning;
  /** Severity overrides by rule id; `off` drops the rule's findings. */
  rules: Record<string, RuleSetting>;
  ignore: IgnoreEntry[];
  /** The file the policy was read from; absent for the built-in default. */
  file?: string;
}

export interface IgnoredFinding {
  finding: Finding;
  reason: string;
}

export interface PolicyResult {
  /** Findings that still count, with severity overrides applied. */
  findings: Finding[];
  ignored: IgnoredFinding[];
  /** Things the user should know about the policy itself, e.g. an ignore that has expired. */
  notices: string[];
  failOn: FailOn;
  /** The kept findings at or above failOn: what fails a check, denies an admission or needs approval. */
  blocking: Finding[];
  /** True when `blocking` is not empty. */
  failed: boolean;
}

export const DEFAULT_POLICY: Policy = Object.freeze({ failOn: 'breaking', rules: {}, ignore: [] }) as Policy;
