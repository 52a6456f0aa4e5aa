// `diff <base> <head>`: compares two snapshots from any source (file, git:REF:PATH, -, or a live server via
// --base-stdio/--base-url/--head-stdio/--head-url) and reports the findings; exit 1 when one is at fail-on.
import type { Command } from 'commander';
import { diffWithExamples } from '../../diff/index.js';
import { EXIT, UsageError } from '../../errors.js';
import { readSnapshotSource } from '../../snapshot/index.js';
import type { CaptureOptions } from '../../capture/index.js';
import type { SourcedSnapshot } from '../../snapshot/types.js';
import { captureLive } from '../capture-live.js';
import { addLiveServerOptions, liveServerFromOptions } from '../live-options.js';
import { addReportOptions, emitReport, resolvePolicy, type ReportOptions } from '../output.js';

/** A side: a live server when its --<side>-stdio/--<side>-url is given, otherwise the next positional source. */
function sideOf(side: 'base' | 'head', opts: Record<string, unknown>, sources: string[]): CaptureOptions | string {
  const live = liveServerFromOptions(opts, `${side}-`);
  if (live !== undefined) return live;
  const spec = sources.shift();
  if (spec === undefined) throw new UsageError(`diff: missing the ${side} snapshot (a file, git:REF:PATH, - or --${side}-stdio/--${side}-url)`);
  return spec;
}

/** A side read from a file or git: these can all be read at once. */
const isFileSide = (side: CaptureOptions | string): side is string => typeof side === 'string' && side !== '-';

/** Reads or captures a side. */
const obtain = (side: CaptureOptions | string): Promise<SourcedSnapshot> => (typeof side === 'string' ? readSnapshotSource(side) : captureLive(side));

/**
 * The values of promises that already run side by side, awaited in argument order: the first failure in that order
 * is the one reported (never a matter of timing), as soon as the ones before it have settled.
 */
async function inOrder<T extends readonly unknown[]>(promises: T): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  // Handled at once, so a later failure while an earlier promise is awaited is no unhandled rejection.
  for (const promise of promises) Promise.resolve(promise).catch(() => undefined);
  const values: unknown[] = [];
  for (const promise of promises) values.push(await promise);
  return values as { -readonly [K in keyof T]: Awaited<T[K]> };
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
    const sources = [baseArg, headArg].filter((s): s is string => s !== undefined);
    if (sources.filter((s) => s === '-').length > 1) throw new UsageError('diff: only one side can be read from stdin (-)');
    const baseSide = sideOf('base', opts, sources);
    const headSide = sideOf('head', opts, sources);
    if (sources.length > 0) throw new UsageError(`diff: unexpected argument "${sources[0]}" (a side given as a live server takes no path)`);
    // The policy and the snapshot files are read at once (the waits overlap, which start-up time notices). Stdin
    // and live servers come after, one at a time: stdin may never end (a terminal), which must not hold back an error
    // in a file, and two versions of one server may share state on disk.
    const [policy, baseFile, headFile] = await inOrder([
      resolvePolicy(opts),
      isFileSide(baseSide) ? obtain(baseSide) : undefined,
      isFileSide(headSide) ? obtain(headSide) : undefined,
    ] as const);
    const base = baseFile ?? (await obtain(baseSide));
    const head = headFile ?? (await obtain(headSide));
    const result = await emitReport(base, head, await diffWithExamples(base.snapshot, head.snapshot), policy, opts);
    if (result.failed) process.exitCode = EXIT.findings;
  });
}
