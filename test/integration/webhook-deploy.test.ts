// webhook/deploy rendered by the real `kubectl kustomize`, every object validated against the Kubernetes schemas
// (kubernetes-models, and cert-manager's for its overlay), the invariants that keep a webhook from taking a cluster
// down, and its matchConditions evaluated by a CEL implementation the way the apiserver decides whether to call it.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { run } from '@bufbuild/cel';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { parsePolicy } from '../../src/policy/index.js';
import { readOptions, webhookCommand } from '../../webhook/src/options.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function render(dir: string): Json[] {
  const text = execFileSync('kubectl', ['kustomize', `webhook/deploy/${dir}`], { encoding: 'utf8' });
  return parseAllDocuments(text).map((d) => d.toJS() as Json);
}

type Model = new (data: unknown) => { validate(): void };
const MODELS: Record<string, () => Promise<unknown>> = {
  'v1/Namespace': () => import('kubernetes-models/v1/Namespace'),
  'v1/ServiceAccount': () => import('kubernetes-models/v1/ServiceAccount'),
  'v1/ConfigMap': () => import('kubernetes-models/v1/ConfigMap'),
  'v1/Service': () => import('kubernetes-models/v1/Service'),
  'apps/v1/Deployment': () => import('kubernetes-models/apps/v1/Deployment'),
  'policy/v1/PodDisruptionBudget': () => import('kubernetes-models/policy/v1/PodDisruptionBudget'),
  'rbac.authorization.k8s.io/v1/ClusterRole': () => import('kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole'),
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': () => import('kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding'),
  'admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration': () =>
    import('kubernetes-models/admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration'),
  // cert-manager's CRD schemas, as the apiserver would check the overlay's objects.
  'cert-manager.io/v1/Issuer': () => import('@kubernetes-models/cert-manager/cert-manager.io/v1/Issuer'),
  'cert-manager.io/v1/Certificate': () => import('@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate'),
};

async function validateAll(objects: Json[]): Promise<void> {
  for (const o of objects) {
    const load = MODELS[`${o.apiVersion}/${o.kind}`];
    if (!load) throw new Error(`no schema for ${o.apiVersion} ${o.kind}`);
    const Model = ((await load()) as Record<string, Model>)[o.kind as string]!;
    expect(() => new Model(o).validate(), `${o.kind}/${o.metadata.name}`).not.toThrow();
  }
}

const one = (objects: Json[], kind: string, name?: string): Json => {
  const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  expect(found, `${kind} ${name ?? ''}`).toHaveLength(1);
  return found[0]!;
};

function checkInvariants(objects: Json[], failurePolicy: 'Ignore' | 'Fail'): void {
  const deployment = one(objects, 'Deployment');
  const ns = deployment.metadata.namespace as string;
  expect(one(objects, 'Namespace').metadata.name).toBe(ns);
  const pod = deployment.spec.template;
  const podLabels = pod.metadata.labels as Record<string, string>;
  const matches = (selector: Record<string, string>) => Object.entries(selector).every(([k, v]) => podLabels[k] === v);

  // Availability: >= 2 replicas, a PDB that keeps one, probes on the real endpoints.
  expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
  const pdb = one(objects, 'PodDisruptionBudget');
  expect(matches(pdb.spec.selector.matchLabels)).toBe(true);
  expect(pdb.spec.minAvailable).toBeGreaterThanOrEqual(1);
  expect(pdb.spec.minAvailable).toBeLessThan(deployment.spec.replicas);
  const container = pod.spec.containers[0];
  expect(container.readinessProbe.httpGet).toMatchObject({ path: '/readyz', scheme: 'HTTPS', port: 'https' });
  expect(container.livenessProbe.httpGet).toMatchObject({ path: '/healthz', scheme: 'HTTPS', port: 'https' });

  // Hardening.
  expect(pod.spec.securityContext.runAsNonRoot).toBe(true);
  expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
  expect(container.resources.requests.cpu).toBeDefined();
  expect(container.resources.limits.memory).toBeDefined();

  // The container's arguments are flags the real webhook accepts, pointing into mounted volumes.
  const command = webhookCommand('test');
  command.parse(container.args as string[], { from: 'user' });
  const options = readOptions(command);
  expect(options.port).toBe(container.ports.find((p: Json) => p.name === 'https').containerPort);
  expect(options.metricsPort).toBe(container.ports.find((p: Json) => p.name === 'metrics').containerPort);
  const mountOf = (file: string) => container.volumeMounts.find((m: Json) => file.startsWith(`${m.mountPath}/`));
  const volumeOf = (file: string) => pod.spec.volumes.find((v: Json) => v.name === mountOf(file)?.name);
  expect(volumeOf(options.tlsCert).secret.secretName).toBe('mcp-drift-guard-webhook-tls');
  expect(volumeOf(options.tlsKey).secret.secretName).toBe('mcp-drift-guard-webhook-tls');
  const policyMap = one(objects, 'ConfigMap', volumeOf(options.config!).configMap.name);
  const policyKey = options.config!.slice(mountOf(options.config!).mountPath.length + 1);
  expect(parsePolicy(policyMap.data[policyKey], policyKey).failOn).toBe('breaking');

  // RBAC: read ConfigMaps, nothing more, bound to the Deployment's ServiceAccount.
  const role = one(objects, 'ClusterRole');
  expect(role.rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] }]);
  const binding = one(objects, 'ClusterRoleBinding');
  expect(binding.roleRef.name).toBe(role.metadata.name);
  expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: deployment.spec.template.spec.serviceAccountName, namespace: ns }]);
  expect(one(objects, 'ServiceAccount').metadata.name).toBe(pod.spec.serviceAccountName);

  // The webhook configuration: narrow, fast, side-effect free, never blocking the cluster by default.
  const service = one(objects, 'Service');
  expect(matches(service.spec.selector)).toBe(true);
  const vwc = one(objects, 'ValidatingWebhookConfiguration');
  expect(vwc.webhooks).toHaveLength(1);
  const hook = vwc.webhooks[0];
  expect(hook.sideEffects).toBe('None');
  expect(hook.timeoutSeconds).toBeLessThanOrEqual(5);
  expect(hook.failurePolicy).toBe(failurePolicy);
  expect(hook.admissionReviewVersions).toEqual(['v1']);
  expect(hook.clientConfig.service).toEqual({ name: service.metadata.name, namespace: ns, path: '/validate', port: 443 });
  expect(service.spec.ports.find((p: Json) => p.port === 443).targetPort).toBe('https');
  const resources = hook.rules.flatMap((r: Json) => r.resources.map((res: string) => `${r.apiGroups.join()}/${res}`));
  expect(resources.sort()).toEqual(['apps/deployments', 'apps/statefulsets', 'argoproj.io/rollouts']);
  expect(hook.rules.every((r: Json) => r.operations.length === 1 && r.operations[0] === 'UPDATE' && r.scope === 'Namespaced')).toBe(true);
  expect(hook.objectSelector).toEqual({ matchLabels: { 'mcp-drift-guard.io/enabled': 'true' } });
  const excluded = hook.namespaceSelector.matchExpressions.find((e: Json) => e.key === 'kubernetes.io/metadata.name' && e.operator === 'NotIn');
  expect(excluded.values).toEqual(expect.arrayContaining([ns, 'kube-system']));
  const conditions = hook.matchConditions.map((c: Json) => c.expression).join(' && ');
  expect(conditions).toContain('object.spec.template != oldObject.spec.template');
}

describe('webhook/deploy', () => {
  it('base: schema-valid, and every invariant holds', async () => {
    const objects = render('base');
    await validateAll(objects);
    checkInvariants(objects, 'Ignore');
    expect(objects.some((o) => o.apiVersion === 'cert-manager.io/v1')).toBe(false);
  });

  it('cert-manager overlay: a CA chain, a serving certificate for the Service and the CA injected', async () => {
    const objects = render('overlays/cert-manager');
    await validateAll(objects);
    checkInvariants(objects, 'Ignore');
    const service = one(objects, 'Service');
    const ns = service.metadata.namespace;
    const serving = one(objects, 'Certificate', 'mcp-drift-guard-webhook');
    expect(serving.spec.dnsNames).toContain(`${service.metadata.name}.${ns}.svc`);
    expect(serving.spec.secretName).toBe('mcp-drift-guard-webhook-tls');
    const vwc = one(objects, 'ValidatingWebhookConfiguration');
    expect(vwc.metadata.annotations['cert-manager.io/inject-ca-from']).toBe(`${ns}/${serving.metadata.name}`);
    // The issuer chain resolves: serving <- CA issuer <- CA certificate <- self-signed issuer.
    const caIssuer = one(objects, 'Issuer', serving.spec.issuerRef.name);
    const caCert = objects.find((o) => o.kind === 'Certificate' && o.spec.secretName === caIssuer.spec.ca.secretName)!;
    expect(caCert.spec.isCA).toBe(true);
    expect(one(objects, 'Issuer', caCert.spec.issuerRef.name).spec.selfSigned).toEqual({});
    // cert-manager's own webhook also wants exactly one issuer type per Issuer; its CRD schema does not say so.
    for (const issuer of objects.filter((o) => o.kind === 'Issuer')) {
      expect(Object.keys(issuer.spec).filter((k) => ['selfSigned', 'ca', 'acme', 'vault', 'venafi'].includes(k))).toHaveLength(1);
    }
  });

  it('the cert-manager schemas refuse what cert-manager would: a Certificate without a secretName or issuerRef', async () => {
    const serving = one(render('overlays/cert-manager'), 'Certificate', 'mcp-drift-guard-webhook');
    const { Certificate } = await import('@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate');
    expect(() => new Certificate(serving as never).validate()).not.toThrow();
    for (const field of ['secretName', 'issuerRef']) {
      const broken = structuredClone(serving);
      delete broken.spec[field];
      expect(() => new Certificate(broken as never).validate(), field).toThrow(new RegExp(field));
    }
  });

  it('fail-closed overlay: only failurePolicy changes', async () => {
    const base = render('base');
    const objects = render('overlays/fail-closed');
    await validateAll(objects);
    checkInvariants(objects, 'Fail');
    const strip = (list: Json[]) => JSON.stringify(list.map((o) => (o.kind === 'ValidatingWebhookConfiguration' ? { ...o, webhooks: o.webhooks.map((w: Json) => ({ ...w, failurePolicy: 'x' })) } : o)));
    expect(strip(objects)).toBe(strip(base));
  });

  it('the Dockerfile runs the package bin on Node 24 as non-root with production dependencies only', () => {
    const text = readFileSync('webhook/Dockerfile', 'utf8');
    const stages = text.split(/^FROM /m).slice(1);
    expect(stages.every((s) => s.startsWith('node:24'))).toBe(true);
    const runtime = stages.at(-1)!;
    expect(runtime).toMatch(/npm install --global --omit=dev/);
    expect(runtime).toMatch(/^USER (?!0\b|root\b)\S+/m);
    const entry = /^ENTRYPOINT \["([^"]+)"\]/m.exec(runtime)?.[1];
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { bin: Record<string, string> };
    expect(pkg.bin[entry!]).toBe('./dist/webhook.js');
  });
});

describe('matchConditions, evaluated by a CEL implementation (@bufbuild/cel)', () => {
  const hook = one(render('base'), 'ValidatingWebhookConfiguration').webhooks[0];
  const fixture = (kind: string): Json => JSON.parse(readFileSync(`test/fixtures/webhook/${kind}.json`, 'utf8')) as Json;
  /**
   * The apiserver calls the webhook only when every matchCondition is true; an error is not a silent skip. The
   * objects are bound as CEL maps (plain JSON objects are), with field presence and deep equality as in Kubernetes.
   */
  const called = (object: Json, oldObject: Json): boolean =>
    hook.matchConditions.every((c: Json) => {
      const result = run(c.expression, { object, oldObject });
      if (typeof result !== 'boolean') throw new Error(`${c.name}: ${String(result)}`);
      return result;
    });
  const edited = (object: Json, edit: (copy: Json) => void): Json => {
    const copy = structuredClone(object);
    edit(copy);
    return copy;
  };

  it.each(['deployment', 'statefulset', 'rollout'])('%s: skipped when the pod template is kept, called when it changes', (kind) => {
    const old = fixture(kind);
    expect(old.spec.template).toBeDefined();
    // Kept: scaling, the workload's own labels and annotations, status. No network call for these.
    expect(called(edited(old, (o) => (o.spec.replicas = 7)), old)).toBe(false);
    expect(called(edited(old, (o) => (o.metadata.labels = { ...o.metadata.labels, team: 'x' })), old)).toBe(false);
    expect(called(edited(old, (o) => (o.metadata.annotations = { note: 'x' })), old)).toBe(false);
    expect(called(edited(old, (o) => (o.status = { observedGeneration: 9 })), old)).toBe(false);
    // Changed: the image, an env var, the template's annotations (where the snapshot lives).
    expect(called(edited(old, (o) => (o.spec.template.spec.containers[0].image = 'example/weather:9')), old)).toBe(true);
    expect(called(edited(old, (o) => (o.spec.template.spec.containers[0].env = [{ name: 'X', value: '1' }])), old)).toBe(true);
    expect(called(edited(old, (o) => (o.spec.template.metadata.annotations = { 'mcp-drift-guard.io/snapshot': 'H4sI' })), old)).toBe(true);
    // A side without a template (never a valid workload) is the webhook's to judge, not skipped.
    expect(called(edited(old, (o) => delete o.spec.template), old)).toBe(true);
  });
});
