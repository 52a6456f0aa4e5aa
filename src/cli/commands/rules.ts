// `rules`: every rule the diff engine and the Kubernetes lint can report, with its severity, direction, title
// and a before/after example; `--format json` for tools and docs.
import { Option, type Command } from 'commander';
import { CATALOGUE, type CatalogueRule } from '../../policy/catalogue.js';
import { UsageError } from '../../errors.js';
import { unknownRule } from '../../policy/validate.js';
import { writeOutput } from '../output.js';

function compact(value: unknown): string {
  return value === undefined ? '(absent)' : JSON.stringify(value);
}

const ID_WIDTH = Math.max(...CATALOGUE.map((r) => r.id.length));

/** One rule: its row, then its description and example indented under the title. */
function renderRule(rule: CatalogueRule): string {
  const indent = ' '.repeat(ID_WIDTH + 2);
  return (
    `${rule.id.padEnd(ID_WIDTH)}  ${rule.severity.padEnd(8)}  ${rule.direction.padEnd(9)}  ${rule.title}\n` +
    `${indent}${rule.description}\n` +
    `${indent}before: ${compact(rule.example.before)}\n${indent}after:  ${compact(rule.example.after)}`
  );
}

const HEADER = `${'RULE'.padEnd(ID_WIDTH)}  SEVERITY  DIRECTION  TITLE`;

function renderRulesText(): string {
  const section = (source: CatalogueRule['source'], heading: string): string => {
    const rows = CATALOGUE.filter((rule) => rule.source === source).map(renderRule);
    return `${heading} (${rows.length})\n${HEADER}\n${rows.join('\n')}\n`;
  };
  return (
    `${section('diff', 'Snapshot changes (diff, check)')}\n${section('lint', 'Kubernetes workloads (lint)')}\n` +
    'Change a severity or turn a rule off in .mcp-drift-guard.yml, e.g.  rules: { <rule>: warning }  or  { <rule>: off }\n'
  );
}

export function registerRules(program: Command): void {
  program
    .command('rules')
    .description('list every rule (or only RULE) with its severity, direction (request/response), description and an example')
    .argument('[rule]', 'show only this rule')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('-o, --output <file>', 'write to FILE instead of stdout')
    .action(async (id: string | undefined, opts: { format: 'text' | 'json'; output?: string }) => {
      const one = id === undefined ? undefined : CATALOGUE.find((rule) => rule.id === id);
      if (id !== undefined && one === undefined) throw new UsageError(`rules: ${unknownRule(id)}`);
      const fields = ({ id: ruleId, source, severity, direction, title, description, example }: CatalogueRule) => ({ id: ruleId, source, severity, direction, title, description, example });
      let text: string;
      if (opts.format === 'json') text = `${JSON.stringify(one ? fields(one) : CATALOGUE.map(fields), null, 2)}\n`;
      else text = one ? `${HEADER}\n${renderRule(one)}\n` : renderRulesText();
      await writeOutput(text, opts.output, process.cwd());
    });
}
