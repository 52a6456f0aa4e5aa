// The webhook's two verdict settings: how a breaking rolling update is acted on (mode) and what an update
// without a usable snapshot gets (missingSnapshot). Shared by the flag parser and the decision.
export const MODES = ['enforce', 'warn', 'dryrun'] as const;
export type Mode = (typeof MODES)[number];
export const MISSING_SNAPSHOT_ACTIONS = ['allow', 'warn', 'deny'] as const;
export type MissingSnapshotAction = (typeof MISSING_SNAPSHOT_ACTIONS)[number];
