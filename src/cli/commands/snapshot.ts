// `mcp-drift-guard snapshot`: capture a live server and write its canonical snapshot to stdout or a file.
// Progress goes to stderr; Ctrl-C (or SIGTERM) ends the capture and the server process with it (captureLive).
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { serializeSnapshot, writeSnapshotFile } from '../../snapshot/index.js';
import { captureLive } from '../capture-live.js';
import { addLiveServerOptions, liveServerFromOptions } from '../live-options.js';

export function registerSnapshot(program: Command): void {
  const cmd = program
    .command('snapshot')
    .description('capture what a live MCP server offers (tools, prompts, resource templates) as a canonical snapshot')
    .usage('(--stdio "COMMAND ARGS" | --url URL) [options]');
  addLiveServerOptions(cmd).option('-o, --output <file>', 'write the snapshot to this file instead of stdout (e.g. mcp-snapshot.json)');
  cmd.action(async (opts: Record<string, unknown>) => {
    const live = liveServerFromOptions(opts);
    if (!live) throw new UsageError('snapshot needs a server: --stdio "COMMAND ARGS" or --url URL');
    const output = opts.output as string | undefined;
    const { snapshot } = await captureLive(live);
    if (output) {
      try {
        await writeSnapshotFile(output, snapshot);
      } catch (error) {
        throw new UsageError(`--output: cannot write ${output}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
      }
      process.stderr.write(`mcp-drift-guard: wrote ${output}\n`);
    } else {
      process.stdout.write(serializeSnapshot(snapshot));
    }
  });
}
