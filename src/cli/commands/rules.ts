// `rules`: every rule the diff engine and the Kubernetes lint can report, with its severity, direction, title
// and a before/after example; `--format json` for tools and docs.
import { Option, type Command } from 'commander';
import { CATALOGUE, type CatalogueRule } from '../../policy/catalogue.js';
import { writeOutput } from '../output.js';

function compact(value: unknown): string {
  return value === undefined ? '(absent)' : JSON.stringify(value);
}

export function renderRulesText(): string {
  const idWidth = Math.max(...CATALOGUE.map((r) => r.id.length));
  const indent = ' '.repeat(idWidth + 2);
  const section = (source: CatalogueRule['source'], heading: string): string => {
    const rows = CATALOGUE.filter((rule) => rule.source === source).map(
      (rule) =>
        `${rule.id.padEnd(idWidth)}  ${rule.severity.padEnd(8)}  ${rule.direction.padEnd(9)}  ${rule.title}\n` +
        `${indent}before: ${compact(rule.example.before)}\n${indent}after:  ${compact(rule.example.after)}`,
    );
    return `${heading} (${rows.length})\n${'RULE'.padEnd(idWidth)}  SEVERITY  DIRECTION  TITLE\n${rows.join('\n')}\n`;
  };
  return (
    `${section('diff', 'Snapshot changes (diff, check)')}\n${section('lint', 'Kubernetes workloads (lint)')}\n` +
    'Change a severity or turn a rule off in .mcp-drift-guard.yml, e.g.  rules: { <rule>: warning }  or  { <rule>: off }\n'
  );
}

export function registerRules(program: Command): void {
  program
    .command('rules')
    .description('list every rule with its severity, direction (request/response) and an example')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--output <file>', 'write to FILE instead of stdout')
    .action(async (opts: { format: 'text' | 'json'; output?: string }) => {
      const text =
        opts.format === 'json'
          ? `${JSON.stringify(
              CATALOGUE.map(({ id, source, severity, direction, title, description, example }) => ({ id, source, severity, direction, title, description, example })),
              null,
              2,
            )}\n`
          : renderRulesText();
      await writeOutput(text, opts.output, process.cwd());
    });
}
