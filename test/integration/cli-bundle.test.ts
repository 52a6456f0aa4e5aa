// The CLI bundle's start-up cost: what `node dist/cli.js` loads before any command runs (the entry and the chunks
// it imports statically) must not hold the YAML parser, the MCP client or zlib; those load on demand.
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { BUNDLES, bundleOptions } from '../../scripts/esbuild-options.mjs';

/** The outputs reachable from `entry` through static imports. */
function staticOutputs(metafile: Metafile, entry: string): string[] {
  const seen = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const imported of metafile.outputs[file]!.imports) {
      if (imported.kind === 'import-statement' && !imported.external) pending.push(imported.path);
    }
  }
  return [...seen];
}

/** The input files of every output reachable from `entry` through static imports. */
function staticInputs(metafile: Metafile, entry: string): string[] {
  return staticOutputs(metafile, entry).flatMap((file) => Object.keys(metafile.outputs[file]!.inputs));
}

/** The Node.js built-ins those outputs import statically. */
function staticBuiltins(metafile: Metafile, entry: string): string[] {
  return staticOutputs(metafile, entry).flatMap((file) =>
    metafile.outputs[file]!.imports.filter((i) => i.external && i.kind === 'import-statement').map((i) => i.path),
  );
}

describe('the CLI bundle', () => {
  it('loads yaml and the MCP client only on demand, not at start', async () => {
    const { metafile } = await build({ ...bundleOptions(BUNDLES.cli), metafile: true, write: false });
    const everything = Object.values(metafile.outputs).flatMap((output) => Object.keys(output.inputs));
    const atStart = staticInputs(metafile, 'dist/cli.js');
    // Both are in the bundle (so the check below is not vacuous)...
    expect(everything.some((input) => input.startsWith('node_modules/yaml/'))).toBe(true);
    expect(everything.some((input) => input.startsWith('node_modules/@modelcontextprotocol/'))).toBe(true);
    // ...and neither is in what starts with the CLI.
    expect(atStart.filter((input) => input.startsWith('node_modules/yaml/'))).toEqual([]);
    expect(atStart.filter((input) => input.startsWith('node_modules/@modelcontextprotocol/'))).toEqual([]);
    expect(atStart).toContain('src/cli/main.ts');
  });

  it('loads zlib (the annotation codec) only for the commands that use it', async () => {
    const { metafile } = await build({ ...bundleOptions(BUNDLES.cli), metafile: true, write: false });
    const builtins = staticBuiltins(metafile, 'dist/cli.js');
    expect(builtins).toContain('node:fs/promises');
    expect(builtins).not.toContain('node:zlib');
  });
});
