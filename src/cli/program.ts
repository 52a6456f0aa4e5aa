// The commander program: one module per command under ./commands, registered here in help order.
import { Command } from 'commander';
import { VERSION } from '../version.js';
import { registerSnapshot } from './commands/snapshot.js';
import { registerDiff } from './commands/diff.js';
import { registerCheck } from './commands/check.js';
import { registerLint } from './commands/lint.js';
import { registerProbe } from './commands/probe.js';
import { registerRules } from './commands/rules.js';
import { registerAnnotate } from './commands/annotate.js';

export function buildProgram(): Command {
  const program = new Command('mcp-drift-guard')
    .description('Catch breaking changes in MCP servers before a rolling update breaks their clients.')
    .version(VERSION, '-V, --version')
    .option('--debug', 'print stack traces for errors')
    // Commander's own usage errors are printed by main(), as one line like every other error; set before the
    // commands are added, so that they inherit it.
    .configureOutput({ outputError: () => undefined })
    .exitOverride();
  registerSnapshot(program);
  registerDiff(program);
  registerCheck(program);
  registerProbe(program);
  registerLint(program);
  registerRules(program);
  registerAnnotate(program);
  return program;
}
