// `annotate`: writes a snapshot (or a ConfigMap reference) into the pod template of every Deployment,
// StatefulSet and Argo Rollout of a manifest, opting it in to the admission webhook; `--patch` prints a
// kustomize patch instead. The YAML editing (../annotate-manifest.ts) and the gzip codec load when the command
// runs, not with every other command.
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { readTextInput } from '../../input.js';
import { parseConfigMapReference } from '../../snapshot/configmap.js';
import { readSnapshotSource } from '../../snapshot/index.js';
import type { SnapshotAnnotation } from '../annotate-manifest.js';

export function registerAnnotate(program: Command): void {
  program
    .command('annotate')
    .description('write a snapshot (or a ConfigMap reference) into the pod template of each workload in a manifest, for the admission webhook')
    .argument('<manifest>', 'Kubernetes YAML with Deployments, StatefulSets or Rollouts (edited in place; - reads stdin, writes stdout)')
    .option('--snapshot <source>', 'the snapshot of the version this manifest deploys: a file, git:REF:PATH or -')
    .option('--configmap <name[/key]>', 'reference a ConfigMap holding the snapshot instead (see `snapshot --format configmap`)')
    .option('--patch', 'print a kustomize patch to stdout instead of editing the manifest')
    .action(async (manifest: string, opts: { snapshot?: string; configmap?: string; patch?: boolean }) => {
      if ((opts.snapshot === undefined) === (opts.configmap === undefined)) {
        throw new UsageError('annotate: give exactly one of --snapshot FILE or --configmap NAME[/KEY]');
      }
      if (opts.snapshot === '-' && manifest === '-') throw new UsageError('annotate: the snapshot and the manifest cannot both come from stdin');
      const { encodeSnapshotAnnotation, MAX_ANNOTATION_BYTES, SNAPSHOT_ANNOTATION, SNAPSHOT_CONFIGMAP_ANNOTATION } = await import('../../snapshot/annotation.js');
      let annotation: SnapshotAnnotation;
      if (opts.snapshot !== undefined) {
        const { snapshot } = await readSnapshotSource(opts.snapshot);
        const value = encodeSnapshotAnnotation(snapshot);
        if (value.length > MAX_ANNOTATION_BYTES) {
          throw new UsageError(`${opts.snapshot}: the encoded snapshot is ${value.length} bytes, over the ${MAX_ANNOTATION_BYTES}-byte annotation limit; use --configmap`);
        }
        annotation = { key: SNAPSHOT_ANNOTATION, value };
      } else {
        const reference = opts.configmap!.trim();
        try {
          parseConfigMapReference(reference);
        } catch (error) {
          throw new UsageError(`annotate: --configmap ${(error as Error).message}`);
        }
        annotation = { key: SNAPSHOT_CONFIGMAP_ANNOTATION, value: reference };
      }
      const text = await readTextInput(manifest, { what: 'manifest' });
      const { annotateManifest, kustomizePatch } = await import('../annotate-manifest.js');
      if (opts.patch) {
        process.stdout.write(kustomizePatch(text, manifest, annotation));
        return;
      }
      const result = annotateManifest(text, manifest, annotation);
      if (manifest === '-') process.stdout.write(result.text);
      else await writeFile(manifest, result.text);
      for (const w of result.workloads) {
        process.stderr.write(`mcp-drift-guard: annotated ${w.kind} ${w.namespace ? `${w.namespace}/` : ''}${w.name} (${annotation.key})\n`);
      }
    });
}
