// The AdmissionReview kube-apiserver sends the webhook for a Deployment update, for the scripts that load the
// webhook (scripts/lib/webhook-load.mjs: bench, soak) or attack it (scripts/lib/hostile-reviews.mjs: limits) and
// the tests that send their reviews: one builder, so all of them speak the same wire format.

/**
 * Deployment `name` in namespace shop, opted in (the mcp-drift-guard.io/enabled label), rolling out `image`, its pod
 * template carrying `annotation` as the snapshot (none when undefined).
 */
export function deployment({ name, image, annotation, replicas }) {
  return {
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    metadata: { name, namespace: 'shop', labels: { app: name, 'mcp-drift-guard.io/enabled': 'true' } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name }, annotations: annotation === undefined ? {} : { 'mcp-drift-guard.io/snapshot': annotation } },
        spec: { containers: [{ name, image, ports: [{ containerPort: 8080 }], resources: {} }] },
      },
      strategy: { type: 'RollingUpdate' },
    },
    status: {},
  };
}

/** The AdmissionReview (as JSON text) of an UPDATE from `oldObject` to `object` (Deployments of one name) by `userInfo`. */
export function updateReview(uid, { object, oldObject, userInfo }) {
  return JSON.stringify({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid,
      kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      resource: { group: 'apps', version: 'v1', resource: 'deployments' },
      requestKind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      requestResource: { group: 'apps', version: 'v1', resource: 'deployments' },
      name: object.metadata.name,
      namespace: object.metadata.namespace,
      operation: 'UPDATE',
      userInfo,
      object,
      oldObject,
      dryRun: false,
      options: { kind: 'UpdateOptions', apiVersion: 'meta.k8s.io/v1' },
    },
  });
}
