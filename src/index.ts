// mcp-drift-guard's library entry: the core that the CLI, the GitHub Action and the webhook share.
export * from './snapshot/index.js';
export { UsageError, CaptureError, DriftGuardError, EXIT, describeError } from './errors.js';
export { captureSnapshot, type CaptureOptions } from './capture/index.js';
