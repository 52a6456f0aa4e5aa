// Finds and reads the policy file: `--config FILE`, or `.mcp-drift-guard.yml` in the working directory or the
// nearest parent (so a policy at the repository root covers every package below it). No file: the defaults.
import { stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { UsageError } from '../errors.js';
import { readTextInput } from '../input.js';
import { validatePolicy } from './validate.js';
import { DEFAULT_POLICY, type Policy } from './types.js';

export const POLICY_FILE_NAME = '.mcp-drift-guard.yml';

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** The nearest `.mcp-drift-guard.yml` from `cwd` upward, or undefined. */
export async function findPolicyFile(cwd: string): Promise<string | undefined> {
  let dir = resolve(cwd);
  for (;;) {
    const candidate = join(dir, POLICY_FILE_NAME);
    if (await isFile(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

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

/**
 * Loads the policy from `path` (an explicit --config: it must exist) or from the nearest
 * `.mcp-drift-guard.yml` above `cwd`. Throws UsageError for a missing explicit file or an invalid policy.
 */
export async function loadPolicy(path?: string, cwd: string = process.cwd()): Promise<Policy> {
  const file = path !== undefined ? resolve(cwd, path) : await findPolicyFile(cwd);
  if (file === undefined) return { ...DEFAULT_POLICY, rules: {}, ignore: [] };
  // Errors name the file as the user would type it: as given, or relative to the working directory.
  const label = path ?? (relative(cwd, file) || file);
  // The resolved path, so `--config -` names a file called "-", never stdin.
  const text = await readTextInput(file, { label, what: 'policy' });
  return { ...parsePolicy(text, label), file };
}
