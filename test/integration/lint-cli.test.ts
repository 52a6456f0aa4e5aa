import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, inject } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const fixtures = join(root, 'test/fixtures/lint');
const cli = inject('cli');
const dir = mkdtempSync(join(tmpdir(), 'lint-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [cli, 'lint', ...args], { cwd: fixtures, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('mcp-drift-guard lint', () => {
  it('the good manifest set: exit 0, no findings', () => {
    const { code, stdout, stderr } = run(['good/weather-mcp.yaml']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('OK: 0 breaking, 0 warnings, 0 safe');
    // A lint compares nothing: the heading names what was checked, not a "base -> head" pair.
    expect(stdout.split('\n')[0]).toBe('1 workload in good/weather-mcp.yaml');
    expect(stdout).toContain('No findings.');
    expect(stdout).not.toContain('->');
  });

  it('a breaking finding exits 1 and prints the rule, the workload and the fix', () => {
    const { code, stdout } = run(['bad/k8s-stdio-only.yaml']);
    expect(code).toBe(1);
    expect(stdout).toContain('workload/Deployment/weather-mcp');
    expect(stdout).toMatch(/k8s-stdio-only: container server only runs the stdio transport.*declare its containerPort/);
    const markdown = run(['bad/k8s-stdio-only.yaml', '--format', 'markdown']).stdout;
    expect(markdown.split('\n')[0]).toMatch(/^\*\*❌ 1 breaking finding\*\* in 1 workload in bad\/k8s-stdio-only\.yaml/);
  });

  it('warnings pass by default and fail with --fail-on warning', () => {
    expect(run(['bad/k8s-pdb-missing.yaml']).code).toBe(0);
    expect(run(['bad/k8s-pdb-missing.yaml', '--fail-on', 'warning']).code).toBe(1);
  });

  it('several files and multi-document input are one manifest set', () => {
    const { code, stdout } = run(['bad/k8s-readiness-probe-tcp.yaml', 'bad/literal-secret-mixed.yaml', '--format', 'json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { summary: Record<string, number>; findings: { rule: string; subject: { kind: string; name: string } }[] };
    expect(report.summary).toEqual({ breaking: 1, warning: 1, safe: 0 });
    expect(report.findings.map((finding) => [finding.rule, finding.subject.name]).sort()).toEqual([
      ['k8s-literal-secret', 'Deployment/github-mcp'],
      ['k8s-readiness-probe-tcp', 'Deployment/weather-mcp'],
    ]);
  });

  it('reads kustomize output from stdin (-) exactly as from a file', () => {
    const text = readFileSync(join(fixtures, 'bad/k8s-session-affinity-missing.yaml'), 'utf8');
    const fromStdin = run(['-', '--format', 'json'], text);
    const fromFile = run(['bad/k8s-session-affinity-missing.yaml', '--format', 'json']);
    expect(fromStdin.code).toBe(1);
    expect(JSON.parse(fromStdin.stdout).findings).toEqual(JSON.parse(fromFile.stdout).findings);
  });

  it('real kustomize output (kubectl kustomize, namespace set by the kustomization) piped on stdin', () => {
    const base = join(dir, 'kustomize');
    mkdirSync(base, { recursive: true });
    copyFileSync(join(fixtures, 'good/weather-mcp.yaml'), join(base, 'good.yaml'));
    copyFileSync(join(fixtures, 'bad/literal-secret-mixed.yaml'), join(base, 'github.yaml'));
    writeFileSync(join(base, 'kustomization.yaml'), 'namespace: tools\nresources:\n  - good.yaml\n  - github.yaml\n');
    const rendered = execFileSync('kubectl', ['kustomize', base], { encoding: 'utf8' });
    const { code, stdout } = run(['-', '--format', 'json'], rendered);
    expect(code).toBe(1);
    expect(JSON.parse(stdout).findings.map((finding: { rule: string; subject: { name: string } }) => [finding.rule, finding.subject.name])).toEqual([['k8s-literal-secret', 'Deployment/tools/github-mcp']]);
  });

  it('every report format renders', () => {
    for (const format of ['text', 'json', 'markdown', 'github', 'sarif', 'junit']) {
      const { code, stdout, stderr } = run(['bad/k8s-single-replica.yaml', '--format', format]);
      expect([format, code, stderr]).toEqual([format, 0, '']);
      expect(stdout).toContain('k8s-single-replica');
    }
  });

  it('--workload lints an unlabelled workload by name; an unknown name is a usage error', () => {
    const unlabelled = readFileSync(join(fixtures, 'bad/k8s-termination-grace-short.yaml'), 'utf8').replace('mcp-drift-guard.io/enabled: "true"', 'team: tools');
    expect(run(['-'], unlabelled).code).toBe(2);
    const named = run(['-', '--workload', 'weather-mcp', '--fail-on', 'warning'], unlabelled);
    expect(named.code).toBe(1);
    expect(named.stdout).toContain('k8s-termination-grace-short');
    const unknown = run(['good/weather-mcp.yaml', '--workload', 'Deployment/nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('mcp-drift-guard: lint: no Deployment, StatefulSet or Rollout named Deployment/nope in good/weather-mcp.yaml\n');
  });

  it('a policy ignore by fingerprint silences a finding', () => {
    const json = JSON.parse(run(['bad/k8s-stdio-only.yaml', '--format', 'json']).stdout) as { findings: { fingerprint: string }[] };
    const policy = join(dir, 'policy.yml');
    writeFileSync(policy, `ignore:\n  - fingerprint: "${json.findings[0]!.fingerprint}"\n    reason: migrating to HTTP in PLAT-1234\n`);
    const { code, stdout } = run(['bad/k8s-stdio-only.yaml', '--config', policy]);
    expect(code).toBe(0);
    expect(stdout).toContain('migrating to HTTP in PLAT-1234');
  });

  it('the policy file raises or turns off lint rules like diff rules', () => {
    const policy = join(dir, 'severity.yml');
    writeFileSync(policy, 'rules:\n  k8s-pdb-missing: breaking\n  k8s-single-replica: "off"\n');
    expect(run(['bad/k8s-pdb-missing.yaml', '--config', policy]).code).toBe(1);
    const off = run(['bad/k8s-single-replica.yaml', '--config', policy, '--fail-on', 'warning', '--format', 'json']);
    expect([off.code, JSON.parse(off.stdout).findings]).toEqual([0, []]);
  });

  it('bad input exits 2 with one line on stderr', () => {
    const notYaml = join(dir, 'notes.txt');
    writeFileSync(notYaml, 'kind: Deployment\nmetadata: {name: [broken\n');
    const broken = run([notYaml]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^mcp-drift-guard: .*notes\.txt:\d+: not valid YAML: .+\n$/);
    const prose = join(dir, 'README');
    writeFileSync(prose, 'This is not a manifest.\n');
    expect(run([prose]).stderr).toMatch(/^mcp-drift-guard: .*README: document 1 is not a Kubernetes object \(no "kind"\)\n$/);
    const missing = run(['does-not-exist.yaml']);
    expect([missing.code, missing.stderr]).toEqual([2, 'mcp-drift-guard: does-not-exist.yaml: cannot read manifest: no such file\n']);
    expect(run(['-', '-'], '').code).toBe(2);
    expect(run([]).code).toBe(2);
  });
});
