// `versioning: semver`: a release with breaking changes must bump the major version (the minor for 0.x); the
// finding goes through the policy like any other (severity override, ignore), and is made from what the policy keeps.
import { describe, expect, it } from 'vitest';
import { VERSIONING_CASES, versioningPair } from '../fixtures/diff/cases.js';
import { diffSnapshots } from '../../src/diff/index.js';
import { applyPolicy } from '../../src/policy/apply.js';
import { parsePolicy } from '../../src/policy/parse.js';
import { DEFAULT_POLICY, type Policy } from '../../src/policy/types.js';

const semver: Policy = { ...DEFAULT_POLICY, versioning: 'semver' };
const now = new Date('2026-01-01T00:00:00Z');

function judge(c: (typeof VERSIONING_CASES)[number], policy: Policy = semver) {
  const { base, head } = versioningPair(c);
  return applyPolicy(diffSnapshots(base, head), policy, now, { base: base.server, head: head.server });
}

describe('versioning: semver', () => {
  for (const c of VERSIONING_CASES) {
    it(`${c.name} (${c.base} -> ${c.head}): ${c.expect ? 'version-not-bumped' : 'no version finding'}`, () => {
      const found = judge(c).findings.filter((f) => f.rule === 'version-not-bumped');
      if (!c.expect) return expect(found).toEqual([]);
      expect(found).toHaveLength(1);
      expect(found[0]!.severity).toBe('breaking');
      expect(found[0]!.subject).toEqual({ kind: 'server', name: 'weather' });
      expect(found[0]!.message).toMatch(c.expect);
    });
  }

  it('is not checked without `versioning: semver`', () => {
    expect(judge(VERSIONING_CASES[0]!, DEFAULT_POLICY).findings.map((f) => f.rule)).toEqual(['tool-removed']);
  });

  it('counts only the breaking findings the policy keeps: a break turned into a warning needs no major bump', () => {
    const result = judge(VERSIONING_CASES[0]!, { ...semver, rules: { 'tool-removed': 'warning' } });
    expect(result.findings.map((f) => `${f.rule} ${f.severity}`)).toEqual(['tool-removed warning']);
  });

  it('can itself be overridden or ignored by its fingerprint, which names the release pair', () => {
    const first = judge(VERSIONING_CASES[0]!).findings.find((f) => f.rule === 'version-not-bumped')!;
    const ignored = judge(VERSIONING_CASES[0]!, { ...semver, ignore: [{ fingerprint: first.fingerprint, reason: 'announced in the changelog' }] });
    expect(ignored.ignored.map((i) => i.finding.rule)).toEqual(['version-not-bumped']);
    const next = judge({ ...VERSIONING_CASES[0]!, base: '1.5.0', head: '1.6.0' }).findings.find((f) => f.rule === 'version-not-bumped')!;
    expect(next.fingerprint).not.toBe(first.fingerprint);
    expect(judge(VERSIONING_CASES[0]!, { ...semver, rules: { 'version-not-bumped': 'warning' } }).blocking.map((f) => f.rule)).toEqual(['tool-removed']);
  });

  it('is read from the policy file, and a wrong value is a one-line error', () => {
    expect(parsePolicy('versioning: semver\n', '.mcp-drift-guard.yml').versioning).toBe('semver');
    expect(() => parsePolicy('versioning: calver\n', '.mcp-drift-guard.yml')).toThrow('.mcp-drift-guard.yml: versioning: must be "semver", got "calver"');
  });
});
