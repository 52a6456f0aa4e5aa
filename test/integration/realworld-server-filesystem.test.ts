// Real-world capture: the two published versions of @modelcontextprotocol/server-filesystem installed as npm aliases
// (fs-2025-7-1, fs-2025-11-25), run with node over stdio, with a temp dir as the allowed directory. The committed
// captures in test/fixtures/servers/captured/ (2025.7.1 captured with its era's dependencies: SDK 1.13.3, zod 3.25.76,
// zod-to-json-schema 3.24.6) are checked against what the installed packages list today. Their `instructions`,
// `protocolVersions` and `resources` (captured since those parts were added) come from today's capture of the same packages.
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { captureSnapshot } from '../../src/capture/index.js';
import { parseSnapshot, serializeSnapshot, type Snapshot, type Tool } from '../../src/snapshot/index.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const entry = (alias: string) => join(ROOT, 'node_modules', alias, 'dist/index.js');
const allowed = mkdtempSync(join(tmpdir(), 'fs-allowed-'));
const committed = (version: string): string => readFileSync(join(ROOT, `test/fixtures/servers/captured/server-filesystem-${version}.json`), 'utf8');

function capture(alias: string): Promise<Snapshot> {
  return captureSnapshot({ stdio: `'${process.execPath}' '${entry(alias)}' '${allowed}'`, timeoutMs: 20_000 });
}

/** The zod major version a package's own `import "zod"` resolves to in this install. */
function zodMajorSeenBy(alias: string): number {
  const require = createRequire(entry(alias));
  let dir = dirname(require.resolve('zod'));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'zod' && pkg.version) return Number(pkg.version.split('.')[0]);
    } catch {
      // not the package root yet
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('zod package.json not found');
    dir = parent;
  }
}

const byName = (snapshot: Snapshot, name: string): Tool => {
  const tool = snapshot.tools.find((t) => t.name === name);
  if (!tool) throw new Error(`${name} not listed`);
  return tool;
};

let old: Snapshot;
let current: Snapshot;
beforeAll(async () => {
  [old, current] = await Promise.all([capture('fs-2025-7-1'), capture('fs-2025-11-25')]);
}, 60_000);

describe('@modelcontextprotocol/server-filesystem 2025.11.25', () => {
  it('lists its 14 tools, with read_text_file/read_media_file added and read_file kept as a deprecated alias', () => {
    expect(current.server).toEqual({ name: 'secure-filesystem-server', version: '0.2.0' });
    expect(current.capabilities).toEqual({ tools: { listChanged: true } });
    expect(current.tools.map((t) => t.name)).toEqual([
      'create_directory', 'directory_tree', 'edit_file', 'get_file_info', 'list_allowed_directories', 'list_directory',
      'list_directory_with_sizes', 'move_file', 'read_file', 'read_media_file', 'read_multiple_files', 'read_text_file',
      'search_files', 'write_file',
    ]);
    expect(byName(current, 'read_file').description).toMatch(/DEPRECATED: Use read_text_file instead/);
    expect(current.prompts).toEqual([]);
    expect(current.resourceTemplates).toEqual([]);
  });

  it('lists exactly the committed capture, byte for byte', () => {
    expect(serializeSnapshot(current)).toBe(committed('2025.11.25'));
  });

  it('publishes input and output schemas and annotations', () => {
    const readText = byName(current, 'read_text_file');
    expect(readText.inputSchema).toMatchObject({ type: 'object', required: ['path'], properties: { path: { type: 'string' }, head: { type: 'number' }, tail: { type: 'number' } } });
    expect(readText.outputSchema).toEqual({ type: 'object', properties: { content: { type: 'string' } }, required: ['content'], additionalProperties: false });
    expect(readText.annotations).toEqual({ readOnlyHint: true });
    const edit = byName(current, 'edit_file');
    expect(edit.inputSchema.required).toEqual(['edits', 'path']);
    expect(edit.annotations).toEqual({ readOnlyHint: false, destructiveHint: true, idempotentHint: false });
    const sizes = byName(current, 'list_directory_with_sizes').inputSchema.properties as Record<string, unknown>;
    expect(sizes.sortBy).toMatchObject({ enum: ['name', 'size'], default: 'name' });
  });
});

describe('@modelcontextprotocol/server-filesystem 2025.7.1', () => {
  it('lists its 12 tools, without annotations or output schemas', () => {
    expect(old.server).toEqual({ name: 'secure-filesystem-server', version: '0.2.0' });
    expect(old.capabilities).toEqual({ tools: {} });
    expect(old.tools.map((t) => t.name)).toEqual([
      'create_directory', 'directory_tree', 'edit_file', 'get_file_info', 'list_allowed_directories', 'list_directory',
      'list_directory_with_sizes', 'move_file', 'read_file', 'read_multiple_files', 'search_files', 'write_file',
    ]);
    expect(old.tools.every((t) => t.annotations === undefined && t.outputSchema === undefined)).toBe(true);
    expect(byName(old, 'read_file').description).toMatch(/^Read the complete contents of a file from the file system/);
  });

  it('lists the schemas its resolved dependencies produce: the era (zod 3) or today\'s drift (zod 4 -> empty schemas)', () => {
    // It builds inputSchema with zod-to-json-schema from `import "zod"`. Installed today without pinned era
    // dependencies, that import resolves zod 4, which zod-to-json-schema cannot read: it emits {} (DESIGN.md).
    const era = parseSnapshot(committed('2025.7.1'), 'server-filesystem-2025.7.1.json');
    expect(byName(era, 'read_file').inputSchema).toMatchObject({ type: 'object', required: ['path'], properties: { path: { type: 'string' } } });
    expect(byName(era, 'edit_file').inputSchema.required).toEqual(['edits', 'path']);
    if (zodMajorSeenBy('fs-2025-7-1') >= 4) {
      // Everything but the input schemas is as in its era; those are empty, except the one written by hand.
      const emptied = (snapshot: Snapshot): Snapshot => ({
        ...snapshot,
        tools: snapshot.tools.map((t) => (t.name === 'list_allowed_directories' ? t : { ...t, inputSchema: {} })),
      });
      expect(serializeSnapshot(old)).toBe(serializeSnapshot(emptied(era)));
      expect(old.tools.filter((t) => Object.keys(t.inputSchema).length === 0)).toHaveLength(11);
    } else {
      expect(serializeSnapshot(old)).toBe(committed('2025.7.1'));
    }
  });

  it('captures byte-identically a second time', async () => {
    expect(serializeSnapshot(await capture('fs-2025-7-1'))).toBe(serializeSnapshot(old));
  });
});
