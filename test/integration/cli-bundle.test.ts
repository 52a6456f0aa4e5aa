// The CLI bundle's start-up cost: what `node dist/cli.js` loads before any command runs (the entry and the chunks
// it imports statically) must not hold the YAML parser or the MCP client; those load on demand.
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { BUNDLES, bundleOptions } from '../../scripts/esbuild-options.mjs';

/** The input files of every output reachable from `entry` through static imports. */
function staticInputs(metafile: Metafile, entry: string): string[] {
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
  return [...seen].flatMap((file) => Object.keys(metafile.outputs[file]!.inputs));
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
});
