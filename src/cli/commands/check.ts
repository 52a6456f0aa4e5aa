// `check --snapshot FILE (--stdio|--url)`: captures the live server and compares it with the committed
// snapshot. Stale (the canonical bytes differ, even with no breaking finding): the diff and exit 1.
// `--update` rewrites the file and exits 0.
import { resolve } from 'node:path';
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { diffWithExamples } from '../../diff/index.js';
import { EXIT, UsageError } from '../../errors.js';
import { readTextInput } from '../../input.js';
import { isSnapshotStale, parseSnapshot, serializeSnapshot } from '../../snapshot/index.js';
import type { SourcedSnapshot } from '../../snapshot/types.js';
import { captureLive } from '../capture-live.js';
import { addLiveServerOptions, liveServerFromOptions } from '../live-options.js';
import { addReportOptions, emitReport, resolvePolicy, type ReportOptions } from '../output.js';

interface CheckOptions extends ReportOptions {
  snapshot: string;
  update?: boolean;
}

export function registerCheck(program: Command): void {
  const cmd = program
    .command('check')
    .description('capture a live server and fail (exit 1, with the diff) when the committed snapshot is stale')
    .requiredOption('--snapshot <file>', 'the committed snapshot file (e.g. mcp-snapshot.json)')
    .option('--update', 'rewrite the snapshot file from the live server instead of failing');
  addLiveServerOptions(cmd);
  addReportOptions(cmd);
  cmd.action(async (opts: CheckOptions & Record<string, unknown>) => {
    const live = liveServerFromOptions(opts);
    if (live === undefined) throw new UsageError('check: give the live server with --stdio "CMD ARGS" or --url URL');
    const policy = await resolvePolicy(opts);
    const cwd = process.cwd();
    const path = resolve(cwd, opts.snapshot);
    // The resolved path, never `-`: the committed snapshot is a file (`--update` writes it back).
    const committedText = await readTextInput(path, { label: opts.snapshot, what: 'snapshot', missingOk: true });
    if (committedText === undefined && !opts.update) {
      throw new UsageError(`${opts.snapshot}: no such file; create it with \`check --update\` or \`mcp-drift-guard snapshot\``);
    }
    // A committed file that does not parse is bad input (found before starting the server), unless we are
    // about to replace it.
    const committed = committedText !== undefined && !opts.update ? parseSnapshot(committedText, opts.snapshot) : undefined;

    const head = await captureLive(live);
    const captured = head.snapshot;
    const capturedText = serializeSnapshot(captured);

    if (opts.update) {
      if (committedText !== undefined && !isSnapshotStale(committedText, capturedText)) {
        process.stderr.write(`mcp-drift-guard: ${opts.snapshot} is up to date\n`);
      } else {
        try {
          await writeFile(path, capturedText);
        } catch (error) {
          throw new UsageError(`${opts.snapshot}: cannot write: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
        }
        process.stderr.write(`mcp-drift-guard: ${committedText === undefined ? 'wrote' : 'updated'} ${opts.snapshot}\n`);
      }
      return;
    }
    if (committed === undefined || committedText === undefined) return; // unreachable: refused above without --update
    const base: SourcedSnapshot = { snapshot: committed, source: opts.snapshot, file: path, text: committedText };
    const result = await emitReport(base, { ...head, text: capturedText }, await diffWithExamples(committed, captured), policy, opts, cwd);
    if (isSnapshotStale(committedText, capturedText)) {
      process.stderr.write(
        `mcp-drift-guard: ${opts.snapshot} is stale: the live server differs from it` +
          `${result.findings.length === 0 ? ' (no finding: formatting or noise only; canonical bytes differ)' : ''}; ` +
          `run \`mcp-drift-guard check --update\` to rewrite it\n`,
      );
      process.exitCode = EXIT.findings;
    }
  });
}
