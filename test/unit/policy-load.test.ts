// The policy file: found from the working directory upward or given with --config, validated strictly, every
// mistake a UsageError naming the file and the path of the bad key.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../src/diff/rules.js';
import { UsageError } from '../../src/errors.js';
import { loadPolicy, parsePolicy } from '../../src/policy/index.js';

const F = '.mcp-drift-guard.yml';
const breakingRule = RULES.find((r) => r.severity === 'breaking')!.id;
const warningRule = RULES.find((r) => r.severity === 'warning')!.id;

function errorOf(text: string): string {
  try {
    parsePolicy(text, F);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('parsePolicy', () => {
  it('reads a full valid policy', () => {
    const policy = parsePolicy(
      [
        'failOn: warning',
        'rules:',
        `  ${breakingRule}: warning`,
        `  ${warningRule}: off`,
        'ignore:',
        '  - fingerprint: abc123',
        '    reason: "accepted in review #42"',
        '    expires: 2099-12-31',
        `  - rule: ${breakingRule}`,
        '    subject: tool/get_forecast',
        '    reason: clients pinned',
        `  - rule: ${breakingRule}`,
        '    subject: resourceTemplate/files/by-path',
        '    reason: names may contain slashes',
      ].join('\n'),
      F,
    );
    expect(policy).toEqual({
      failOn: 'warning',
      rules: { [breakingRule]: 'warning', [warningRule]: 'off' },
      ignore: [
        { fingerprint: 'abc123', reason: 'accepted in review #42', expires: '2099-12-31' },
        { rule: breakingRule, subject: { kind: 'tool', name: 'get_forecast' }, reason: 'clients pinned' },
        { rule: breakingRule, subject: { kind: 'resourceTemplate', name: 'files/by-path' }, reason: 'names may contain slashes' },
      ],
      file: F,
    });
  });

  it('an empty file or a comment-only file is the default policy', () => {
    expect(parsePolicy('', F)).toEqual({ failOn: 'breaking', rules: {}, ignore: [], file: F });
    expect(parsePolicy('# nothing yet\n', F)).toEqual({ failOn: 'breaking', rules: {}, ignore: [], file: F });
  });

  it.each([
    ['failOn: breakng', 'failOn: must be one of "breaking", "warning", "never", got "breakng"'],
    ['failon: breaking', 'failon: unknown key (expected one of "failOn", "versioning", "rules", "ignore")'],
    ['- a\n- b', '(top level): must be a mapping'],
    ['rules: [a]', 'rules: must be a mapping of rule id'],
    ['rules:\n  no-such-rule: off', 'rules.no-such-rule: unknown rule id "no-such-rule" (see `mcp-drift-guard rules`)'],
    ['rules:\n  tool-remove: off', 'rules.tool-remove: unknown rule id "tool-remove" (did you mean "tool-removed"? see `mcp-drift-guard rules`)'],
    ['rules:\n  no-such-rule: off\n  other-typo: warning', 'unknown rule ids no-such-rule, other-typo'],
    [`rules:\n  ${breakingRule}: fatal`, `rules.${breakingRule}: must be one of "breaking", "warning", "safe", "off", got "fatal"`],
    ['ignore: {fingerprint: x}', 'ignore: must be a list, got a mapping'],
    ['ignore:\n  - fingerprint: abc', 'ignore[0].reason: required'],
    ['ignore:\n  - fingerprint: abc\n    reason: ""', 'ignore[0].reason: must be a non-empty string'],
    ['ignore:\n  - fingerprint: abc\n    reason: ok\n  - reason: no target', 'ignore[1]: needs "fingerprint", or "rule" and "subject"'],
    ['ignore:\n  - fingerprint: abc\n    reson: typo', 'ignore[0].reson: unknown key'],
    [`ignore:\n  - rule: ${breakingRule}\n    reason: r`, 'ignore[0].subject: required with "rule"'],
    ['ignore:\n  - subject: tool/x\n    reason: r', 'ignore[0].rule: required with "subject"'],
    [`ignore:\n  - rule: nope\n    subject: tool/x\n    reason: r`, 'ignore[0].rule: unknown rule id "nope"'],
    [`ignore:\n  - rule: ${breakingRule}\n    subject: widget/x\n    reason: r`, 'ignore[0].subject: must be "<kind>/<name>"'],
    [`ignore:\n  - rule: ${breakingRule}\n    subject: get_forecast\n    reason: r`, 'ignore[0].subject: must be "<kind>/<name>"'],
    [`ignore:\n  - fingerprint: a\n    rule: ${breakingRule}\n    subject: tool/x\n    reason: r`, 'ignore[0]: give either "fingerprint" or "rule" + "subject", not both'],
    ['ignore:\n  - fingerprint: a\n    reason: r\n    expires: 2026-02-30', 'ignore[0].expires: must be a date YYYY-MM-DD, got "2026-02-30"'],
    ['ignore:\n  - fingerprint: a\n    reason: r\n    expires: next week', 'ignore[0].expires: must be a date YYYY-MM-DD'],
    ['ignore:\n  - fingerprint: 12\n    reason: r', 'ignore[0].fingerprint: must be a non-empty string, got 12'],
    ['failOn: [breaking', 'line 1'],
    ['failOn: breaking\nfailOn: warning', 'line 2'],
  ])('%j -> %s', (text, expected) => {
    const message = errorOf(text);
    expect(message.startsWith(`${F}: `)).toBe(true);
    expect(message).toContain(expected);
  });
});

describe('loadPolicy', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'mdg-policy-'));
    await mkdir(join(root, 'repo', 'packages', 'server'), { recursive: true });
    await writeFile(join(root, 'repo', F), 'failOn: warning\n');
    await writeFile(join(root, 'other.yml'), 'failOn: never\n');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('finds the nearest .mcp-drift-guard.yml from the working directory upward', async () => {
    const policy = await loadPolicy(undefined, join(root, 'repo', 'packages', 'server'));
    expect(policy.failOn).toBe('warning');
    expect(policy.file).toBe(join(root, 'repo', F));
  });

  it('names a found file relative to the working directory in errors', async () => {
    await mkdir(join(root, 'bad', 'sub'), { recursive: true });
    await writeFile(join(root, 'bad', F), 'failOn: sometimes\n');
    await expect(loadPolicy(undefined, join(root, 'bad', 'sub'))).rejects.toThrow(/^\.\.\/\.mcp-drift-guard\.yml: failOn: must be one of/);
    await expect(loadPolicy(undefined, join(root, 'bad'))).rejects.toThrow(/^\.mcp-drift-guard\.yml: failOn: must be one of/);
  });

  it('uses --config instead of searching, relative to the working directory', async () => {
    expect((await loadPolicy('../../../other.yml', join(root, 'repo', 'packages', 'server'))).failOn).toBe('never');
  });

  it('without a file anywhere, the defaults apply', async () => {
    const policy = await loadPolicy(undefined, root);
    expect(policy).toEqual({ failOn: 'breaking', rules: {}, ignore: [] });
  });

  it('a missing --config file is a UsageError naming it', async () => {
    await expect(loadPolicy('missing.yml', root)).rejects.toThrow(/^missing\.yml: cannot read policy: no such file$/);
    await expect(loadPolicy('missing.yml', root)).rejects.toBeInstanceOf(UsageError);
  });
});
