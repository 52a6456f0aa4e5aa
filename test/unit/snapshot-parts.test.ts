// Absent means not captured (issue 14.6), the new optional parts (resources, instructions, protocol revisions,
// HTTP transports) in the canonical form, and duplicate names rejected (issue 11.10).
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../src/diff/index.js';
import { buildReport, renderReport } from '../../src/report/index.js';
import { normalizeSnapshot, parseSnapshot, serializeSnapshot } from '../../src/snapshot/index.js';

const tool = { name: 'get_forecast', description: 'Forecast.', inputSchema: { type: 'object', properties: { city: { type: 'string' } } } };
const full = normalizeSnapshot({
  format: 1,
  server: { name: 'weather', version: '1.0.0' },
  capabilities: { tools: { listChanged: true }, prompts: {}, resources: {} },
  instructions: null,
  protocolVersions: ['2025-11-25', '2024-11-05'],
  tools: [tool],
  prompts: [{ name: 'packing_list' }],
  resources: [{ uri: 'file:///b', name: 'b' }, { uri: 'file:///a', name: 'a' }],
  resourceTemplates: [{ name: 'station', uriTemplate: 'weather://station/{id}' }],
});

describe('absent means not captured', () => {
  // What `mcp-inspector --cli ... --method tools/list` prints: a JSON-RPC-less result with the tools only.
  const inspector = parseSnapshot(JSON.stringify({ tools: [tool] }), 'inspector.json');

  it('a bare tools/list result holds tools only: prompts, templates and capabilities are not captured', () => {
    expect(inspector.notCaptured).toEqual(['capabilities', 'prompts', 'resourceTemplates']);
    expect(diffSnapshots(inspector, full)).toEqual([]);
    expect(diffSnapshots(full, inspector)).toEqual([]);
  });

  it('the report says once what was not compared, in json, text and markdown', () => {
    const report = buildReport({ snapshot: inspector, source: 'inspector.json' }, { snapshot: full, source: 'mcp-snapshot.json' }, []);
    expect(report.notCompared).toEqual([
      { part: 'capabilities', missingIn: 'base' },
      { part: 'prompts', missingIn: 'base' },
      { part: 'resourceTemplates', missingIn: 'base' },
      { part: 'resources', missingIn: 'base' },
      { part: 'instructions', missingIn: 'base' },
      { part: 'protocolVersions', missingIn: 'base' },
    ]);
    const line = 'Not compared: capabilities, prompts, resource templates, resources, instructions, protocol revisions (the base did not capture them).';
    expect(renderReport(report, 'text').split('\n').filter((l) => l.includes('Not compared'))).toEqual([`note: ${line}`]);
    expect(renderReport(report, 'markdown')).toContain(`> **Note:** ${line}`);
  });

  it('a snapshot written before resources, instructions and revisions were captured compares on what both hold', () => {
    const old = normalizeSnapshot({ ...full, resources: undefined, instructions: undefined, protocolVersions: undefined });
    const head = normalizeSnapshot({ ...full, resources: [], instructions: 'Be brief.', protocolVersions: ['2025-11-25'] });
    expect(diffSnapshots(old, head)).toEqual([]);
    expect(diffSnapshots(full, head).map((f) => f.rule).sort()).toEqual(['instructions-changed', 'protocol-version-dropped', 'resource-removed', 'resource-removed']);
  });

  it('the canonical form sorts the new parts and leaves out what was not captured', () => {
    const text = serializeSnapshot(full);
    const written = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(written)).toEqual(['capabilities', 'format', 'instructions', 'prompts', 'protocolVersions', 'resourceTemplates', 'resources', 'server', 'tools']);
    expect(written.protocolVersions).toEqual(['2024-11-05', '2025-11-25']);
    expect((written.resources as { uri: string }[]).map((r) => r.uri)).toEqual(['file:///a', 'file:///b']);
    expect(serializeSnapshot(parseSnapshot(text))).toBe(text);
    expect(Object.keys(JSON.parse(serializeSnapshot(inspector)) as object)).toEqual(['format', 'server', 'tools']);
    expect(parseSnapshot(serializeSnapshot(inspector)).notCaptured).toEqual(['capabilities', 'prompts', 'resourceTemplates']);
  });

  it('the snapshot schema accepts the new parts and a partial snapshot', () => {
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(JSON.parse(readFileSync(new URL('../../schemas/snapshot.schema.json', import.meta.url), 'utf8')) as object);
    expect(validate(JSON.parse(serializeSnapshot(full))), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(JSON.parse(serializeSnapshot(inspector))), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...JSON.parse(serializeSnapshot(full)), protocolVersions: ['soon'] })).toBe(false);
  });

  it('bad new parts are one-line errors naming the source and the path', () => {
    expect(() => normalizeSnapshot({ ...full, instructions: 3 }, 'x.json')).toThrow('x.json: instructions: must be a string or null');
    expect(() => normalizeSnapshot({ ...full, transports: ['websocket'] }, 'x.json')).toThrow('x.json: transports: must be an array of "sse", "streamable-http"');
    expect(() => normalizeSnapshot({ ...full, resources: [{ name: 'a' }] }, 'x.json')).toThrow('x.json: resources[0]: missing "uri"');
  });
});

describe('duplicate names', () => {
  it('a tool listed twice is an error naming it, whatever the order', () => {
    const other = { ...tool, description: 'Another forecast.' };
    for (const tools of [[tool, other], [other, tool]]) {
      expect(() => normalizeSnapshot({ tools }, 'tools.json')).toThrow('tools.json: tools[1]: duplicate tool name "get_forecast" (also tools[0]); each must be listed once');
    }
  });

  it('so do a prompt listed twice and a resource URI listed twice', () => {
    expect(() => normalizeSnapshot({ ...full, prompts: [{ name: 'p' }, { name: 'p' }] }, 's.json')).toThrow('s.json: prompts[1]: duplicate prompt name "p"');
    expect(() => normalizeSnapshot({ ...full, resources: [{ uri: 'file:///a', name: 'a' }, { uri: 'file:///a', name: 'b' }] }, 's.json')).toThrow('s.json: resources[1]: duplicate resource URI "file:///a"');
  });
});
