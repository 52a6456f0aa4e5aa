// Real world: @modelcontextprotocol/server-filesystem 2025.7.1 -> 2025.11.25, from the captures committed by
// the capture tests (test/fixtures/servers/captured). What a careful reader of that release sees: read_file
// kept as a deprecated alias of the new read_text_file, read_media_file added, annotations and output schemas
// added everywhere, two rewritten descriptions, and one real tightening (read_multiple_files needs a path).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../src/diff/index.js';
import { parseSnapshot } from '../../src/snapshot/index.js';
import type { Snapshot } from '../../src/snapshot/types.js';

const captured = (version: string): Snapshot => {
  const file = new URL(`../fixtures/servers/captured/server-filesystem-${version}.json`, import.meta.url);
  return parseSnapshot(readFileSync(file, 'utf8'), file.pathname);
};

describe('server-filesystem 2025.7.1 -> 2025.11.25', () => {
  const before = captured('2025.7.1');
  const after = captured('2025.11.25');
  const findings = diffSnapshots(before, after);
  const of = (severity: string) => findings.filter((f) => f.severity === severity).map((f) => `${f.rule} ${f.subject.name}`);

  it('one breaking change: read_multiple_files now needs at least one path', () => {
    expect(of('breaking')).toEqual(['input-min-items-tightened read_multiple_files']);
    expect(findings[0]!.message).toBe('tool "read_multiple_files" input "paths": minItems 0 became 1');
  });

  it('two warnings: rewritten descriptions a model reads', () => {
    expect(of('warning')).toEqual(['tool-description-changed list_allowed_directories', 'tool-description-changed search_files']);
  });

  it('read_file is kept as a deprecated alias of the new read_text_file: safe, and no removal or rename', () => {
    const alias = findings.find((f) => f.rule === 'tool-alias-kept');
    expect(alias).toMatchObject({ severity: 'safe', subject: { kind: 'tool', name: 'read_file' }, before: 'read_file', after: 'read_text_file' });
    expect(findings.filter((f) => ['tool-removed', 'tool-renamed'].includes(f.rule))).toEqual([]);
    expect(findings.filter((f) => f.rule === 'tool-added').map((f) => f.subject.name)).toEqual(['read_media_file']);
  });

  it('annotations and output schemas arrive as safe findings; dropped additionalProperties: false only widens inputs', () => {
    // Every tool of 2025.7.1 (the two new ones are reported as added or as the alias).
    expect(findings.filter((f) => f.rule === 'output-schema-added')).toHaveLength(12);
    expect(findings.filter((f) => f.rule === 'tool-annotation-riskier')).toEqual([]);
    // One finding per tool, listing its hints (2025.11.25 annotates every tool at once).
    const safer = findings.filter((f) => f.rule === 'tool-annotation-safer');
    expect(safer.length).toBeGreaterThan(10);
    expect(new Set(safer.map((f) => f.subject.name)).size).toBe(safer.length);
    expect(safer.find((f) => f.subject.name === 'list_directory')?.message).toMatch(/^tool "list_directory" hints turned safer: readOnlyHint false -> true, destructiveHint true -> false, idempotentHint false -> true/);
    expect(findings.filter((f) => f.rule === 'input-additional-properties-opened').every((f) => f.severity === 'safe')).toBe(true);
    expect(findings.find((f) => f.rule === 'input-property-added-closed')).toMatchObject({ subject: { name: 'directory_tree' }, pointer: { after: expect.stringMatching(/\/properties\/excludePatterns$/) } });
  });

  it('the reverse upgrade (a rollback) breaks clients: tools gone, output schemas gone; listChanged dropped is a warning', () => {
    const rollback = diffSnapshots(after, before);
    const breaking = rollback.filter((f) => f.severity === 'breaking').map((f) => f.rule);
    expect(breaking.filter((r) => r === 'tool-removed')).toHaveLength(2);
    expect(breaking.filter((r) => r === 'output-schema-removed')).toHaveLength(12);
    // tools.listChanged no longer declared: clients are not told of list changes, but no call fails (a warning).
    expect(rollback.filter((f) => f.subject.kind === 'server').map((f) => `${f.severity} ${f.rule}`)).toEqual(['warning capability-list-changed-removed']);
  });

  it("today's install of 2025.7.1 (zod 4 under zod-to-json-schema: empty input schemas) is never a silent pass", () => {
    const drifted: Snapshot = { ...before, tools: before.tools.map((t) => (t.name === 'list_allowed_directories' ? t : { ...t, inputSchema: {} })) };
    const drift = diffSnapshots(before, drifted);
    expect(drift.filter((f) => f.rule === 'tool-schema-nonconformant')).toHaveLength(11);
    expect(drift.filter((f) => f.rule === 'input-property-removed-open').length).toBeGreaterThan(11);
    expect(drift.filter((f) => f.severity === 'breaking')).toEqual([]);
  });
});
