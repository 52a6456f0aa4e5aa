// Snapshot ConfigMaps through a real @kubernetes/client-node informer against a strict fake apiserver: the
// cache follows list + watch, and the bundled webhook is not ready until the cache has synced.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { serializeSnapshot } from '../../src/snapshot/index.js';
import { startConfigMapCache } from '../../webhook/src/configmaps.js';
import { admit, bundleWebhook, httpsRequest, makePki, startWebhook, type Pki } from '../fixtures/webhook/apiserver-caller.js';
import { startFakeApiserver, type ConfigMapObject, type FakeApiserver } from '../fixtures/webhook/fake-apiserver.js';
import { review, snapshotV1, snapshotV2, version } from '../fixtures/webhook/reviews.js';

const configMap = (name: string, data: Record<string, string>): ConfigMapObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'shop', labels: { 'mcp-drift-guard.io/snapshot': 'true' } },
  data,
});

/** Polls until `check` holds; the bound only proves it happens (milliseconds idle, seconds on a loaded machine). */
async function eventually(check: () => boolean, what: string, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

let pki: Pki;
beforeAll(() => {
  pki = makePki();
});
afterAll(() => pki?.cleanup());

describe('snapshot ConfigMap cache', () => {
  let api: FakeApiserver;
  afterAll(() => api?.close());

  it('lists labelled ConfigMaps once, then follows the watch', async () => {
    api = await startFakeApiserver([configMap('weather-v1', { 'mcp-snapshot.json': serializeSnapshot(snapshotV1()) })], pki);
    const kc = new KubeConfig();
    kc.loadFromString(api.kubeconfig());
    const cache = startConfigMapCache({ kubeConfig: kc });
    try {
      expect(cache.synced()).toBe(false);
      api.releaseList();
      await eventually(() => cache.synced(), 'the first list');
      expect(cache.configMapData('shop', 'weather-v1')?.['mcp-snapshot.json']).toBe(serializeSnapshot(snapshotV1()));
      expect(cache.configMapData('other', 'weather-v1')).toBeUndefined();
      api.event('ADDED', configMap('weather-v2', { 'mcp-snapshot.json': serializeSnapshot(snapshotV2()) }));
      await eventually(() => cache.configMapData('shop', 'weather-v2') !== undefined, 'the ADDED event');
      api.event('DELETED', configMap('weather-v1', {}));
      await eventually(() => cache.configMapData('shop', 'weather-v1') === undefined, 'the DELETED event');
      expect(api.violations).toEqual([]);
    } finally {
      await cache.stop();
    }
  });
});

describe('the webhook with --configmap-snapshots', () => {
  it('outside a cluster, with no kubeconfig: exit 2 at start-up, saying no in-cluster config was found', async () => {
    const home = mkdtempSync(join(tmpdir(), 'mdg-nohome-'));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, HOME: home };
      delete env.KUBECONFIG;
      delete env.KUBERNETES_SERVICE_HOST;
      const args = [await bundleWebhook(), '--port', '0', '--metrics-port', '0', '--tls-cert', pki.certFile, '--tls-key', pki.keyFile, '--configmap-snapshots'];
      const r = spawnSync(inject('webhookNode'), args, { env, encoding: 'utf8', timeout: 60_000 });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^mcp-drift-guard-webhook: --configmap-snapshots: no in-cluster config found \(.*\); run the webhook in the cluster or set KUBECONFIG\n$/);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }, 120_000);

  it('is not ready until the cache synced, then decides from ConfigMap snapshots without API calls per request', async () => {
    const api = await startFakeApiserver([
      configMap('weather-v1', { 'mcp-snapshot.json': serializeSnapshot(snapshotV1()) }),
      configMap('weather-v2', { 'snapshot.json': serializeSnapshot(snapshotV2()) }),
    ], pki);
    const kubeconfig = join(pki.dir, 'kubeconfig');
    writeFileSync(kubeconfig, api.kubeconfig());
    const webhook = await startWebhook(pki, ['--mode', 'enforce', '--configmap-snapshots'], { KUBECONFIG: kubeconfig });
    try {
      const readyz = () => httpsRequest(webhook.port, pki.ca, { path: '/readyz' }).then((r) => r.status);
      expect(await readyz()).toBe(503);
      api.releaseList();
      await webhook.waitForLog((l) => l.msg === 'snapshot ConfigMap cache synced');
      await webhook.waitForLog((l) => l.msg === 'the admission self-test passed');
      expect(await readyz()).toBe(200);
      const res = await admit(
        webhook.port,
        pki.ca,
        review('Deployment', { oldObject: version('Deployment', { configMap: 'weather-v1' }), object: version('Deployment', { configMap: 'weather-v2/snapshot.json' }) }),
      );
      expect(res.allowed).toBe(false);
      expect(res.status?.message).toContain('tool "get_alerts"');
      expect(api.violations).toEqual([]);
    } finally {
      webhook.child.kill('SIGKILL');
      await api.close();
    }
  });
});
