// `annotate`: the snapshot lands in every workload's pod template (comments and other documents kept), and
// the kustomize patch form, applied by the real `kubectl kustomize`, yields the same annotation.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { annotateManifest, kustomizePatch } from '../../src/cli/annotate-manifest.js';
import { UsageError } from '../../src/errors.js';
import { decodeSnapshotAnnotation, encodeSnapshotAnnotation } from '../../src/snapshot/annotation.js';
import { serializeSnapshot } from '../../src/snapshot/index.js';
import { snapshotV1, workload } from '../fixtures/webhook/reviews.js';

const dir = mkdtempSync(join(tmpdir(), 'mdg-annotate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const toYaml = (o: unknown) => JSON.stringify(o, null, 2);
const manifest = [
  '# the weather MCP server and its Service',
  `${toYaml(workload('Deployment'))}`,
  '---',
  'apiVersion: v1',
  'kind: Service # fronts the pods',
  'metadata:',
  '  name: weather-mcp',
  'spec:',
  '  selector: {app: weather-mcp}',
  '---',
  toYaml(workload('StatefulSet')),
  '---',
  toYaml(workload('Rollout')),
  '',
].join('\n');

const inline = () => ({ key: 'mcp-drift-guard.io/snapshot' as const, value: encodeSnapshotAnnotation(snapshotV1()) });

describe('annotate', () => {
  it('writes the snapshot and the opt-in label into each workload, and leaves the rest alone', () => {
    const { text, workloads } = annotateManifest(manifest, 'app.yaml', inline());
    expect(workloads.map((w) => `${w.kind}/${w.name}`)).toEqual(['Deployment/weather-mcp', 'StatefulSet/notes-mcp', 'Rollout/search-mcp']);
    expect(text).toContain('# the weather MCP server and its Service');
    expect(text).toContain('kind: Service # fronts the pods');
    const docs = parseAllDocuments(text).map((d) => d.toJS());
    expect(docs.map((d) => d.kind)).toEqual(['Deployment', 'Service', 'StatefulSet', 'Rollout']);
    for (const d of docs.filter((x) => x.kind !== 'Service')) {
      expect(d.metadata.labels['mcp-drift-guard.io/enabled']).toBe('true');
      const value = d.spec.template.metadata.annotations['mcp-drift-guard.io/snapshot'];
      expect(value).toMatch(/^[A-Za-z0-9+/=]+$/);
      expect(serializeSnapshot(decodeSnapshotAnnotation(value))).toBe(serializeSnapshot(snapshotV1()));
    }
    expect(docs[1].metadata.labels).toBeUndefined();
  });

  it('a ConfigMap reference replaces an inline snapshot, so one source is left', () => {
    const once = annotateManifest(manifest, 'app.yaml', inline()).text;
    const { text } = annotateManifest(once, 'app.yaml', { key: 'mcp-drift-guard.io/snapshot-configmap', value: 'weather-v1/snapshot.json' });
    const annotations = parseAllDocuments(text)[0]!.toJS().spec.template.metadata.annotations;
    expect(annotations).toEqual({ 'mcp-drift-guard.io/snapshot-configmap': 'weather-v1/snapshot.json' });
  });

  it('a manifest without workloads or with broken YAML is a UsageError naming the file', () => {
    expect(() => annotateManifest('apiVersion: v1\nkind: Service\nmetadata: {name: x}\n', 'svc.yaml', inline())).toThrow(
      new UsageError('svc.yaml: no Deployment, StatefulSet or Rollout with a pod template'),
    );
    expect(() => annotateManifest('kind: [unclosed\n', 'bad.yaml', inline())).toThrow(/^bad\.yaml:\d+: not valid YAML: /);
  });

  it('--patch output, applied by kubectl kustomize, gives the annotated workloads', () => {
    writeFileSync(join(dir, 'app.yaml'), manifest);
    writeFileSync(join(dir, 'snapshot-patch.yaml'), kustomizePatch(manifest, 'app.yaml', inline()));
    // The printed stream (one document per workload) is used as one patch file, as the README shows.
    writeFileSync(join(dir, 'kustomization.yaml'), 'resources: [app.yaml]\npatches:\n  - path: snapshot-patch.yaml\n');
    const rendered = parseAllDocuments(execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8' })).map((d) => d.toJS());
    const workloads = rendered.filter((d) => d.kind !== 'Service');
    expect(workloads).toHaveLength(3);
    for (const d of workloads) {
      expect(d.metadata.labels).toEqual({ app: d.metadata.name, 'mcp-drift-guard.io/enabled': 'true' });
      expect(decodeSnapshotAnnotation(d.spec.template.metadata.annotations['mcp-drift-guard.io/snapshot']).server).toEqual(snapshotV1().server);
      expect(d.spec.template.spec.containers).toHaveLength(1);
    }
  });
});
