// The lint rule catalogue: one row per check an MCP server workload needs on Kubernetes, in the same
// RuleDefinition shape as the diff catalogue (so `mcp-drift-guard rules` lists both), plus its check.
import type { RuleDefinition } from '../diff/rules.js';
import type { KubeObject } from './manifests.js';
import { literalSecretReason } from './secrets.js';
import { labelSelectorMatches, mapSelectorMatches } from './selectors.js';
import { STATEFUL_ANNOTATION, sameNamespace, workloadId, type Container, type Workload } from './workloads.js';

/**
 * The diff catalogue's RuleDefinition (src/diff/rules.ts) with no direction. Effect as for surface rules:
 * `narrows` (clients lose the server or their sessions: breaking) or `hazard` (a risk that bites later: warning).
 * The example's `before` fails the rule and its `after` is the fix.
 */
export interface LintRuleDefinition extends RuleDefinition {
  direction: 'none';
  effect: 'narrows' | 'hazard';
}

/** One place a rule is violated: a JSON Pointer into the workload's manifest and a message saying the fix. */
export interface Violation {
  pointer: string;
  after?: unknown;
  message: string;
  /** Another object the violation is about (e.g. the Service), kept apart in the fingerprint. */
  related?: string;
}

export interface LintRule extends LintRuleDefinition {
  /** `manifests`: judged against the other objects (PodDisruptionBudgets, Services), so only on a whole manifest set. */
  scope: 'workload' | 'manifests';
  check(workload: Workload, objects: readonly KubeObject[], context: CheckContext): Violation[];
}

export interface CheckContext {
  /** The workload is seen alone (the admission webhook), not within the manifests that ship it. */
  standalone: boolean;
}

const MIN_GRACE_SECONDS = 30;

/**
 * Heuristic: a container "only runs stdio" when its command/args (`--stdio`, `--transport stdio`, `--mode stdio`, a
 * `stdio` subcommand as github-mcp-server's) or a *TRANSPORT env var choose stdio, or it runs a reference server
 * package (`@modelcontextprotocol/server-*`, `mcp-server-*`: stdio unless told otherwise); it passes no HTTP
 * listening flag or subcommand (`--port`, `--http`, `--sse`, `--listen`, `sse`, `streamableHttp`), and it declares
 * no containerPort. Another server that is stdio by default with no flag at all is not detected.
 */
export function runsStdioOnly(container: Container): boolean {
  if ((container.ports ?? []).some((port) => typeof port?.containerPort === 'number')) return false;
  const words = [...(container.command ?? []), ...(container.args ?? [])].map(String);
  const byArgs = words.some((word, index) => {
    if (/^--?stdio$/.test(word) || /^--transport[= ]stdio$/.test(word)) return true;
    if (word !== 'stdio') return false;
    // A subcommand (`github-mcp-server stdio`), or the value of --transport/--mode; not the value of another flag.
    const previous = words[index - 1] ?? '';
    return !previous.startsWith('-') || /^--?(transport|mode)$/.test(previous);
  });
  // The reference servers (npx @modelcontextprotocol/server-memory, uvx mcp-server-fetch) speak stdio by default.
  const byPackage = words.some((word) => /^(@modelcontextprotocol\/server-|mcp-server-)[\w.-]+(@[\w.^~-]+)?$/.test(word));
  const byEnv = (container.env ?? []).some((env) => /TRANSPORT/i.test(String(env?.name ?? '')) && String(env?.value ?? '').toLowerCase() === 'stdio');
  // A bridge such as `supergateway --stdio "npx server" --port 8000` takes stdio in and serves HTTP out.
  // server-everything's `sse` and `streamableHttp` subcommands serve HTTP.
  const servesHttp = words.some((word) => /^--(port|http|sse|listen|outputTransport)(=|$)/.test(word) || /^(sse|streamableHttp)$/.test(word));
  return (byArgs || byEnv || byPackage) && !servesHttp;
}

/** A `mcp-drift-guard probe --serve` sidecar: it probes the server, it is not the server. */
export function isProbeSidecar(container: Container): boolean {
  const words = [...(container.command ?? []), ...(container.args ?? [])].map(String);
  return words.includes('probe') && words.some((word) => word === '--serve' || word.startsWith('--serve='));
}

/**
 * The containers checked for probes: every container but probe sidecars and stdio-only ones (which get
 * k8s-stdio-only). A container that declares no port is checked too: in a two-container pod it may be the MCP
 * server that nothing probes.
 */
function servingContainers(workload: Workload): { container: Container; index: number }[] {
  return (workload.podSpec.containers ?? [])
    .map((container, index) => ({ container, index }))
    .filter(({ container }) => !isProbeSidecar(container) && !runsStdioOnly(container));
}

function containerName(container: Container, index: number): string {
  return typeof container.name === 'string' ? container.name : `#${index}`;
}

function firstPort(container: Container): number {
  return (container.ports ?? []).find((port) => typeof port?.containerPort === 'number')?.containerPort ?? 8080;
}

const CONTAINERS = '/spec/template/spec/containers';

export const LINT_RULE_TABLE: readonly LintRule[] = [
  {
    id: 'k8s-stdio-only',
    severity: 'breaking',
    effect: 'narrows',
    direction: 'none',
    scope: 'workload',
    title: 'Container only runs the stdio transport',
    description:
      'stdio cannot cross a pod boundary: no client outside the container can reach the server. Detected when command/args pass `--stdio`, `--transport stdio` (or `=stdio`, `--mode stdio`), a `stdio` subcommand (github-mcp-server) or a *TRANSPORT env var is `stdio`, or run a reference server package (`npx -y @modelcontextprotocol/server-memory`, `uvx mcp-server-fetch`), with no HTTP listening flag (`--port`, `--http`, `--sse`, `--listen`, `sse`/`streamableHttp`: a stdio-to-HTTP bridge is fine) and no containerPort. Another server that is stdio by default without any flag is not detected. Run the Streamable HTTP transport and declare its port.',
    example: {
      before: { containers: [{ name: 'server', image: 'example/mcp:1', args: ['--transport', 'stdio'] }] },
      after: { containers: [{ name: 'server', image: 'example/mcp:1', args: ['--transport', 'http', '--port', '8080'], ports: [{ containerPort: 8080 }] }] },
    },
    check(workload) {
      return (workload.podSpec.containers ?? []).flatMap((container, index) =>
        runsStdioOnly(container)
          ? [{ pointer: `${CONTAINERS}/${index}`, message: `container ${containerName(container, index)} only runs the stdio transport, which no client outside the pod can reach: serve Streamable HTTP and declare its containerPort` }]
          : [],
      );
    },
  },
  {
    id: 'k8s-readiness-probe-missing',
    severity: 'breaking',
    effect: 'narrows',
    direction: 'none',
    scope: 'workload',
    title: 'No readinessProbe on the MCP container',
    description:
      'Without a readinessProbe a new pod gets traffic as soon as its process starts, before the server answers initialize, and a rolling update hands clients a server that refuses them. Add a probe that completes the MCP handshake (an exec or sidecar `mcp-drift-guard probe`).',
    example: {
      before: { containers: [{ name: 'server', ports: [{ containerPort: 8080 }] }] },
      after: { containers: [{ name: 'server', ports: [{ containerPort: 8080 }], readinessProbe: { exec: { command: ['mcp-drift-guard', 'probe', '--url', 'http://127.0.0.1:8080/mcp'] }, periodSeconds: 10, timeoutSeconds: 5 } }] },
    },
    check(workload) {
      return servingContainers(workload).flatMap(({ container, index }) =>
        container.readinessProbe
          ? []
          : [{ pointer: `${CONTAINERS}/${index}/readinessProbe`, message: `container ${containerName(container, index)} has no readinessProbe: add one that completes the MCP handshake, e.g. exec \`mcp-drift-guard probe --url http://127.0.0.1:${firstPort(container)}/mcp\`` }],
      );
    },
  },
  {
    id: 'k8s-readiness-probe-tcp',
    severity: 'warning',
    effect: 'hazard',
    direction: 'none',
    scope: 'workload',
    title: 'readinessProbe is a bare tcpSocket check',
    description:
      'A TCP connect succeeds as soon as the port is bound, also while initialize or tools/list fail. Probe the protocol instead: an exec `mcp-drift-guard probe --url ...`, or an httpGet to a `mcp-drift-guard probe --serve` sidecar\'s /healthz.',
    example: {
      before: { readinessProbe: { tcpSocket: { port: 8080 } } },
      after: { readinessProbe: { exec: { command: ['mcp-drift-guard', 'probe', '--url', 'http://127.0.0.1:8080/mcp'] } } },
    },
    check(workload) {
      return servingContainers(workload).flatMap(({ container, index }) => {
        const probe = container.readinessProbe;
        if (!probe || !probe.tcpSocket || probe.httpGet || probe.exec || probe.grpc) return [];
        return [{ pointer: `${CONTAINERS}/${index}/readinessProbe/tcpSocket`, after: probe.tcpSocket, message: `container ${containerName(container, index)}'s readinessProbe only opens a TCP connection, which passes while the MCP handshake fails: probe with exec \`mcp-drift-guard probe --url http://127.0.0.1:${firstPort(container)}/mcp\` or an httpGet to a probe sidecar's /healthz` }];
      });
    },
  },
  {
    id: 'k8s-startup-probe-missing',
    severity: 'warning',
    effect: 'hazard',
    direction: 'none',
    scope: 'workload',
    title: 'No startupProbe on the MCP container',
    description:
      'MCP servers often start slowly (package download, model or index load). Without a startupProbe the liveness and readiness timings must cover the start too; a startupProbe with failureThreshold x periodSeconds above the slowest start keeps the other probes tight.',
    example: {
      before: { containers: [{ name: 'server', readinessProbe: { exec: { command: ['mcp-drift-guard', 'probe', '--url', 'http://127.0.0.1:8080/mcp'] } } }] },
      after: { containers: [{ name: 'server', readinessProbe: { exec: { command: ['mcp-drift-guard', 'probe', '--url', 'http://127.0.0.1:8080/mcp'] } }, startupProbe: { httpGet: { path: '/mcp', port: 8080 }, periodSeconds: 5, failureThreshold: 24 } }] },
    },
    check(workload) {
      return servingContainers(workload).flatMap(({ container, index }) =>
        container.startupProbe
          ? []
          : [{ pointer: `${CONTAINERS}/${index}/startupProbe`, message: `container ${containerName(container, index)} has no startupProbe: add one whose failureThreshold x periodSeconds covers the slowest start` }],
      );
    },
  },
  {
    id: 'k8s-single-replica',
    severity: 'warning',
    effect: 'hazard',
    direction: 'none',
    scope: 'workload',
    title: 'Fewer than 2 replicas',
    description:
      'With one replica every restart, rollout or node drain drops every MCP session at once. Run at least 2 replicas (or a HorizontalPodAutoscaler in the same manifests with minReplicas >= 2).',
    example: { before: { replicas: 1 }, after: { replicas: 2 } },
    check(workload, objects, { standalone }) {
      // Seen alone, an unset replicas is usually an autoscaler's to manage: only an explicit count is judged.
      if (standalone && workload.replicas === undefined) return [];
      const replicas = typeof workload.replicas === 'number' ? workload.replicas : 1;
      if (replicas >= 2) return [];
      const autoscaled = objects.some((object) => {
        if (object.kind !== 'HorizontalPodAutoscaler' || !sameNamespace(workload, object)) return false;
        const spec = (object.spec ?? {}) as { scaleTargetRef?: { kind?: string; name?: string }; minReplicas?: unknown };
        const target = spec.scaleTargetRef;
        const minReplicas = typeof spec.minReplicas === 'number' ? spec.minReplicas : 1;
        return target?.kind === workload.kind && target?.name === workload.name && minReplicas >= 2;
      });
      if (autoscaled) return [];
      const written = workload.replicas === undefined ? 'replicas is not set (defaults to 1)' : `replicas is ${String(workload.replicas)}`;
      return [{ pointer: '/spec/replicas', after: workload.replicas ?? 1, message: `${written}: run at least 2 replicas so a restart or node drain does not drop every session` }];
    },
  },
  {
    id: 'k8s-pdb-missing',
    severity: 'warning',
    effect: 'hazard',
    direction: 'none',
    scope: 'manifests',
    title: 'No PodDisruptionBudget selects the workload',
    description:
      'A node drain may evict every replica at once and cut every session. Ship a policy/v1 PodDisruptionBudget (maxUnavailable: 1) whose selector matches the pod template labels, in the same manifests.',
    example: {
      before: { kind: 'Deployment', spec: { replicas: 2, template: { metadata: { labels: { app: 'weather-mcp' } } } } },
      after: { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'weather-mcp' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'weather-mcp' } } } },
    },
    check(workload, objects) {
      // Without pod labels (a Rollout whose workloadRef Deployment is not in these manifests) nothing can be judged.
      if (Object.keys(workload.podLabels).length === 0) return [];
      const covered = objects.some(
        (object) => object.kind === 'PodDisruptionBudget' && sameNamespace(workload, object) && labelSelectorMatches((object.spec ?? {}).selector, workload.podLabels),
      );
      if (covered) return [];
      const labels = Object.entries(workload.podLabels).map(([key, value]) => `${key}: ${value}`).join(', ');
      return [{ pointer: '/spec/template/metadata/labels', message: `no PodDisruptionBudget in these manifests selects the pod labels {${labels}}: add one with maxUnavailable: 1 so a node drain cannot evict every replica at once` }];
    },
  },
  {
    id: 'k8s-termination-grace-short',
    severity: 'warning',
    effect: 'hazard',
    direction: 'none',
    scope: 'workload',
    title: 'terminationGracePeriodSeconds under 30',
    description:
      'A stopping pod needs time to finish in-flight tool calls and let clients move their sessions. Keep terminationGracePeriodSeconds at 30 or more (30 is the default when it is not set).',
    example: { before: { terminationGracePeriodSeconds: 5 }, after: { terminationGracePeriodSeconds: 30 } },
    check(workload) {
      const grace = workload.podSpec.terminationGracePeriodSeconds;
      if (typeof grace !== 'number' || grace >= MIN_GRACE_SECONDS) return [];
      return [{ pointer: '/spec/template/spec/terminationGracePeriodSeconds', after: grace, message: `terminationGracePeriodSeconds is ${grace}: set it to at least ${MIN_GRACE_SECONDS} (or remove it for the default 30) so in-flight tool calls can finish` }];
    },
  },
  {
    id: 'k8s-literal-secret',
    severity: 'breaking',
    effect: 'narrows',
    direction: 'none',
    scope: 'workload',
    title: 'Secret-looking env value written as a literal',
    description:
      'An env var whose name says TOKEN, SECRET, PASSWORD, API_KEY or KEY, or whose value looks like a credential (sk-, ghp_, github_pat_, xoxb-, AKIA..., a JWT, a private key, a long random string), is written in the manifest in clear text. Put it in a Secret and reference it with valueFrom.secretKeyRef or envFrom.secretRef.',
    example: {
      before: { env: [{ name: 'GITHUB_TOKEN', value: 'ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX' }] },
      after: { env: [{ name: 'GITHUB_TOKEN', valueFrom: { secretKeyRef: { name: 'github-mcp', key: 'token' } } }] },
    },
    check(workload) {
      const groups: [string, Container[] | undefined][] = [
        ['containers', workload.podSpec.containers],
        ['initContainers', workload.podSpec.initContainers],
      ];
      return groups.flatMap(([group, containers]) =>
        (containers ?? []).flatMap((container, index) =>
          (container.env ?? []).flatMap((env, envIndex) => {
            if (typeof env?.name !== 'string' || env.value === undefined || env.value === null) return [];
            const reason = literalSecretReason(env.name, String(env.value));
            if (!reason) return [];
            // Never put the value itself into a finding: reports end up in PR comments and logs.
            return [{ pointer: `/spec/template/spec/${group}/${index}/env/${envIndex}/value`, message: `container ${containerName(container, index)}: env ${env.name} is a literal and ${reason}: move it into a Secret and use valueFrom.secretKeyRef` }];
          }),
        ),
      );
    },
  },
  {
    id: 'k8s-session-affinity-missing',
    severity: 'breaking',
    effect: 'narrows',
    direction: 'none',
    scope: 'manifests',
    title: 'Stateful MCP server behind a Service without session affinity',
    description:
      `A workload annotated \`${STATEFUL_ANNOTATION}: "true"\` keeps per-session state in memory; with more than one replica a Service without sessionAffinity sends a session's next request to a pod that does not know it (HTTP 404 "session not found"). Set sessionAffinity: ClientIP on every Service selecting it (and cookie or Mcp-Session-Id affinity on an ingress in front of it).`,
    example: {
      before: { kind: 'Service', spec: { selector: { app: 'notes-mcp' }, ports: [{ port: 80, targetPort: 8080 }] } },
      after: { kind: 'Service', spec: { selector: { app: 'notes-mcp' }, ports: [{ port: 80, targetPort: 8080 }], sessionAffinity: 'ClientIP' } },
    },
    check(workload, objects) {
      if (workload.annotations[STATEFUL_ANNOTATION] !== 'true') return [];
      return objects
        .filter((object) => object.kind === 'Service' && sameNamespace(workload, object))
        .filter((service) => mapSelectorMatches((service.spec ?? {}).selector, workload.podLabels))
        // A headless Service (clusterIP: None) is not proxied: clients reach pods directly, affinity has no say.
        .filter((service) => (service.spec ?? {}).clusterIP !== 'None')
        .filter((service) => (service.spec ?? {}).sessionAffinity !== 'ClientIP')
        .map((service) => ({
          pointer: '/metadata/annotations/mcp-drift-guard.io~1stateful',
          related: workloadId(service),
          after: { service: workloadId(service), sessionAffinity: (service.spec ?? {}).sessionAffinity ?? 'None' },
          message: `${workloadId(service)} selects this stateful server without session affinity, so a session's requests can land on a pod that does not know it: set spec.sessionAffinity: ClientIP`,
        }));
    },
  },
];

/** The catalogue without the checks, for `mcp-drift-guard rules`, SARIF rule metadata and docs. */
export const LINT_RULES: readonly LintRuleDefinition[] = LINT_RULE_TABLE.map(({ id, severity, effect, direction, title, description, example }) => ({
  id,
  severity,
  effect,
  direction,
  title,
  description,
  example,
}));
