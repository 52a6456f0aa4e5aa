// webhook/deploy rendered by the real `kubectl kustomize` (kubectl 1.35.2, kustomize 5.7.1, pinned by
// scripts/kubectl.mjs): every install (overlay) with every set of components, in the default namespace and in
// another, each object validated against its schema (kubernetes-models; cert-manager's and the Prometheus
// operator's CRDs), the invariants that keep a webhook from taking a cluster down, the README's install, monitor
// and uninstall examples rendered and played, and the matchConditions evaluated by a CEL implementation the way the
// apiserver decides whether to call the webhook.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { run } from '@bufbuild/cel';
import { parser as promql } from '@prometheus-io/lezer-promql';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { kustomize } from '../../scripts/kubectl.mjs';
import { parsePolicy } from '../../src/policy/index.js';
import { createMetrics } from '../../webhook/src/metrics.js';
import { readOptions, webhookCommand } from '../../webhook/src/options.js';
import { makePki } from '../fixtures/webhook/apiserver-caller.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const INSTALLS = ['overlays/cert-manager', 'overlays/own-certificate'] as const;
const COMPONENTS = ['components/fail-closed', 'components/monitoring', 'components/network-policy'] as const;
type Install = (typeof INSTALLS)[number];
type Component = (typeof COMPONENTS)[number];
const SELECTOR = { 'app.kubernetes.io/part-of': 'mcp-drift-guard' };

/**
 * A copy of the repository's webhook/deploy, at mcp-drift-guard/webhook/deploy in a temporary directory (the README
 * installs from a directory beside a clone), with a certificate for overlays/own-certificate made by openssl.
 */
const work = mkdtempSync(join(tmpdir(), 'mdg-deploy-'));
const DEPLOY = join(work, 'mcp-drift-guard/webhook/deploy');
cpSync('webhook/deploy', DEPLOY, { recursive: true });
const pki = makePki();
for (const file of ['tls.crt', 'tls.key', 'ca.crt']) cpSync(join(pki.dir, file), join(DEPLOY, 'overlays/own-certificate', file));
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  pki.cleanup();
});

const parse = (text: string): Json[] => parseAllDocuments(text).map((d) => d.toJS() as Json);

/** Renders a kustomization (as the README's install writes one) from a fresh directory beside the clone. */
function renderKustomization(kustomization: string): Json[] {
  const dir = mkdtempSync(join(work, 'install-'));
  writeFileSync(join(dir, 'kustomization.yaml'), kustomization);
  return parse(kustomize(dir));
}

interface Combination {
  install: Install;
  components?: readonly Component[];
  namespace?: string;
  /** The namespace transformer; left out only to show what goes wrong without it. */
  transformer?: boolean;
}

function kustomizationFor({ install, components = [], namespace = 'mcp-drift-guard', transformer = true }: Combination): string {
  const at = (path: string): string => relative(join(work, 'install-x'), join(DEPLOY, path));
  return stringify({
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    namespace,
    resources: [at(install)],
    ...(components.length > 0 ? { components: components.map(at) } : {}),
    ...(transformer ? { transformers: [at('namespace')] } : {}),
  });
}

const render = (combination: Combination): Json[] => renderKustomization(kustomizationFor(combination));

/** Every subset of the components, with each install. */
const COMBINATIONS: Combination[] = INSTALLS.flatMap((install) =>
  Array.from({ length: 2 ** COMPONENTS.length }, (_, mask) => ({ install, components: COMPONENTS.filter((_, i) => mask & (1 << i)) })),
);
const named = (c: Combination): string => [c.install, ...(c.components ?? [])].join(' + ');

type Model = new (data: unknown) => { validate(): void };
const MODELS: Record<string, () => Promise<unknown>> = {
  'v1/Namespace': () => import('kubernetes-models/v1/Namespace'),
  'v1/ServiceAccount': () => import('kubernetes-models/v1/ServiceAccount'),
  'v1/ConfigMap': () => import('kubernetes-models/v1/ConfigMap'),
  'v1/Secret': () => import('kubernetes-models/v1/Secret'),
  'v1/Service': () => import('kubernetes-models/v1/Service'),
  'v1/ResourceQuota': () => import('kubernetes-models/v1/ResourceQuota'),
  'apps/v1/Deployment': () => import('kubernetes-models/apps/v1/Deployment'),
  'policy/v1/PodDisruptionBudget': () => import('kubernetes-models/policy/v1/PodDisruptionBudget'),
  'networking.k8s.io/v1/NetworkPolicy': () => import('kubernetes-models/networking.k8s.io/v1/NetworkPolicy'),
  'rbac.authorization.k8s.io/v1/ClusterRole': () => import('kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole'),
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': () => import('kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding'),
  'admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration': () =>
    import('kubernetes-models/admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration'),
  // cert-manager's and the Prometheus operator's CRD schemas, as the apiserver would check those objects.
  'cert-manager.io/v1/Issuer': () => import('@kubernetes-models/cert-manager/cert-manager.io/v1/Issuer'),
  'cert-manager.io/v1/Certificate': () => import('@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate'),
  'monitoring.coreos.com/v1/ServiceMonitor': () => import('@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor'),
  'monitoring.coreos.com/v1/PrometheusRule': () => import('@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule'),
};

/**
 * kustomize writes base64 (a generated Secret's data, a caBundle copied from it) in lines of 76 characters. The
 * apiserver decodes these byte fields with Go's encoding/base64, which ignores newlines; the schemas' `byte` format
 * does not, so the newlines are taken out before validating, as the apiserver would read them.
 */
function asDecoded(o: Json): Json {
  const copy = structuredClone(o);
  const unwrap = (text: string): string => text.replace(/\n/g, '');
  if (copy.kind === 'Secret') copy.data = Object.fromEntries(Object.entries(copy.data as Record<string, string>).map(([k, v]) => [k, unwrap(v)]));
  for (const hook of copy.kind === 'ValidatingWebhookConfiguration' ? copy.webhooks : []) {
    if (hook.clientConfig.caBundle !== undefined) hook.clientConfig.caBundle = unwrap(hook.clientConfig.caBundle);
  }
  return copy;
}

async function validateAll(objects: Json[]): Promise<void> {
  for (const o of objects) {
    const load = MODELS[`${o.apiVersion}/${o.kind}`];
    if (!load) throw new Error(`no schema for ${o.apiVersion} ${o.kind}`);
    const Model = ((await load()) as Record<string, Model>)[o.kind as string]!;
    expect(() => new Model(asDecoded(o)).validate(), `${o.kind}/${o.metadata.name}`).not.toThrow();
  }
}

const one = (objects: Json[], kind: string, name?: string): Json => {
  const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  expect(found, `${kind} ${name ?? ''}`).toHaveLength(1);
  return found[0]!;
};

/** Kinds the cluster keeps outside any namespace. */
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'ValidatingWebhookConfiguration']);

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
  // An unready pod never blocks a drain.
  expect(pdb.spec.unhealthyPodEvictionPolicy).toBe('AlwaysAllow');
  // Spread over nodes and zones; Linux nodes only.
  expect(pod.spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
  const spread = pod.spec.topologySpreadConstraints as Json[];
  expect(spread.map((c) => c.topologyKey).sort()).toEqual(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
  for (const c of spread) expect(matches(c.labelSelector.matchLabels)).toBe(true);
  const container = pod.spec.containers[0];
  expect(container.readinessProbe.httpGet).toMatchObject({ path: '/readyz', scheme: 'HTTPS', port: 'https' });
  expect(container.livenessProbe.httpGet).toMatchObject({ path: '/healthz', scheme: 'HTTPS', port: 'https' });

  // Hardening.
  expect(pod.spec.securityContext.runAsNonRoot).toBe(true);
  expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
  expect(container.resources.requests.cpu).toBeDefined();
  // Pod Security Admission enforces `restricted` in the namespace, and the pods meet it.
  expect(one(objects, 'Namespace').metadata.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'restricted' });
  expect(pod.spec.securityContext.seccompProfile.type).toBe('RuntimeDefault');
  // Memory from the soak on Node.js 24 (README "Benchmarks"): RSS 146 MiB at start, ~280 MiB steady. The request
  // covers the steady state, and the V8 heap is capped below the limit.
  const mib = (q: string): number => Number(/^(\d+)Mi$/.exec(q)?.[1] ?? NaN);
  const request = mib(container.resources.requests.memory);
  const limit = mib(container.resources.limits.memory);
  expect(request).toBeGreaterThanOrEqual(280);
  expect(limit).toBeGreaterThan(request);
  const heap = Number(/--max-old-space-size=(\d+)/.exec(container.env.find((e: Json) => e.name === 'NODE_OPTIONS')?.value ?? '')?.[1]);
  expect(heap).toBeGreaterThan(0);
  expect(heap).toBeLessThan(limit);

  // The container's arguments are flags the real webhook accepts, pointing into mounted volumes.
  const command = webhookCommand('test');
  command.parse(container.args as string[], { from: 'user' });
  const options = readOptions(command);
  expect(options.port).toBe(container.ports.find((p: Json) => p.name === 'https').containerPort);
  expect(options.metricsPort).toBe(container.ports.find((p: Json) => p.name === 'metrics').containerPort);
  const mountOf = (file: string) => container.volumeMounts.find((m: Json) => file.startsWith(`${m.mountPath}/`));
  const volumeOf = (file: string) => pod.spec.volumes.find((v: Json) => v.name === mountOf(file)?.name);
  // The serving Secret: cert-manager's, or the generated one (its name then carries a content hash).
  const tlsSecret = volumeOf(options.tlsCert).secret.secretName as string;
  expect(tlsSecret).toMatch(/^mcp-drift-guard-webhook-tls(-[a-z0-9]{10})?$/);
  expect(volumeOf(options.tlsKey).secret.secretName).toBe(tlsSecret);
  const issued = objects.find((o) => o.kind === 'Certificate' && o.spec.secretName === tlsSecret);
  const generated = objects.find((o) => o.kind === 'Secret' && o.metadata.name === tlsSecret);
  expect(issued ?? generated, 'a Certificate or Secret for the serving Secret').toBeDefined();
  if (generated) expect(Object.keys(generated.data).sort()).toEqual(['ca.crt', 'tls.crt', 'tls.key']);
  const policyMap = one(objects, 'ConfigMap', volumeOf(options.config!).configMap.name);
  const policyKey = options.config!.slice(mountOf(options.config!).mountPath.length + 1);
  expect(parsePolicy(policyMap.data[policyKey], policyKey).failOn).toBe('breaking');

  // RBAC: read ConfigMaps, nothing more, bound to the Deployment's ServiceAccount.
  const role = one(objects, 'ClusterRole');
  // list and watch: the informer's two calls (webhook/src/configmaps.ts reads only its cache, never one ConfigMap).
  expect(role.rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], verbs: ['list', 'watch'] }]);
  const binding = one(objects, 'ClusterRoleBinding');
  expect(binding.roleRef.name).toBe(role.metadata.name);
  expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: deployment.spec.template.spec.serviceAccountName, namespace: ns }]);
  expect(one(objects, 'ServiceAccount').metadata.name).toBe(pod.spec.serviceAccountName);

  // The webhook configuration: narrow, fast, side-effect free, never blocking the cluster by default.
  const service = one(objects, 'Service', 'mcp-drift-guard-webhook');
  // Admission traffic only: metrics have their own Service (components/monitoring).
  expect(service.spec.ports.map((p: Json) => p.name)).toEqual(['https']);
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

/** The metric names a PromQL expression selects (lezer-promql, Prometheus' own grammar); throws on a syntax error. */
function selectedMetrics(expr: string): string[] {
  const names: string[] = [];
  promql.parse(expr).iterate({
    enter(node) {
      if (node.type.isError) throw new Error(`PromQL syntax error at ${node.from} in ${expr}`);
      if (node.name === 'Identifier' && node.node.parent?.name === 'VectorSelector') names.push(expr.slice(node.from, node.to));
    },
  });
  return names;
}

/**
 * The apiserver's admission webhook metrics the alerts use (Kubernetes metrics reference; both ALPHA, labelled by
 * webhook `name`): fail-open calls under failurePolicy Ignore, and refusals by error_type (calling_webhook_error:
 * the webhook could not be called) under Fail.
 */
const APISERVER_METRICS = {
  apiserver_admission_webhook_fail_open_count: ['name', 'type'],
  apiserver_admission_webhook_rejection_count: ['name', 'type', 'operation', 'error_type', 'rejection_code'],
} as const;

function checkComponents(objects: Json[], components: readonly Component[]): void {
  const deployment = one(objects, 'Deployment');
  const ns = deployment.metadata.namespace as string;
  const pod = deployment.spec.template;
  const podLabels = pod.metadata.labels as Record<string, string>;
  const matches = (selector: Record<string, string>) => Object.entries(selector).every(([k, v]) => podLabels[k] === v);
  const container = pod.spec.containers[0];
  const portNames = new Set((container.ports as Json[]).map((p) => p.name));
  const hook = one(objects, 'ValidatingWebhookConfiguration').webhooks[0];

  // Every object, whatever its kind or source, carries the label the README's uninstall selects.
  for (const o of objects) expect(o.metadata.labels, `${o.kind}/${o.metadata.name}`).toMatchObject(SELECTOR);
  for (const o of objects) expect(o.metadata.namespace, `${o.kind}/${o.metadata.name}`).toBe(CLUSTER_SCOPED.has(o.kind) ? undefined : ns);

  // A caller can verify the webhook: a caBundle, or cert-manager's injection from the serving Certificate.
  const inject = one(objects, 'ValidatingWebhookConfiguration').metadata.annotations?.['cert-manager.io/inject-ca-from'] as string | undefined;
  expect(hook.clientConfig.caBundle !== undefined || inject !== undefined).toBe(true);
  if (inject !== undefined) {
    const [certNs, certName] = inject.split('/');
    expect(certNs).toBe(ns);
    expect(one(objects, 'Certificate', certName).spec.dnsNames).toContain(`${hook.clientConfig.service.name}.${ns}.svc`);
  }

  const failClosed = components.includes('components/fail-closed');
  expect(hook.failurePolicy).toBe(failClosed ? 'Fail' : 'Ignore');
  const quota = objects.find((o) => o.kind === 'ResourceQuota');
  if (failClosed) {
    // system-cluster-critical outside kube-system is admitted only under a ResourceQuota scoped to that class.
    expect(pod.spec.priorityClassName).toBe('system-cluster-critical');
    expect(quota!.spec.scopeSelector.matchExpressions).toEqual([{ scopeName: 'PriorityClass', operator: 'In', values: ['system-cluster-critical'] }]);
    expect(Number(quota!.spec.hard.pods)).toBeGreaterThanOrEqual(deployment.spec.replicas + deployment.spec.strategy.rollingUpdate.maxSurge);
  } else {
    expect(pod.spec.priorityClassName).toBeUndefined();
    expect(quota).toBeUndefined();
  }

  const monitor = objects.find((o) => o.kind === 'ServiceMonitor');
  if (components.includes('components/monitoring')) {
    // The ServiceMonitor selects the metrics Service alone, which sends to the container's metrics port.
    const selected = objects.filter((o) => o.kind === 'Service' && Object.entries(monitor!.spec.selector.matchLabels).every(([k, v]) => o.metadata.labels?.[k] === v));
    expect(selected.map((s) => s.metadata.name)).toEqual(['mcp-drift-guard-webhook-metrics']);
    const metricsService = selected[0]!;
    expect(matches(metricsService.spec.selector)).toBe(true);
    expect(monitor!.spec.endpoints.map((e: Json) => e.port)).toEqual(metricsService.spec.ports.map((p: Json) => p.name));
    expect(portNames.has(metricsService.spec.ports[0].targetPort)).toBe(true);
    const job = metricsService.metadata.name as string;
    // Every alert parses as PromQL and selects only metrics that exist: the apiserver's for this webhook's name,
    // and the webhook's own (its prom-client registry), scraped under the metrics Service's job.
    const own = new Set(createMetrics().registry.getMetricsAsArray().map((m) => m.name));
    const rules = one(objects, 'PrometheusRule').spec.groups.flatMap((g: Json) => g.rules) as Json[];
    const used = new Set<string>();
    for (const rule of rules) {
      for (const metric of selectedMetrics(rule.expr)) {
        used.add(metric);
        if (metric in APISERVER_METRICS) expect(rule.expr, rule.alert).toContain(`name="${hook.name}"`);
        else if (metric === 'up' || own.has(metric)) expect(rule.expr, rule.alert).toContain(`job="${job}"`);
        else throw new Error(`${rule.alert}: ${metric} is neither the apiserver's nor the webhook's`);
      }
    }
    expect([...used].filter((m) => m in APISERVER_METRICS).sort()).toEqual(Object.keys(APISERVER_METRICS).sort());
    expect(rules.find((r) => r.expr.includes('error_type="calling_webhook_error"'))).toBeDefined();
    // The webhook's error counters each have an alert.
    for (const metric of ['mcp_drift_guard_invalid_requests_total', 'mcp_drift_guard_snapshot_decode_errors_total', 'mcp_drift_guard_tls_reloads_total']) {
      expect(own.has(metric), metric).toBe(true);
      expect(used.has(metric), metric).toBe(true);
    }
  } else {
    expect(monitor).toBeUndefined();
    expect(objects.filter((o) => o.kind === 'Service')).toHaveLength(1);
  }

  const policy = objects.find((o) => o.kind === 'NetworkPolicy');
  if (components.includes('components/network-policy')) {
    expect(matches(policy!.spec.podSelector.matchLabels)).toBe(true);
    expect(policy!.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    // Each port it lets in is one the container serves: admission from anywhere, metrics from pods only.
    const ingress = policy!.spec.ingress as Json[];
    expect(ingress.flatMap((r) => r.ports.map((p: Json) => p.port)).sort()).toEqual(['https', 'metrics']);
    expect(ingress.find((r) => r.ports[0].port === 'https')?.from).toBeUndefined();
    expect(ingress.find((r) => r.ports[0].port === 'metrics')?.from).toEqual([{ namespaceSelector: {} }]);
  } else {
    expect(policy).toBeUndefined();
  }
}

describe('webhook/deploy: every install with every set of components', () => {
  it.each(COMBINATIONS.map((c) => [named(c), c] as const))('%s: schema-valid, every invariant holds', async (_, combination) => {
    const objects = render(combination);
    await validateAll(objects);
    checkInvariants(objects, combination.components?.includes('components/fail-closed') ? 'Fail' : 'Ignore');
    checkComponents(objects, combination.components ?? []);
  });

  it('own-certificate: the caBundle is the CA file, the Secret the certificate and key', () => {
    const objects = render({ install: 'overlays/own-certificate' });
    const hook = one(objects, 'ValidatingWebhookConfiguration').webhooks[0];
    expect(Buffer.from(hook.clientConfig.caBundle, 'base64').equals(pki.ca)).toBe(true);
    const secret = objects.find((o) => o.kind === 'Secret')!;
    expect(secret.type).toBe('kubernetes.io/tls');
    expect(Buffer.from(secret.data['tls.crt'], 'base64').equals(readFileSync(pki.certFile))).toBe(true);
    expect(one(objects, 'ValidatingWebhookConfiguration').metadata.annotations?.['cert-manager.io/inject-ca-from']).toBeUndefined();
  });

  it('cert-manager: a CA chain, a serving certificate for the Service, the CA injected', () => {
    const objects = render({ install: 'overlays/cert-manager' });
    const service = one(objects, 'Service', 'mcp-drift-guard-webhook');
    const ns = service.metadata.namespace;
    const serving = one(objects, 'Certificate', 'mcp-drift-guard-webhook');
    expect(serving.spec.dnsNames).toEqual([`${service.metadata.name}.${ns}.svc`, `${service.metadata.name}.${ns}.svc.cluster.local`]);
    expect(serving.spec.secretName).toBe('mcp-drift-guard-webhook-tls');
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

  it('the schemas refuse what the apiserver would: a Certificate without issuerRef, a PrometheusRule alert without expr', async () => {
    const objects = render({ install: 'overlays/cert-manager', components: ['components/monitoring'] });
    const { Certificate } = await import('@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate');
    const serving = structuredClone(one(objects, 'Certificate', 'mcp-drift-guard-webhook'));
    delete serving.spec.issuerRef;
    expect(() => new Certificate(serving as never).validate()).toThrow(/issuerRef/);
    const { PrometheusRule } = await import('@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule');
    const rule = structuredClone(one(objects, 'PrometheusRule'));
    delete rule.spec.groups[0].rules[0].expr;
    expect(() => new PrometheusRule(rule as never).validate()).toThrow(/expr/);
    expect(() => selectedMetrics('sum(increase(up[5m]) >')).toThrow(/syntax error/);
  });
});

describe('any namespace: one line', () => {
  const all = { install: 'overlays/cert-manager', components: COMPONENTS } as const;

  it.each(INSTALLS)('%s with every component, in team-guard: everything that names the namespace follows', async (install) => {
    const objects = render({ ...all, install, namespace: 'team-guard' });
    await validateAll(objects);
    checkInvariants(objects, 'Fail');
    checkComponents(objects, COMPONENTS);
    expect(one(objects, 'Namespace').metadata.name).toBe('team-guard');
    expect(one(objects, 'ClusterRoleBinding').subjects[0].namespace).toBe('team-guard');
    const vwc = one(objects, 'ValidatingWebhookConfiguration');
    expect(vwc.webhooks[0].clientConfig.service.namespace).toBe('team-guard');
    expect(vwc.webhooks[0].namespaceSelector.matchExpressions[0].values).toEqual(['team-guard', 'kube-system']);
    if (install === 'overlays/cert-manager') {
      expect(vwc.metadata.annotations['cert-manager.io/inject-ca-from']).toBe('team-guard/mcp-drift-guard-webhook');
      expect(one(objects, 'Certificate', 'mcp-drift-guard-webhook').spec.dnsNames).toEqual([
        'mcp-drift-guard-webhook.team-guard.svc',
        'mcp-drift-guard-webhook.team-guard.svc.cluster.local',
      ]);
    }
    // Every field called namespace, at any depth, says team-guard.
    const namespaces = new Set<string>();
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) {
          if (k === 'namespace' && typeof v === 'string') namespaces.add(v);
          walk(v);
        }
      }
    };
    walk(objects);
    expect([...namespaces]).toEqual(['team-guard']);
  });

  it('without the namespace transformer, kustomize leaves the old namespace in the fields that name it (why it is there)', () => {
    const objects = render({ ...all, namespace: 'team-guard', transformer: false });
    expect(one(objects, 'ClusterRoleBinding').subjects[0].namespace).toBe('mcp-drift-guard');
    expect(one(objects, 'ValidatingWebhookConfiguration').webhooks[0].clientConfig.service.namespace).toBe('mcp-drift-guard');
  });
});

/** The fenced block of `lang` in README.md's section `heading` whose text contains `marker`. */
function readmeBlock(heading: string, lang: string, marker: string): string {
  const readme = readFileSync('README.md', 'utf8');
  const start = readme.indexOf(`\n${heading}\n`);
  expect(start, heading).toBeGreaterThan(-1);
  const section = readme.slice(start + heading.length + 2).split(/\n#{1,3} /)[0]!;
  const block = [...section.matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((m) => m[1]!).find((b) => b.includes(marker));
  expect(block, `${heading}: a ${lang} block with ${marker}`).toBeDefined();
  return block!;
}

describe('the README, rendered and played', () => {
  it('install: `kubectl apply -k` of the overlay it shows is the tested default (cert-manager, mcp-drift-guard)', () => {
    // A plain `sh` block: the docs test runs console blocks, and there is no cluster here to apply to.
    const block = readmeBlock('## The admission webhook', 'sh', 'kubectl apply -k');
    const dir = /^kubectl apply -k (\S+)$/m.exec(block)?.[1];
    expect(dir).toBe('webhook/deploy/overlays/cert-manager');
    expect(parse(kustomize(dir!))).toEqual(render({ install: 'overlays/cert-manager' }));
  });

  it('install: its kustomization renders to cert-manager with every component, and one changed line moves it', () => {
    const block = readmeBlock('### Install', 'yaml', 'kind: Kustomization');
    const rendered = renderKustomization(block);
    expect(rendered).toEqual(render({ install: 'overlays/cert-manager', components: COMPONENTS }));
    const lines = block.split('\n');
    const line = lines.findIndex((l) => /^namespace: mcp-drift-guard\b/.test(l));
    expect(line).toBeGreaterThan(-1);
    lines[line] = 'namespace: team-guard';
    expect(renderKustomization(lines.join('\n'))).toEqual(render({ install: 'overlays/cert-manager', components: COMPONENTS, namespace: 'team-guard' }));
  });

  it("monitor: the caBundle check reads the configuration's caBundle and openssl prints the CA", () => {
    const block = readmeBlock('### Monitor', 'console', 'caBundle');
    const command = block.split('\n').find((l) => l.startsWith('$ kubectl get validatingwebhookconfiguration'))!;
    const match = /^\$ kubectl get validatingwebhookconfiguration (\S+) -o jsonpath='\{\.webhooks\[0\]\.clientConfig\.caBundle\}' \| (.+)$/.exec(command);
    expect(match, command).not.toBeNull();
    const vwc = one(render({ install: 'overlays/own-certificate' }), 'ValidatingWebhookConfiguration', match![1]);
    // The rest of the pipeline runs for real on what kubectl would print.
    const printed = execFileSync('sh', ['-c', match![2]!], { input: vwc.webhooks[0].clientConfig.caBundle, encoding: 'utf8' });
    expect(printed).toContain('subject=CN = mcp-drift-guard test CA');
    expect(printed).toMatch(/^notAfter=/m);
  });

  it.each(COMBINATIONS.map((c) => [named(c), c] as const))('uninstall: %s, the webhook configuration first, then nothing is left', (_, combination) => {
    const block = readmeBlock('### Uninstall', 'console', 'kubectl delete');
    const commands = block.split('\n').filter((l) => l.startsWith('$ kubectl delete '));
    let left = render(combination);
    const ns = one(left, 'Deployment').metadata.namespace;
    commands.forEach((command, step) => {
      const match = /^\$ kubectl delete (\S+) -l (\S+)=(\S+)$/.exec(command);
      expect(match, command).not.toBeNull();
      const kinds = match![1]!.split(',');
      const [key, value] = [match![2]!, match![3]!];
      // The apiserver's deletion as the command asks it: the named kinds carrying the label, and a deleted
      // namespace takes everything in it.
      const deleted = left.filter((o) => kinds.includes(o.kind.toLowerCase()) && o.metadata.labels?.[key] === value);
      const gone = new Set(deleted.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name));
      left = left.filter((o) => !deleted.includes(o) && !gone.has(o.metadata.namespace));
      // First the webhook configuration: from then on the apiserver calls nothing that is going away.
      if (step === 0) expect(deleted.map((o) => o.kind)).toEqual(['ValidatingWebhookConfiguration']);
    });
    expect(left.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([]);
    expect(ns).toBe('mcp-drift-guard');
  });
});

describe('matchConditions, evaluated by a CEL implementation (@bufbuild/cel)', () => {
  const hook = one(render({ install: 'overlays/cert-manager' }), 'ValidatingWebhookConfiguration').webhooks[0];
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
