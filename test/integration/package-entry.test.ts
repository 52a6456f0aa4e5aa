// The published shape of the package: the library entry resolves by its own name (as a user imports it), with
// type declarations, and `npm pack` ships the bundles, the declarations and the JSON Schemas.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Bytes of every file under a directory, as installed on disk: a symbolic link (npm links each bin into
 * node_modules/.bin) counts as the link, not as a second copy of the file it points to.
 */
function treeBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? treeBytes(path) : lstatSync(path).size;
  }
  return total;
}

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
    expect(files).toEqual(expect.arrayContaining(['dist/cli.cjs', 'dist/cli-main.cjs', 'dist/errors.cjs', 'dist/lazy/capture.mjs', 'dist/webhook.js', 'dist/lib/index.js', 'dist/lib/index.d.ts']));
  });

  it('installs from the packed tarball into an empty project as one package, under 15 MB, with no install script', () => {
    const work = mkdtempSync(join(tmpdir(), 'mdg-install-'));
    try {
      const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies?: object; scripts: Record<string, string> };
      // The bins and the library are self-contained bundles; a dependency would only be installed, never loaded.
      expect(pkg.dependencies ?? {}).toEqual({});
      for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) expect(pkg.scripts[hook]).toBeUndefined();
      const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' })) as [{ filename: string }];
      const project = join(work, 'project');
      mkdirSync(project);
      execFileSync('npm', ['init', '-y'], { cwd: project, stdio: 'pipe' });
      const install = execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', join(work, packed.filename)], { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      expect(install).toMatch(/added 1 package/);
      const modules = join(project, 'node_modules');
      expect(readdirSync(modules).filter((name) => !name.startsWith('.'))).toEqual(['mcp-drift-guard']);
      expect(treeBytes(modules)).toBeLessThan(15 * 1024 * 1024);
      // The bins and the library run from the install.
      expect(execFileSync(join(modules, '.bin/mcp-drift-guard'), ['--version'], { encoding: 'utf8' }).trim()).toMatch(/^\d+\.\d+\.\d+/);
      expect(execFileSync(join(modules, '.bin/mcp-drift-guard-webhook'), ['--help'], { encoding: 'utf8' })).toContain('admission webhook');
      const script = "import { diffSnapshots, parseSnapshot } from 'mcp-drift-guard'; const s = parseSnapshot('{\"tools\":[{\"name\":\"a\",\"inputSchema\":{\"type\":\"object\"}}]}', 'x'); console.log(diffSnapshots(s, { ...s, tools: [] })[0].rule);";
      expect(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: project, encoding: 'utf8' }).trim()).toBe('tool-removed');
      // The declarations type-check in a strict project that checks libraries too: they name no type of a bundled package.
      cpSync(join(ROOT, 'node_modules/@types/node'), join(modules, '@types/node'), { recursive: true });
      cpSync(join(ROOT, 'node_modules/undici-types'), join(modules, 'undici-types'), { recursive: true });
      writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, skipLibCheck: false, noEmit: true } }));
      writeFileSync(
        join(project, 'use.ts'),
        "import { captureSnapshot, diffSnapshots, lintManifests, renderReport, type Finding } from 'mcp-drift-guard';\nexport const uses: unknown[] = [captureSnapshot, diffSnapshots, lintManifests, renderReport];\nexport type F = Finding;\n",
      );
      execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', project], { cwd: project, encoding: 'utf8' });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 300_000);
});
