// The readiness self-test: a realistic admission (an opted-in Deployment dropping a tool between two inline
// snapshots) run through the real handler and a review worker, proving decode, diff, policy, the workers and
// response wrapping all work.
import { encodeSnapshotAnnotation, SNAPSHOT_ANNOTATION } from '../../src/snapshot/annotation.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import type { Compare, DecisionSettings } from './decide.js';
import { handleReviewBodyWith } from './review-handler.js';
import type { SnapshotLookup } from './snapshot-source.js';
import { ENABLED_LABEL } from '../../src/lint/workloads.js';

const SELF_TEST_UID = 'mcp-drift-guard-self-test';

function snapshot(version: string, tools: string[]): Snapshot {
  return {
    format: 1,
    server: { name: 'self-test', version },
    capabilities: { tools: {} },
    tools: tools.map((name) => ({ name, inputSchema: { type: 'object' } })),
    prompts: [],
    resourceTemplates: [],
  };
}

function deployment(snap: Snapshot): unknown {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'self-test', namespace: 'default', labels: { [ENABLED_LABEL]: 'true' } },
    spec: {
      selector: { matchLabels: { app: 'self-test' } },
      template: {
        metadata: { labels: { app: 'self-test' }, annotations: { [SNAPSHOT_ANNOTATION]: encodeSnapshotAnnotation(snap) } },
        spec: { containers: [{ name: 'server', image: 'self-test' }] },
      },
    },
  };
}

/** Runs the self-test; returns undefined when it passed, else what went wrong. */
export async function runSelfTest(settings: DecisionSettings, lookup: SnapshotLookup, compare: Compare): Promise<string | undefined> {
  const review = {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: SELF_TEST_UID,
      kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      resource: { group: 'apps', version: 'v1', resource: 'deployments' },
      name: 'self-test',
      namespace: 'default',
      operation: 'UPDATE',
      userInfo: { username: 'system:mcp-drift-guard:self-test' },
      object: deployment(snapshot('2.0.0', ['kept'])),
      oldObject: deployment(snapshot('1.0.0', ['kept', 'removed'])),
      dryRun: true,
    },
  };
  try {
    const handled = await handleReviewBodyWith(Buffer.from(JSON.stringify(review)), settings, lookup, compare);
    if (handled.status !== 200) return `the handler answered ${handled.status}: ${handled.error ?? ''}`;
    const body = JSON.parse(handled.body) as { apiVersion?: string; kind?: string; response?: Record<string, unknown> };
    if (body.apiVersion !== 'admission.k8s.io/v1' || body.kind !== 'AdmissionReview') return 'the response is not an admission.k8s.io/v1 AdmissionReview';
    if (body.response?.uid !== SELF_TEST_UID) return 'the response does not echo the uid';
    if (typeof body.response.allowed !== 'boolean') return 'the response has no allowed';
    if ('patch' in body.response) return 'the response carries a patch';
    const reason = handled.decision?.reason;
    if (reason !== 'breaking' && reason !== 'compatible' && reason !== 'allow-breaking') {
      return `the snapshots were not compared (decision reason ${String(reason)}${handled.decision?.error ? `: ${handled.decision.error}` : ''})`;
    }
    return undefined;
  } catch (error) {
    return `the handler threw: ${error instanceof Error ? error.message : String(error)}`;
  }
}
