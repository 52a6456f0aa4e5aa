// The snapshot module: canonical form, parsing of every accepted shape, and reading from files, git and stdin.
export type * from './types.js';
export { canonicalizeSnapshot, isSnapshotStale, normalizeSchema, serializeSnapshot, sortKeysDeep, MAX_DEPTH } from './canonical.js';
export { normalizeSnapshot, parseSnapshot } from './parse.js';
export { readSnapshotSource, writeSnapshotFile, parseGitSpec, MAX_SNAPSHOT_BYTES, type ReadSourceOptions } from './source.js';
