// `diff <base> <head>`: compares two snapshots from any source (file, git:REF:PATH, -, or a live server via
// --base-stdio/--base-url/--head-stdio/--head-url) and reports the findings; exit 1 when one is at fail-on.
import type { Command } from 'commander';
import { diffSnapshots } from '../../diff/index.js';
import { EXIT, UsageError } from '../../errors.js';
import { readSnapshotSource } from '../../snapshot/index.js';
import type { SourcedSnapshot } from '../../snapshot/types.js';
import { captureLive } from '../capture-live.js';
import { addLiveServerOptions, liveServerFromOptions } from '../live-options.js';
import { addReportOptions, emitReport, resolvePolicy, type ReportOptions } from '../output.js';

/** A side is a live server when its --<side>-stdio/--<side>-url is given, otherwise the next positional source. */
async function readSide(side: 'base' | 'head', opts: Record<string, unknown>, sources: string[]): Promise<SourcedSnapshot> {
  const live = liveServerFromOptions(opts, `${side}-`);
  if (live !== undefined) return captureLive(live);
  const spec = sources.shift();
  if (spec === undefined) throw new UsageError(`diff: missing the ${side} snapshot (a file, git:REF:PATH, - or --${side}-stdio/--${side}-url)`);
  return readSnapshotSource(spec);
}

export function registerDiff(program: Command): void {
  const cmd = program
    .command('diff')
    .description('compare two snapshots (files, git:REF:PATH, - for stdin, or live servers) and report what changed')
    .argument('[base]', 'the older snapshot: a file, git:REF:PATH or -')
    .argument('[head]', 'the newer snapshot: a file, git:REF:PATH or -');
  addLiveServerOptions(cmd, 'base-');
  addLiveServerOptions(cmd, 'head-');
  addReportOptions(cmd);
  cmd.action(async (baseArg: string | undefined, headArg: string | undefined, opts: ReportOptions & Record<string, unknown>) => {
    const policy = await resolvePolicy(opts);
    const sources = [baseArg, headArg].filter((s): s is string => s !== undefined);
    if (sources.filter((s) => s === '-').length > 1) throw new UsageError('diff: only one side can be read from stdin (-)');
    const base = await readSide('base', opts, sources);
    const head = await readSide('head', opts, sources);
    if (sources.length > 0) throw new UsageError(`diff: unexpected argument "${sources[0]}" (a side given as a live server takes no path)`);
    const result = await emitReport(base, head, diffSnapshots(base.snapshot, head.snapshot), policy, opts);
    if (result.failed) process.exitCode = EXIT.findings;
  });
}
