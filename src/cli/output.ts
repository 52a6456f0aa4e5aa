// What `diff`, `check` and `lint` share: the report options (--format, --output, --fail-on, --config), colour
// detection, and the path from findings through the policy to a rendered report on stdout or in a file.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { Option, type Command } from 'commander';
import type { DiffReport, Finding } from '../diff/types.js';
import { evaluate } from '../evaluate.js';
import { UsageError } from '../errors.js';
// The policy's modules, not its index: the index re-exports parsePolicy, which would load the YAML parser at start.
import { withFailOn } from '../policy/apply.js';
import { loadPolicy } from '../policy/load.js';
import type { FailOn, Policy, PolicyResult } from '../policy/types.js';
import { renderReport, REPORT_FORMATS, type RenderOptions, type ReportFormat } from '../report/index.js';
import { parseGitSpec } from '../snapshot/index.js';
import type { SourcedSnapshot } from '../snapshot/types.js';

export interface ReportOptions {
  format: ReportFormat;
  output?: string;
  failOn?: FailOn;
  config?: string;
}

export function addReportOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--format <format>', 'report format').choices([...REPORT_FORMATS]).default('text'))
    .option('--output <file>', 'write the report to FILE instead of stdout')
    .addOption(new Option('--fail-on <severity>', 'lowest severity that exits 1 (overrides the policy file)').choices(['breaking', 'warning', 'never']))
    .option('--config <file>', 'policy file (default: .mcp-drift-guard.yml in this directory or a parent)');
}

/**
 * Colour for a stream, by the usual conventions: FORCE_COLOR=0 or a set NO_COLOR turn it off, any other
 * FORCE_COLOR turns it on, otherwise only a TTY gets colour.
 */
export function useColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.FORCE_COLOR === '0' || env.FORCE_COLOR === 'false') return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return true;
  return stream.isTTY === true;
}

/**
 * The head file as annotations want it: relative to the working directory (the repository root in CI), with
 * `/`. A `git:REF:PATH` head names PATH, which git reads from the repository root too.
 */
function annotationPath(head: SourcedSnapshot, cwd: string): string | undefined {
  if (head.file === undefined) {
    if (!head.source.startsWith('git:')) return undefined;
    return parseGitSpec(head.source).path.replace(/^\.\//, '');
  }
  const file = head.file;
  const rel = relative(cwd, file);
  const path = rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : rel;
  return path.split(sep).join('/');
}

let pipeGuarded = false;

/**
 * A reader that stops early (`| head`) closes the pipe: that ends our output, it is not an error to report
 * with a stack trace. Other write errors become one line on stderr and exit code 2.
 */
function guardStdout(): void {
  if (pipeGuarded) return;
  pipeGuarded = true;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') return;
    process.stderr.write(`mcp-drift-guard: cannot write to stdout: ${error.code ?? error.message}\n`);
    process.exitCode = 2;
  });
}

export async function writeOutput(text: string, output: string | undefined, cwd: string): Promise<void> {
  if (output === undefined) {
    guardStdout();
    process.stdout.write(text);
    return;
  }
  const path = resolve(cwd, output);
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
  } catch (error) {
    throw new UsageError(`--output ${output}: cannot write: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** The policy in force: the file's, with --fail-on on top. Loaded before any capture, so a typo fails fast. */
export async function resolvePolicy(options: ReportOptions, cwd: string = process.cwd()): Promise<Policy> {
  return withFailOn(await loadPolicy(options.config, cwd), options.failOn);
}

/** Evaluates the diff's findings of base against head (src/evaluate.ts), renders the report and writes it; returns the policy's verdict. */
export async function emitReport(base: SourcedSnapshot, head: SourcedSnapshot, findings: Finding[], policy: Policy, options: ReportOptions, cwd: string = process.cwd()): Promise<PolicyResult> {
  const { report, result } = evaluate({ base, head, policy, findings });
  await emitRendered(report, result, options, { head: { file: annotationPath(head, cwd), text: head.text } }, cwd);
  return result;
}

/**
 * Renders a report with the policy's verdict (fail-on, ignored findings, notices) and writes it to stdout or
 * --output. `extra` carries what only some commands have: the head file for locations, a lint's heading.
 */
export async function emitRendered(
  report: DiffReport,
  result: PolicyResult,
  options: ReportOptions,
  extra: Pick<RenderOptions, 'head' | 'heading'> = {},
  cwd: string = process.cwd(),
): Promise<void> {
  const text = renderReport(report, options.format, {
    ...extra,
    color: options.output === undefined && useColor(process.stdout),
    failOn: result.failOn,
    ignored: result.ignored,
    notices: result.notices,
  });
  await writeOutput(text, options.output, cwd);
  // Notices about the policy itself go to stderr too when the format has no place for them.
  if (options.format === 'json' || options.format === 'sarif' || options.format === 'junit') {
    for (const notice of result.notices) process.stderr.write(`mcp-drift-guard: notice: ${notice}\n`);
  }
}
