import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deriveSeverity, RULES } from '../../src/diff/rules.js';
import { LINT_RULES, lintManifests, parseManifests } from '../../src/lint/index.js';

const fixtures = new URL('../fixtures/lint/', import.meta.url);
const load = (name: string) => parseManifests(readFileSync(new URL(name, fixtures), 'utf8'), name);

describe('lint rules against manifest fixtures', () => {
  it('the good MCP server manifest set passes with zero findings', () => {
    expect(lintManifests(load('good/weather-mcp.yaml'))).toEqual([]);
  });

  it('every rule in the catalogue has a bad fixture', () => {
    const fixturesByRule = readdirSync(new URL('bad/', fixtures)).filter((file) => file.startsWith('k8s-')).map((file) => file.replace(/\.yaml$/, ''));
    expect(fixturesByRule.sort()).toEqual(LINT_RULES.map((rule) => rule.id).sort());
  });

  it.each(LINT_RULES.map((rule) => [rule.id, rule.severity] as const))('bad/%s.yaml fails exactly that rule (%s)', (id, severity) => {
    const findings = lintManifests(load(`bad/${id}.yaml`));
    expect(findings.map((finding) => [finding.rule, finding.severity])).toEqual([[id, severity]]);
    const [finding] = findings;
    expect(finding?.subject).toEqual({ kind: 'workload', name: 'Deployment/weather-mcp' });
    expect(finding?.pointer.after).toMatch(/^\//);
    expect(finding?.fingerprint).toMatch(/^[0-9a-f]{12}$/);
    expect(finding?.message.length).toBeGreaterThan(20);
  });

  it.each([
    ['bad/stdio-subcommand.yaml', 'github-mcp-server stdio'],
    ['bad/stdio-npx-package.yaml', 'npx -y @modelcontextprotocol/server-memory'],
  ])('%s (%s, no port) is stdio only', (file) => {
    const findings = lintManifests(load(file));
    expect(findings.map((f) => [f.rule, f.pointer.after])).toEqual([['k8s-stdio-only', '/spec/template/spec/containers/0']]);
  });

  it('a second container that declares no port and has no probes is flagged, not skipped', () => {
    const findings = lintManifests(load('bad/second-container-unprobed.yaml'));
    expect(findings.map((f) => [f.rule, f.pointer.after]).sort()).toEqual([
      ['k8s-readiness-probe-missing', '/spec/template/spec/containers/1/readinessProbe'],
      ['k8s-startup-probe-missing', '/spec/template/spec/containers/1/startupProbe'],
    ]);
    expect(findings[0]!.message).toContain('container indexer');
  });

  it('a literal token is flagged without echoing it; a URL under a TOKEN_ name is not', () => {
    const findings = lintManifests(load('bad/literal-secret-mixed.yaml'));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain('GITHUB_PERSONAL_ACCESS_TOKEN');
    expect(findings[0]?.message).toContain('GitHub token');
    expect(JSON.stringify(findings)).not.toContain('aBcDeFgHiJ');
    expect(findings[0]?.pointer.after).toBe('/spec/template/spec/containers/0/env/0/value');
  });

  it('fingerprints are stable across runs and differ between findings', () => {
    const first = lintManifests(load('bad/k8s-stdio-only.yaml').concat(load('bad/literal-secret-mixed.yaml')));
    const second = lintManifests(load('bad/k8s-stdio-only.yaml').concat(load('bad/literal-secret-mixed.yaml')));
    expect(first).toEqual(second);
    expect(new Set(first.map((finding) => finding.fingerprint)).size).toBe(first.length);
  });

  it('rule ids are unique kebab-case with a direction of none and an example that fails and one that fixes', () => {
    expect(new Set(LINT_RULES.map((rule) => rule.id)).size).toBe(LINT_RULES.length);
    for (const rule of LINT_RULES) {
      expect(rule.id).toMatch(/^k8s-[a-z0-9-]+$/);
      expect(rule.direction).toBe('none');
      expect(rule.example.before).not.toEqual(rule.example.after);
      expect(rule.description.length).toBeGreaterThan(40);
    }
  });
});

describe('lint rules in the shared catalogue shape', () => {
  it('severity follows from effect with direction none, as in the diff catalogue', () => {
    for (const rule of LINT_RULES) expect([rule.id, deriveSeverity(rule.effect, rule.direction)]).toEqual([rule.id, rule.severity]);
  });

  it('no lint rule id collides with a diff rule id', () => {
    const diffIds = new Set(RULES.map((rule) => rule.id));
    expect(LINT_RULES.filter((rule) => diffIds.has(rule.id))).toEqual([]);
  });
});

describe('the lint fixtures are valid Kubernetes objects', () => {
  it.each(['good/weather-mcp.yaml', ...readdirSync(new URL('bad/', fixtures)).map((file) => `bad/${file}`)])('%s validates against the Kubernetes schemas', async (file) => {
    const models: Record<string, new (data: unknown) => { validate(): void }> = {
      Deployment: (await import('kubernetes-models/apps/v1/Deployment')).Deployment as never,
      Service: (await import('kubernetes-models/v1/Service')).Service as never,
      PodDisruptionBudget: (await import('kubernetes-models/policy/v1/PodDisruptionBudget')).PodDisruptionBudget as never,
    };
    for (const object of load(file)) {
      const Model = models[object.kind];
      expect(Model, object.kind).toBeDefined();
      expect(() => new Model!(object).validate()).not.toThrow();
    }
  });
});
