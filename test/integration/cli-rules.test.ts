// `mcp-drift-guard rules` end to end: every rule of both catalogues with severity, direction, title and an
// example, as text and as JSON.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/diff/rules.js';
import { LINT_RULES } from '../../src/lint/rules.js';
import { runCli } from './cli-diff-helpers.js';

describe('rules', () => {
  it('--format json lists every rule with its fields', async () => {
    const r = await runCli(['rules', '--format', 'json']);
    expect(r.code).toBe(0);
    const rules = JSON.parse(r.stdout) as { id: string; source: string; severity: string; direction: string; title: string; example: { before: unknown; after: unknown } }[];
    expect(rules.map((x) => x.id)).toEqual([...RULES.map((x) => x.id), ...LINT_RULES.map((x) => x.id)]);
    for (const rule of rules) {
      expect(['breaking', 'warning', 'safe']).toContain(rule.severity);
      expect(['request', 'response', 'none']).toContain(rule.direction);
      expect(rule.title.length).toBeGreaterThan(0);
      expect(rule).toHaveProperty('example');
    }
    const diffRule = RULES[0]!;
    expect(rules[0]).toEqual({ id: diffRule.id, source: 'diff', severity: diffRule.severity, direction: diffRule.direction, title: diffRule.title, description: diffRule.description, example: diffRule.example });
  });

  it('text shows each rule on its own line with severity and direction, then its description and example', async () => {
    const r = await runCli(['rules']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    for (const rule of [...RULES, ...LINT_RULES]) {
      const at = lines.findIndex((l) => l.startsWith(`${rule.id} `));
      expect(at, rule.id).toBeGreaterThan(0);
      expect(lines[at]).toMatch(new RegExp(`^${rule.id}\\s+${rule.severity}\\s+${rule.direction}\\s+`));
      expect(lines[at + 1]!.trim()).toBe(rule.description);
      expect(lines[at + 2]!.trim()).toBe(`before: ${rule.example.before === undefined ? '(absent)' : JSON.stringify(rule.example.before)}`);
    }
    expect(r.stdout).toContain(`Snapshot changes (diff, check) (${RULES.length})`);
  });

  it('rules RULE shows that one rule with its description', async () => {
    const rule = RULES.find((x) => x.id === 'capability-removed')!;
    const r = await runCli(['rules', 'capability-removed']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^RULE\s+SEVERITY\s+DIRECTION\s+TITLE$/);
    expect(lines[1]).toMatch(/^capability-removed\s+breaking\s+none\s+Capability removed$/);
    expect(lines[2]!.trim()).toBe(rule.description);
    expect(lines).toHaveLength(5);
    const json = await runCli(['rules', 'capability-removed', '--format', 'json']);
    expect(JSON.parse(json.stdout)).toEqual({ id: rule.id, source: 'diff', severity: rule.severity, direction: rule.direction, title: rule.title, description: rule.description, example: rule.example });
  });

  it('rules with an unknown rule id is one usage line with the nearest id', async () => {
    const r = await runCli(['rules', 'capability-remove']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('mcp-drift-guard: rules: unknown rule id "capability-remove" (did you mean "capability-removed"? see `mcp-drift-guard rules`)\n');
  });

  it('-o writes the listing to a file, like every command that writes a result', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    const r = await runCli(['rules', 'capability-removed', '--format', 'json', '-o', 'rule.json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect((JSON.parse(readFileSync(join(dir, 'rule.json'), 'utf8')) as { id: string }).id).toBe('capability-removed');
  });

  it('an unknown format is a usage error', async () => {
    expect((await runCli(['rules', '--format', 'yaml'])).code).toBe(2);
  });
});
