// `versioning: semver`: a release with breaking changes must say so in its version. A diff whose kept findings
// include a breaking one, where server.version does not bump the major version (the minor for 0.x, as semver's
// caret ranges treat it), gets its own finding naming both versions and the bump needed.
import parse from 'semver/functions/parse.js';
import { makeFinding, type FindingInput } from '../diff/finding.js';
import type { Finding } from '../diff/types.js';
import type { ServerInfo } from '../snapshot/types.js';

export interface Versions {
  base: ServerInfo;
  head: ServerInfo;
}

/** The finding when `findings` break clients and the versions do not admit it; undefined otherwise. */
export function versionNotBumped(findings: readonly Finding[], versions: Versions): Finding | undefined {
  const breaking = findings.filter((f) => f.severity === 'breaking').length;
  if (breaking === 0) return undefined;
  const before = parse(versions.base.version);
  const after = parse(versions.head.version);
  const subject = { kind: 'server', name: versions.head.name } as const;
  const common: Omit<FindingInput, 'message'> = {
    rule: 'version-not-bumped',
    subject,
    pointer: { before: '/server/version', after: '/server/version' },
    // One finding per release pair: ignoring it for this release does not ignore the next one.
    location: `server/version/${versions.base.version}..${versions.head.version}`,
    before: versions.base.version,
    after: versions.head.version,
  };
  const changes = `${breaking} breaking change${breaking === 1 ? '' : 's'}`;
  if (!before || !after) {
    const bad = !before ? versions.base.version : versions.head.version;
    return makeFinding({ ...common, message: `${changes} but server.version "${bad}" is not a semantic version, so nothing tells clients the release breaks them` });
  }
  const needed = before.major === 0 ? (after.major > 0 || after.minor > before.minor ? undefined : `0.${before.minor + 1}.0`) : after.major > before.major ? undefined : `${before.major + 1}.0.0`;
  if (needed === undefined) return undefined;
  const which = before.major === 0 ? 'minor (0.x)' : 'major';
  return makeFinding({ ...common, message: `${changes} from ${versions.base.version} to ${versions.head.version} without a ${which} version bump; release it as ${needed} or later` });
}
