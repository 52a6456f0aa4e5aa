// The CLI bundle's start-up cost: what `node dist/cli.cjs` loads before any command runs is cli.cjs (a few lines
// that turn on the compile cache), cli-main.cjs and errors.cjs. They must not hold the YAML parser, the MCP client or zlib (those load on demand from lazy/), and the error
// classes must exist once, in errors.cjs, so the entry's `instanceof` recognises what a lazy part throws.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, cliBuilds } from '../../scripts/esbuild-options.mjs';

const dir = mkdtempSync(join(tmpdir(), 'mdg-cli-bundle-'));
const builds = cliBuilds(dir);
let start: Metafile;
let main: Metafile;
let lazy: Metafile;

beforeAll(async () => {
  [start, main, lazy] = await Promise.all([builds.start, builds.main, builds.lazy].map((options) => build({ ...options, metafile: true }))).then((results) =>
    results.map((result) => result.metafile),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The one output of the entry's build: cli-main.cjs, as esbuild names it (relative to the project). */
const entryOutput = (): Metafile['outputs'][string] => main.outputs[relative(ROOT, builds.main.outfile!)]!;
const lazyInputs = (): string[] => Object.values(lazy.outputs).flatMap((output) => Object.keys(output.inputs));

describe('the CLI bundle', () => {
  it('starts from cli.cjs, which holds only the start file and requires cli-main.cjs (compiled after the cache is on)', () => {
    const output = start.outputs[relative(ROOT, builds.start.outfile!)]!;
    expect(Object.keys(output.inputs)).toEqual(['src/cli/start.ts']);
    expect(output.imports.filter((i) => !i.path.startsWith('node:'))).toEqual([{ path: './cli-main.cjs', kind: 'require-call', external: true }]);
  });

  it('starts without yaml and the MCP client: they are in lazy/, not in cli-main.cjs', () => {
    const atStart = Object.keys(entryOutput().inputs);
    expect(atStart).toContain('src/cli/main.ts');
    expect(atStart).toContain('src/diff/index.ts');
    // Both are in the lazy part (so the check below is not vacuous)...
    expect(lazyInputs().some((input) => input.startsWith('node_modules/yaml/'))).toBe(true);
    expect(lazyInputs().some((input) => input.startsWith('node_modules/@modelcontextprotocol/'))).toBe(true);
    // ...and neither is in what starts with the CLI.
    expect(atStart.filter((input) => input.startsWith('node_modules/yaml/'))).toEqual([]);
    expect(atStart.filter((input) => input.startsWith('node_modules/@modelcontextprotocol/'))).toEqual([]);
  });

  it('loads zlib (the annotation codec) only for the commands that use it', () => {
    const required = entryOutput().imports.filter((i) => i.kind === 'require-call').map((i) => i.path);
    expect(required).toContain('node:fs/promises');
    expect(required).not.toContain('node:zlib');
  });

  it('every lazy import of the entry names a file the lazy build writes', () => {
    const dynamic = entryOutput().imports.filter((i) => i.kind === 'dynamic-import').map((i) => i.path);
    expect(dynamic.length).toBeGreaterThanOrEqual(7);
    const written = new Set(Object.keys(lazy.outputs).map((output) => `./${relative(relative(ROOT, dir), output)}`));
    for (const path of dynamic) expect(written, path).toContain(path);
  });

  it('has the error classes once, in errors.cjs: neither cli-main.cjs nor a lazy chunk bundles a copy', () => {
    expect(Object.keys(entryOutput().inputs)).not.toContain('src/errors.ts');
    expect(lazyInputs()).not.toContain('src/errors.ts');
    expect(entryOutput().imports.some((i) => i.path === './errors.cjs' && i.external)).toBe(true);
  });
});
