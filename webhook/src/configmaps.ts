// The snapshot ConfigMap cache: an informer (list + watch through @kubernetes/client-node) over ConfigMaps
// labelled `mcp-drift-guard.io/snapshot=true`, so admission never calls the API server per request.
import { CoreV1Api, KubeConfig, makeInformer, type V1ConfigMap } from '@kubernetes/client-node';
import { UsageError } from '../../src/errors.js';
import { SNAPSHOT_CONFIGMAP_LABEL } from '../../src/snapshot/configmap.js';
import type { SnapshotLookup } from './snapshot-source.js';

export const SNAPSHOT_CONFIGMAP_SELECTOR = `${SNAPSHOT_CONFIGMAP_LABEL}=true`;

export interface ConfigMapCache extends SnapshotLookup {
  /** True once the first list has filled the cache and the watch is running. */
  synced(): boolean;
  stop(): Promise<void>;
}

export interface ConfigMapCacheOptions {
  kubeConfig?: KubeConfig;
  onError?: (error: unknown) => void;
  /** Called each time a (re)start has listed the ConfigMaps, with how many the cache holds. */
  onSynced?: (count: number) => void;
  /** Delay before restarting the informer after an error. */
  retryMs?: number;
}

/** Starts the informer in the background; synced() turns true once the first list has filled the cache. */
export function startConfigMapCache(options: ConfigMapCacheOptions = {}): ConfigMapCache {
  const kc = options.kubeConfig ?? defaultKubeConfig();
  const api = kc.makeApiClient(CoreV1Api);
  const informer = makeInformer<V1ConfigMap>(
    kc,
    '/api/v1/configmaps',
    () => api.listConfigMapForAllNamespaces({ labelSelector: SNAPSHOT_CONFIGMAP_SELECTOR }),
    SNAPSHOT_CONFIGMAP_SELECTOR,
  );
  let synced = false;
  let stopped = false;
  let failedSinceStart = false;
  let retry: NodeJS.Timeout | undefined;
  const start = async (): Promise<void> => {
    failedSinceStart = false;
    try {
      await informer.start();
    } catch (error) {
      options.onError?.(error);
      failedSinceStart = true;
    }
    // start() resolves once the list filled the cache and the watch is open, or early after an error.
    if (!failedSinceStart) {
      synced = true;
      options.onSynced?.(informer.list().length);
    }
  };
  informer.on('error', (error: unknown) => {
    // The informer stops on errors; keep serving the last known objects and restart after a pause.
    failedSinceStart = true;
    options.onError?.(error);
    if (stopped) return;
    retry = setTimeout(() => void start(), options.retryMs ?? 5_000);
    retry.unref();
  });
  void start();
  return {
    synced: () => synced,
    configMapData(namespace, name) {
      return informer.get(name, namespace)?.data;
    },
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      await informer.stop();
    },
  };
}

function defaultKubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromDefault();
  // With no KUBECONFIG, no ~/.kube/config and no service account token, client-node falls back to an
  // unauthenticated http://localhost:8080 (its loadFromDefault's last resort): the informer would retry that
  // forever and /readyz never turn ready. Say so at start-up instead.
  const cluster = kc.getCurrentCluster();
  if (cluster?.name === 'cluster' && cluster.server === 'http://localhost:8080' && kc.getCurrentUser()?.name === 'user') {
    throw new UsageError(
      '--configmap-snapshots: no in-cluster config found (no service account token in /var/run/secrets/kubernetes.io/serviceaccount) and no kubeconfig (KUBECONFIG, ~/.kube/config); run the webhook in the cluster or set KUBECONFIG',
    );
  }
  return kc;
}
