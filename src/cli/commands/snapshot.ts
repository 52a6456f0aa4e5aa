// `mcp-drift-guard snapshot`: capture a live server and write its canonical snapshot to stdout or a file.
// Progress goes to stderr; Ctrl-C (or SIGTERM) ends the capture and the server process with it (captureLive).
import { Option, type Command } from 'commander';
import { UsageError } from '../../errors.js';
import { parseConfigMapReference } from '../../snapshot/configmap.js';
import { serializeSnapshot } from '../../snapshot/index.js';
import { captureLive } from '../capture-live.js';
import { addLiveServerOptions, liveServerFromOptions } from '../live-options.js';
import { writeOutput } from '../output.js';

export function registerSnapshot(program: Command): void {
  const cmd = program
    .command('snapshot')
    .description('capture what a live MCP server offers (tools, prompts, resource templates) as a canonical snapshot')
    .usage('(--stdio "COMMAND ARGS" | --url URL) [options]');
  addLiveServerOptions(cmd)
    .option('-o, --output <file>', 'write the snapshot to this file instead of stdout (e.g. mcp-snapshot.json)')
    .addOption(new Option('--format <format>', 'json: the snapshot; configmap: a Kubernetes ConfigMap holding it (for the admission webhook)').choices(['json', 'configmap']).default('json'))
    .option('-q, --quiet', 'no progress lines on stderr (warnings and errors still)')
    .option('--name <name[/key]>', 'with --format configmap: the ConfigMap name (and data key, default mcp-snapshot.json)');
  cmd.action(async (opts: Record<string, unknown>) => {
    const live = liveServerFromOptions(opts);
    if (!live) throw new UsageError('snapshot needs a server: --stdio "COMMAND ARGS" or --url URL');
    const output = opts.output as string | undefined;
    const configMap = opts.format === 'configmap' ? (opts.name as string | undefined) : undefined;
    if (opts.format === 'configmap') {
      if (configMap === undefined) throw new UsageError('snapshot --format configmap needs --name NAME[/KEY]');
      parseConfigMapReference(configMap);
    } else if (opts.name !== undefined) throw new UsageError('snapshot: --name only applies to --format configmap');
    const { snapshot } = await captureLive(live, opts.quiet === true);
    // The YAML writer loads only for a ConfigMap: most snapshots are JSON.
    const text = configMap === undefined ? serializeSnapshot(snapshot) : (await import('../../snapshot/configmap-yaml.js')).renderSnapshotConfigMap(snapshot, configMap);
    await writeOutput(text, output, process.cwd());
    if (output && opts.quiet !== true) process.stderr.write(`mcp-drift-guard: wrote ${output}\n`);
  });
}
