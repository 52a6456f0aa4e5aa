// The policy module: `.mcp-drift-guard.yml` (fail-on, severity overrides, ignores with reason and expiry),
// loaded and validated once, applied the same way by the CLI, the GitHub Action and the webhook.
export type * from './types.js';
export { DEFAULT_POLICY } from './types.js';
export { loadPolicy, findPolicyFile, POLICY_FILE_NAME } from './load.js';
export { parsePolicy } from './parse.js';
export { applyPolicy, failsOn, withFailOn } from './apply.js';
export { formatSubject, parseSubject } from './subject.js';
export { CATALOGUE, catalogueRule, type CatalogueRule } from './catalogue.js';
