// The published shape of the package: the library entry resolves by its own name (as a user imports it), with
// type declarations, and `npm pack` ships the bundles, the declarations and the JSON Schemas.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

describe('the package', () => {
  // `npm test` builds before it runs the tests; run `npm run build` first when running vitest alone.
  it('exports the core by name, with types', () => {
    const script = `
      import * as lib from 'mcp-drift-guard';
      const names = ['captureSnapshot', 'readSnapshotSource', 'parseSnapshot', 'diffSnapshots', 'loadPolicy', 'applyPolicy', 'buildReport', 'renderReport', 'RULES'];
      const snapshot = lib.parseSnapshot(JSON.stringify({ tools: [{ name: 'a', inputSchema: { type: 'object' } }] }));
      console.log(JSON.stringify({ missing: names.filter((n) => !(n in lib)), findings: lib.diffSnapshots(snapshot, { ...snapshot, tools: [] }).map((f) => f.rule) }));`;
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' }));
    expect(out).toEqual({ missing: [], findings: ['tool-removed'] });
    expect(existsSync(join(ROOT, 'dist/lib/index.d.ts'))).toBe(true);
  });

  it('npm pack ships the bins, the library with declarations and the schemas, and no sources or tests', () => {
    const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' })) as [{ files: { path: string }[] }];
    const files = pack.files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'schemas/report.schema.json', 'schemas/snapshot.schema.json', 'schemas/policy.schema.json']));
    expect(files.some((f) => f.startsWith('src/') || f.startsWith('test/'))).toBe(false);
    expect(files).toEqual(expect.arrayContaining(['dist/cli.cjs', 'dist/errors.cjs', 'dist/lazy/capture.mjs', 'dist/webhook.js', 'dist/lib/index.js', 'dist/lib/index.d.ts']));
  });
});
