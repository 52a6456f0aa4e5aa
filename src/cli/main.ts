// CLI entry: runs the program and maps errors to DESIGN.md's exit codes (2 usage/bad input, 3 capture).
import { CommanderError } from 'commander';
import { DriftGuardError, EXIT, describeError } from '../errors.js';
import { buildProgram } from './program.js';

/** Commander's "error: unknown command 'dif'\n(Did you mean diff?)" as one line that points at --help. */
function usageLine(message: string): string {
  return `${describeError(message.replace(/^error: /, '')).replace(/\.$/, '')} (see --help)`;
}

async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through exitOverride with code 0; commander already printed the message.
      if (error.exitCode === 0) return EXIT.ok;
      process.stderr.write(`mcp-drift-guard: ${usageLine(error.message)}\n`);
      return EXIT.usage;
    }
    const debug = argv.includes('--debug');
    if (error instanceof DriftGuardError) {
      process.stderr.write(`mcp-drift-guard: ${describeError(error)}\n`);
      if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
      return error.exitCode;
    }
    process.stderr.write(`mcp-drift-guard: internal error: ${describeError(error)}\n`);
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return EXIT.usage;
  }
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = EXIT.usage;
  },
);
