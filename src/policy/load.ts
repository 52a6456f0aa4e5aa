// Finds and reads the policy file: `--config FILE`, or `.mcp-drift-guard.yml` in the working directory or the
// nearest parent (so a policy at the repository root covers every package below it). No file: the defaults.
import { stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { readTextInput } from '../input.js';
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
  // Loaded on demand: the YAML parser is a large part of the CLI, and most runs have no policy file.
  const { parsePolicy } = await import('./parse.js');
  return { ...parsePolicy(text, label), file };
}
