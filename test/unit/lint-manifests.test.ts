import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { lintManifests, literalSecretReason, parseManifests, runsStdioOnly } from '../../src/lint/index.js';
import { labelSelectorMatches, mapSelectorMatches } from '../../src/lint/selectors.js';

function deployment(overrides: { name?: string; kind?: string; labels?: Record<string, string>; replicas?: number; annotations?: Record<string, string> } = {}) {
  const object: Record<string, unknown> = {
    apiVersion: overrides.kind === 'Rollout' ? 'argoproj.io/v1alpha1' : 'apps/v1',
    kind: overrides.kind ?? 'Deployment',
    metadata: { name: overrides.name ?? 'notes-mcp', labels: overrides.labels ?? { 'mcp-drift-guard.io/enabled': 'true' }, annotations: overrides.annotations ?? {} },
    spec: {
      selector: { matchLabels: { app: 'notes-mcp' } },
      template: {
        metadata: { labels: { app: 'notes-mcp', tier: 'mcp' } },
        spec: {
          containers: [
            {
              name: 'server',
              image: 'example/notes:1',
              ports: [{ containerPort: 3000 }],
              readinessProbe: { exec: { command: ['mcp-drift-guard', 'probe', '--url', 'http://127.0.0.1:3000/mcp'] } },
              startupProbe: { tcpSocket: { port: 3000 } },
            },
          ],
        },
      },
    },
  };
  if (overrides.replicas !== undefined) (object.spec as Record<string, unknown>).replicas = overrides.replicas;
  return object;
}
const rules = (objects: unknown[], options = {}) => lintManifests(objects, options).map((finding) => finding.rule);

describe('parseManifests', () => {
  it('reads multi-document YAML, skips empty documents and unrolls kind: List', () => {
    const text = [
      '---',
      'apiVersion: v1\nkind: Service\nmetadata: {name: a}',
      '---',
      '',
      '---',
      'apiVersion: v1\nkind: List\nitems:\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}\n  - {apiVersion: v1, kind: Secret, metadata: {name: c}}',
    ].join('\n');
    expect(parseManifests(text, 'x.yaml').map((object) => `${object.kind}/${object.metadata?.name}`)).toEqual(['Service/a', 'ConfigMap/b', 'Secret/c']);
  });

  it('an empty file is no objects, not an error', () => {
    expect(parseManifests('', 'empty.yaml')).toEqual([]);
    expect(parseManifests('# only a comment\n', 'c.yaml')).toEqual([]);
  });

  it('broken YAML is a UsageError naming the file and line', () => {
    expect(() => parseManifests('kind: Service\nmetadata: {name: [a\n', 'broken.yaml')).toThrow(UsageError);
    expect(() => parseManifests('kind: Service\nmetadata: {name: [a\n', 'broken.yaml')).toThrow(/^broken\.yaml:\d+: not valid YAML/);
  });

  it('a document that is not a Kubernetes object is a UsageError', () => {
    expect(() => parseManifests('just some prose, not a manifest', 'notes.txt')).toThrow(/notes\.txt: document 1 is not a Kubernetes object/);
    expect(() => parseManifests('kind: Service\n---\n- a\n- b\n', 'two.yaml')).toThrow(/document 2/);
  });
});

describe('which workloads are linted', () => {
  it('only workloads labelled mcp-drift-guard.io/enabled: "true"', () => {
    const unlabelled = deployment({ name: 'web', labels: { app: 'web' } });
    const findings = lintManifests([deployment(), unlabelled]);
    expect(new Set(findings.map((finding) => finding.subject.name))).toEqual(new Set(['Deployment/notes-mcp']));
  });

  it('--workload NAME or Kind/NAME selects unlabelled workloads instead of the labelled ones', () => {
    const web = deployment({ name: 'web', labels: {} });
    expect(new Set(lintManifests([deployment(), web], { workloads: ['web'] }).map((f) => f.subject.name))).toEqual(new Set(['Deployment/web']));
    expect(lintManifests([web], { workloads: ['statefulset/web'] })).toEqual([]);
    expect(lintManifests([web], { workloads: ['deployment/web'] }).length).toBeGreaterThan(0);
  });

  it('StatefulSets and Argo Rollouts are workloads; namespaces appear in the subject', () => {
    const rollout = deployment({ kind: 'Rollout', replicas: 3 });
    (rollout.metadata as Record<string, unknown>).namespace = 'tools';
    const statefulSet = deployment({ kind: 'StatefulSet', replicas: 1 });
    const names = new Set(lintManifests([rollout, statefulSet]).map((finding) => finding.subject.name));
    expect(names).toEqual(new Set(['Rollout/tools/notes-mcp', 'StatefulSet/notes-mcp']));
  });

  it('an Argo Rollout with workloadRef is judged by the referenced Deployment\'s pod template', () => {
    const template = deployment({ name: 'notes-template', labels: {} });
    const spec = template.spec as { template: { spec: { containers: Record<string, unknown>[] } } };
    delete spec.template.spec.containers[0]!.readinessProbe;
    const rollout = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'notes-mcp', labels: { 'mcp-drift-guard.io/enabled': 'true' } }, spec: { replicas: 3, workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'notes-template' } } };
    const pdb = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'p' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'notes-mcp' } } } };
    const findings = lintManifests([rollout, template, pdb]);
    expect(findings.map((finding) => [finding.rule, finding.subject.name])).toEqual([['k8s-readiness-probe-missing', 'Rollout/notes-mcp']]);
    expect(findings[0]?.message).toMatch(/\(pod template of Deployment\/notes-template\)$/);
    // Without the referenced Deployment nothing about the template can be judged; replicas still can.
    expect(rules([{ ...rollout, spec: { ...rollout.spec, replicas: 1 } }])).toEqual(['k8s-single-replica']);
  });

  it('non-objects in the input are ignored by the pure function', () => {
    expect(lintManifests([null, 'text', 42, { no: 'kind' }])).toEqual([]);
  });
});

describe('rules that read the rest of the manifests', () => {
  const pdb = (selector: unknown, namespace?: string) => ({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'p', ...(namespace ? { namespace } : {}) }, spec: { maxUnavailable: 1, selector } });

  it('a PodDisruptionBudget selecting the pod labels (matchLabels or matchExpressions) satisfies k8s-pdb-missing', () => {
    expect(rules([deployment({ replicas: 2 })])).toContain('k8s-pdb-missing');
    expect(rules([deployment({ replicas: 2 }), pdb({ matchLabels: { app: 'notes-mcp' } })])).not.toContain('k8s-pdb-missing');
    expect(rules([deployment({ replicas: 2 }), pdb({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['mcp'] }] })])).not.toContain('k8s-pdb-missing');
    expect(rules([deployment({ replicas: 2 }), pdb({ matchLabels: { app: 'notes-mcp', tier: 'web' } })])).toContain('k8s-pdb-missing');
  });

  it('a PodDisruptionBudget in another namespace does not count', () => {
    const namespaced = deployment({ replicas: 2 });
    (namespaced.metadata as Record<string, unknown>).namespace = 'a';
    expect(rules([namespaced, pdb({ matchLabels: { app: 'notes-mcp' } }, 'b')])).toContain('k8s-pdb-missing');
    expect(rules([namespaced, pdb({ matchLabels: { app: 'notes-mcp' } }, 'a')])).not.toContain('k8s-pdb-missing');
  });

  it('an autoscaler with minReplicas >= 2 stands in for replicas', () => {
    const hpa = (minReplicas?: number) => ({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'notes-mcp' }, maxReplicas: 5, ...(minReplicas ? { minReplicas } : {}) } });
    expect(rules([deployment(), hpa(2)])).not.toContain('k8s-single-replica');
    expect(rules([deployment(), hpa()])).toContain('k8s-single-replica');
  });

  it('stateful workloads need ClientIP affinity on every Service selecting them; others do not', () => {
    const service = (name: string, affinity?: string, selector: Record<string, string> = { app: 'notes-mcp' }) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector, ...(affinity ? { sessionAffinity: affinity } : {}) } });
    const stateful = deployment({ replicas: 2, annotations: { 'mcp-drift-guard.io/stateful': 'true' } });
    const findings = lintManifests([stateful, service('a'), service('b', 'ClientIP'), service('c', 'None'), service('other', undefined, { app: 'x' })]).filter((f) => f.rule === 'k8s-session-affinity-missing');
    expect(findings.map((finding) => (finding.after as { service: string }).service)).toEqual(['Service/a', 'Service/c']);
    expect(new Set(findings.map((finding) => finding.fingerprint)).size).toBe(2);
    expect(rules([deployment({ replicas: 2 }), service('a')])).not.toContain('k8s-session-affinity-missing');
    const headless = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'peers' }, spec: { clusterIP: 'None', selector: { app: 'notes-mcp' } } };
    expect(rules([stateful, headless])).not.toContain('k8s-session-affinity-missing');
  });

  it('standalone (the webhook, one workload at a time) skips the rules that need the other objects', () => {
    const stateful = deployment({ annotations: { 'mcp-drift-guard.io/stateful': 'true' } });
    expect(rules([stateful], { standalone: true })).toEqual([]);
    expect(rules([deployment({ replicas: 1 })], { standalone: true })).toEqual(['k8s-single-replica']);
  });
});

describe('stdio heuristic', () => {
  it.each([
    [{ args: ['--stdio'] }, true],
    [{ command: ['node', 'server.js', '--transport=stdio'] }, true],
    [{ args: ['--transport', 'stdio'] }, true],
    [{ args: ['--mode', 'stdio'] }, true],
    [{ env: [{ name: 'MCP_TRANSPORT', value: 'stdio' }] }, true],
    [{ args: ['--transport', 'stdio'], ports: [{ containerPort: 8080 }] }, false],
    [{ args: ['--transport', 'http'] }, false],
    [{ args: ['supergateway', '--stdio', 'npx server'], ports: [{ containerPort: 8000 }] }, false],
    [{ args: ['--log-file', 'stdio.log'] }, false],
    [{ command: ['npx', '-y', 'supergateway', '--stdio', 'npx -y @modelcontextprotocol/server-github', '--port', '8000'] }, false],
    [{ args: ['--stdio', '--http'] }, false],
  ])('%j -> %s', (container, expected) => {
    expect(runsStdioOnly(container)).toBe(expected);
  });
});

describe('literal secret detection', () => {
  it.each([
    ['OPENAI_API_KEY', 'sk-proj-abcdefghijklmnop1234', 'OpenAI'],
    ['ANYTHING', 'ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789', 'GitHub token'],
    ['CONFIG', 'xoxb-1234567890-abcdefghij', 'Slack'],
    ['AWS_ACCESS_KEY_ID', 'AKIAIOSFODNN7EXAMPLE', 'AWS'],
    ['DB_PASSWORD', 'hunter2', 'name'],
    ['STRIPE_KEY', 'abc123', 'name'],
    ['SESSION', 'q8Zr3LmT0vXk2NwB9yHs4PdF7cJ1', 'random'],
  ])('%s=%s is flagged (%s)', (name, value, why) => {
    expect(literalSecretReason(name, value)).toMatch(new RegExp(why === 'name' ? 'name says' : why === 'random' ? 'random-looking' : why));
  });

  it.each([
    ['TOKEN_URL', 'https://auth.example.com/token'],
    ['API_KEY_FILE', '/var/run/secrets/api-key'],
    ['SECRET_NAME', 'weather-mcp'],
    ['PASSWORD', '$(DB_PASSWORD)'],
    ['KEY_ROTATION', 'true'],
    ['LOG_LEVEL', 'debug'],
    ['TOKEN', ''],
    ['IMAGE_DIGEST', '3f786850e387550fdab836ed7e6dc881de23001b'],
    ['GREETING', 'hello there general kenobi, how are you'],
  ])('%s=%s is not flagged', (name, value) => {
    expect(literalSecretReason(name, value)).toBeUndefined();
  });
});

describe('label selectors', () => {
  const labels = { app: 'a', tier: 'mcp' };
  it.each([
    [{}, true],
    [null, false],
    [{ matchLabels: { app: 'a' } }, true],
    [{ matchLabels: { app: 'b' } }, false],
    [{ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['web'] }] }, true],
    [{ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }, false],
    [{ matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }, true],
    [{ matchExpressions: [{ key: 'tier', operator: 'Bogus' }] }, false],
  ])('%j matches %j -> %s', (selector, expected) => {
    expect(labelSelectorMatches(selector, labels)).toBe(expected);
  });
  it('a Service selector that is empty selects nothing', () => {
    expect(mapSelectorMatches({}, labels)).toBe(false);
    expect(mapSelectorMatches({ app: 'a' }, labels)).toBe(true);
  });
});
