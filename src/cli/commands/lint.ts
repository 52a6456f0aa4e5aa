// `lint MANIFEST...`: checks the Kubernetes manifests of MCP server workloads (files, or - for kustomize
// output on stdin) and reports the findings like `diff` does: same formats, policy, exit codes.
import type { Command } from 'commander';
import type { DiffReport } from '../../diff/types.js';
import { EXIT, UsageError } from '../../errors.js';
// Only the label here: the lint modules parse YAML, so they load when the command runs, not with the CLI.
import { ENABLED_LABEL } from '../../lint/workloads.js';
import { applyPolicy } from '../../policy/apply.js';
import { summarize } from '../../report/index.js';
import { collect } from '../live-options.js';
import { addReportOptions, emitRendered, resolvePolicy, type ReportOptions } from '../output.js';

interface LintCommandOptions extends ReportOptions {
  workload?: string[];
}

export function registerLint(program: Command): void {
  const cmd = program
    .command('lint')
    .description('check Kubernetes manifests of MCP server workloads (transport, probes, replicas, PDB, grace, secrets, affinity)')
    .argument('<manifest...>', 'YAML manifest files (multi-document), or - for stdin (e.g. kustomize build | mcp-drift-guard lint -)')
    .option('--workload <name>', `lint this Deployment/StatefulSet/Rollout (NAME or Kind/NAME; repeatable) instead of those labelled ${ENABLED_LABEL}: "true"`, collect);
  addReportOptions(cmd);
  cmd.action(async (manifests: string[], opts: LintCommandOptions) => {
    if (manifests.filter((spec) => spec === '-').length > 1) throw new UsageError('lint: stdin (-) can be read only once');
    const named = opts.workload ?? [];
    const policy = await resolvePolicy(opts);
    const { lintManifests, readManifests, selectWorkloads, workloadNamed } = await import('../../lint/index.js');
    const objects = await readManifests(manifests);
    const workloads = selectWorkloads(objects, named);
    const missing = named.filter((name) => !workloads.some((workload) => workloadNamed(workload.object, name)));
    if (missing.length > 0) throw new UsageError(`lint: no Deployment, StatefulSet or Rollout named ${missing.join(', ')} in ${manifests.join(' ')}`);
    if (workloads.length === 0) {
      throw new UsageError(`lint: no MCP server workload in ${manifests.join(' ')}: label its Deployment/StatefulSet/Rollout ${ENABLED_LABEL}: "true" or name it with --workload`);
    }
    const result = applyPolicy(lintManifests(objects, { workloads: named }), policy);
    // A lint has no base and head: both sides name the manifests and how many workloads were checked.
    const side = { server: { name: 'manifests', version: `${workloads.length} workload${workloads.length === 1 ? '' : 's'}` }, source: manifests.map((spec) => (spec === '-' ? 'stdin' : spec)).join(' ') };
    const report: DiffReport = { format: 1, base: side, head: side, summary: summarize(result.findings), findings: result.findings };
    await emitRendered(report, result, opts, { heading: `${side.server.version} in ${side.source}` });
    if (result.failed) process.exitCode = EXIT.findings;
  });
}
