// `rules`: every rule the diff engine and the Kubernetes lint can report, with its severity, direction, title
// and a before/after example; `--format json` for tools and docs.
import { Option, type Command } from 'commander';
import { CATALOGUE } from '../../policy/catalogue.js';
import { writeOutput } from '../output.js';

function compact(value: unknown): string {
  return value === undefined ? '(absent)' : JSON.stringify(value);
}

export function renderRulesText(): string {
  const idWidth = Math.max(...CATALOGUE.map((r) => r.id.length));
  const lines = CATALOGUE.map(
    (rule) =>
      `${rule.id.padEnd(idWidth)}  ${rule.severity.padEnd(8)}  ${rule.direction.padEnd(8)}  ${rule.title}\n` +
      `${' '.repeat(idWidth + 2)}before: ${compact(rule.example.before)}\n` +
      `${' '.repeat(idWidth + 2)}after:  ${compact(rule.example.after)}`,
  );
  const header = `${'RULE'.padEnd(idWidth)}  SEVERITY  DIRECTION TITLE`;
  return `${header}\n${lines.join('\n')}\n\n${CATALOGUE.length} rules. Override a severity or turn a rule off in .mcp-drift-guard.yml (rules: {<rule>: warning|off}).\n`;
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
