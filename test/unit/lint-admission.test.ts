import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_WARNING_LENGTH, lintAdmissionWarnings, parseManifests } from '../../src/lint/index.js';

/** A Deployment exactly as kubectl makes it, the shape the apiserver hands an admission webhook. */
function kubectlDeployment(args: string[]): Record<string, unknown> {
  return JSON.parse(execFileSync('kubectl', ['create', 'deployment', 'weather-mcp', '--image=ghcr.io/example/weather-mcp:1', ...args, '--dry-run=client', '-o', 'json'], { encoding: 'utf8' }));
}

describe('lintAdmissionWarnings (the webhook adds these as warnings, never a denial)', () => {
  it('a plain kubectl Deployment gets the probe and replica warnings, with rule ids', () => {
    const warnings = lintAdmissionWarnings(kubectlDeployment(['--replicas=1', '--port=8080']));
    expect(warnings.map((warning) => warning.split(':')[0])).toEqual([
      'mcp-drift-guard k8s-readiness-probe-missing',
      'mcp-drift-guard k8s-startup-probe-missing',
      'mcp-drift-guard k8s-single-replica',
    ]);
  });

  it('rules that need the other manifests (PodDisruptionBudget, Service affinity) are not judged from one object', () => {
    const [deployment] = parseManifests(readFileSync(new URL('../fixtures/lint/bad/k8s-pdb-missing.yaml', import.meta.url), 'utf8'), 'x').filter((o) => o.kind === 'Deployment');
    expect(lintAdmissionWarnings(deployment)).toEqual([]);
  });

  it('the good workload gets no warnings; a literal secret does', () => {
    const docs = parseManifests(readFileSync(new URL('../fixtures/lint/bad/k8s-literal-secret.yaml', import.meta.url), 'utf8'), 'x');
    const warnings = lintAdmissionWarnings(docs.find((o) => o.kind === 'Deployment'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^mcp-drift-guard k8s-literal-secret: container server: env WEATHER_API_KEY/);
  });

  it('warnings stay within what the apiserver passes on untruncated', () => {
    const deployment = kubectlDeployment(['--replicas=1']);
    const containers = ((deployment.spec as { template: { spec: { containers: { name: string }[] } } }).template.spec.containers);
    containers[0]!.name = 'c'.repeat(300);
    for (const warning of lintAdmissionWarnings(deployment)) expect(warning.length).toBeLessThanOrEqual(MAX_WARNING_LENGTH);
  });

  it('anything that is not a named object gives no warnings', () => {
    expect(lintAdmissionWarnings(null)).toEqual([]);
    expect(lintAdmissionWarnings({ kind: 'Deployment' })).toEqual([]);
    expect(lintAdmissionWarnings({ kind: 'ConfigMap', metadata: { name: 'x' } })).toEqual([]);
  });
});
