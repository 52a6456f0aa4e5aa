// Policy text to a validated Policy: YAML parsing (with line numbers in errors), then validatePolicy. Kept apart
// from the loader so the CLI loads the YAML parser only when a policy file exists (load.ts imports this on demand).
import { LineCounter, parseDocument } from 'yaml';
import { UsageError } from '../errors.js';
import { validatePolicy } from './validate.js';
import type { Policy } from './types.js';

/** Parses and validates policy text; `file` names it in errors. */
export function parsePolicy(text: string, file: string): Policy {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, lineCounter });
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    const where = `line ${lineCounter.linePos(error.pos[0]).line}`;
    throw new UsageError(`${file}: ${where}: ${error.message.split('\n')[0]}`);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // An alias to an anchor that is not (yet) defined, or an alias bomb past maxAliasCount: yaml throws here.
    throw new UsageError(`${file}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  return validatePolicy(value, file);
}
