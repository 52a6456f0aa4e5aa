// The CLI side of the webhook, run as a process against the real weather servers: `snapshot --format
// configmap`, `annotate` (inline and ConfigMap forms), and the annotated manifests decided by the webhook.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { DEFAULT_POLICY } from '../../src/policy/index.js';
import { parseSnapshot, serializeSnapshot } from '../../src/snapshot/index.js';
import { parseAdmissionReview } from '../../webhook/src/admission.js';
import { decide } from '../../webhook/src/decide.js';
import { review, workload } from '../fixtures/webhook/reviews.js';
import { ROOT, runCli } from './cli-diff-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'mdg-webhook-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const server = (name: string) => `node ${join(ROOT, 'test/fixtures/servers', name)}`;

describe('CLI for the webhook', () => {
  it('snapshot --format configmap prints a valid ConfigMap holding the canonical snapshot', async () => {
    const res = await runCli(['snapshot', '--stdio', server('weather-v2-sdk1.mjs'), '--format', 'configmap', '--name', 'weather-v2/snapshot.json']);
    expect(res.stderr).not.toMatch(/error/i);
    expect(res.code).toBe(0);
    const cm = parse(res.stdout);
    expect(() => new ConfigMap(cm).validate()).not.toThrow();
    expect(cm.metadata).toEqual({ name: 'weather-v2', labels: { 'mcp-drift-guard.io/snapshot': 'true' } });
    const text = cm.data['snapshot.json'] as string;
    expect(serializeSnapshot(parseSnapshot(text, 'cm'))).toBe(text);
    expect(parseSnapshot(text, 'cm').server).toEqual({ name: 'weather', version: '2.0.0' });
  });

  it('snapshot --format configmap without --name, or a bad name, is a usage error before any capture', async () => {
    for (const args of [['--format', 'configmap'], ['--format', 'configmap', '--name', 'Not_A_Name'], ['--name', 'x']]) {
      const res = await runCli(['snapshot', '--stdio', server('weather-v1-sdk1.mjs'), ...args]);
      expect(res.code).toBe(2);
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('annotate writes the snapshots the webhook then compares: v1 -> v2 is denied in enforce mode', async () => {
    for (const v of ['v1', 'v2']) {
      const snap = await runCli(['snapshot', '--stdio', server(`weather-${v}-sdk1.mjs`), '-o', join(dir, `${v}.json`)]);
      expect(snap.code).toBe(0);
      const deployment = workload('Deployment');
      deployment.spec.template.spec.containers[0].image = `ghcr.io/example/weather-mcp:${v}`;
      writeFileSync(join(dir, `app-${v}.yaml`), `# weather ${v}\n${stringify(deployment)}`);
      const res = await runCli(['annotate', '--snapshot', join(dir, `${v}.json`), join(dir, `app-${v}.yaml`)]);
      expect(res.code).toBe(0);
      expect(res.stderr).toBe(`mcp-drift-guard: annotated Deployment shop/weather-mcp (mcp-drift-guard.io/snapshot)\n`);
    }
    const [v1, v2] = ['v1', 'v2'].map((v) => parseAllDocuments(readFileSync(join(dir, `app-${v}.yaml`), 'utf8'))[0]!.toJS());
    expect(readFileSync(join(dir, 'app-v1.yaml'), 'utf8')).toMatch(/^# weather v1\n/);
    const r = parseAdmissionReview(review('Deployment', { oldObject: v1, object: v2 }));
    const d = decide(r, { mode: 'enforce', missingSnapshot: 'deny', policy: DEFAULT_POLICY }, { configMapData: () => undefined });
    expect(d.response.allowed).toBe(false);
    expect(d.response.status?.message).toMatch(/^mcp-drift-guard: Deployment shop\/weather-mcp would roll out \d+ breaking MCP changes? \(weather 1\.0\.0 -> weather 2\.0\.0\)/);
  });

  it('annotate --configmap writes the reference; --patch prints a patch; bad flags exit 2', async () => {
    writeFileSync(join(dir, 'app.yaml'), stringify(workload('StatefulSet')));
    const patch = await runCli(['annotate', '--configmap', 'notes-v3', '--patch', join(dir, 'app.yaml')]);
    expect(patch.code).toBe(0);
    expect(parse(patch.stdout)).toEqual({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'notes-mcp', namespace: 'shop', labels: { 'mcp-drift-guard.io/enabled': 'true' } },
      spec: { template: { metadata: { annotations: { 'mcp-drift-guard.io/snapshot-configmap': 'notes-v3' } } } },
    });
    expect(readFileSync(join(dir, 'app.yaml'), 'utf8')).not.toContain('mcp-drift-guard.io');
    for (const args of [[], ['--configmap', 'x', '--snapshot', 'y'], ['--configmap', 'UPPER']]) {
      const res = await runCli(['annotate', ...args, join(dir, 'app.yaml')]);
      expect(res.code).toBe(2);
      expect(res.stderr).toMatch(/^mcp-drift-guard: annotate: .+\n$/);
    }
  });
});
