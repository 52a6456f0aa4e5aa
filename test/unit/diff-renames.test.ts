// Renames whose input changed compatibly (issue 11.8): the published cases, each ONE breaking finding naming both
// names, and the cases that must stay a removal plus an addition.
import { describe, expect, it } from 'vitest';
import { snapshot } from '../fixtures/diff/cases.js';
import { diffSnapshots } from '../../src/diff/index.js';
import type { Tool } from '../../src/snapshot/types.js';

const str = { type: 'string' };
const rules = (base: Tool[], head: Tool[]) => diffSnapshots(snapshot({ tools: base }), snapshot({ tools: head })).map((f) => `${f.rule} ${f.subject.name}${f.rule === 'tool-renamed' ? ` -> ${String(f.after)}` : ''}`);

const extractInput = { type: 'object', properties: { urls: { type: 'array', items: str }, extract_depth: { enum: ['basic', 'advanced'] } }, required: ['urls'] };

describe('compatible renames', () => {
  it('tavily-mcp 0.2.9 -> 0.2.22: tavily-extract -> tavily_extract with one optional property added', () => {
    const before: Tool = { name: 'tavily-extract', description: 'Extract web page content from URLs.', inputSchema: extractInput };
    const after: Tool = { name: 'tavily_extract', description: 'Extract web page content from one or more URLs.', inputSchema: { ...extractInput, properties: { ...extractInput.properties, include_images: { type: 'boolean' } } } };
    const findings = diffSnapshots(snapshot({ tools: [before] }), snapshot({ tools: [after] }));
    expect(findings.map((f) => [f.rule, f.severity, f.message])).toEqual([['tool-renamed', 'breaking', 'tool "tavily-extract" was renamed to "tavily_extract"; clients calling the old name fail']]);
  });

  it('server-everything: add -> get-sum with additionalProperties: false dropped (names differ; same required, close description)', () => {
    const add: Tool = { name: 'add', description: 'Adds two numbers', inputSchema: { type: 'object', properties: { a: { type: 'number', description: 'First number' }, b: { type: 'number', description: 'Second number' } }, required: ['a', 'b'], additionalProperties: false } };
    const getSum: Tool = { name: 'get-sum', description: 'Returns the sum of two numbers', inputSchema: { type: 'object', properties: { a: { type: 'number', description: 'First number' }, b: { type: 'number', description: 'Second number' } }, required: ['a', 'b'] } };
    expect(rules([add], [getSum])).toEqual(['tool-renamed add -> get-sum']);
  });

  it('ReverseGeocodeTool -> reverse_geocode_tool, only additionalProperties: false dropped (folded names)', () => {
    const input = { type: 'object', properties: { latitude: { type: 'number' }, longitude: { type: 'number' } }, required: ['latitude', 'longitude'] };
    const before: Tool = { name: 'ReverseGeocodeTool', description: 'Find the address at a coordinate.', inputSchema: { ...input, additionalProperties: false } };
    const after: Tool = { name: 'reverse_geocode_tool', description: 'Look up what is at a coordinate.', inputSchema: input };
    expect(rules([before], [after])).toEqual(['tool-renamed ReverseGeocodeTool -> reverse_geocode_tool']);
  });

  it('execute_command -> start_process: same properties and required list, two optional ones added', () => {
    const properties = { command: str, timeout_ms: { type: 'number' }, shell: str };
    const before: Tool = { name: 'execute_command', description: 'Execute a terminal command with timeout. Command will continue running in background if it does not complete within timeout.', inputSchema: { type: 'object', properties, required: ['command', 'timeout_ms'] } };
    const after: Tool = { name: 'start_process', description: 'Start a new terminal process with intelligent state detection. Command will continue running in background if it does not complete within timeout.', inputSchema: { type: 'object', properties: { ...properties, verbose_timing: { type: 'boolean' }, cwd: str }, required: ['command', 'timeout_ms'] } };
    expect(rules([before], [after])).toEqual(['tool-renamed execute_command -> start_process']);
  });

  it('several renames at once pair one to one', () => {
    const t = (name: string, description: string): Tool => ({ name, description, inputSchema: { type: 'object', properties: { query: str }, required: ['query'] } });
    expect(rules([t('tavily-search', 'Search the web.'), t('tavily-map', 'Map a site.')], [t('tavily_map', 'Map a site.'), t('tavily_search', 'Search the web with filters.')]).sort()).toEqual([
      'tool-renamed tavily-map -> tavily_map',
      'tool-renamed tavily-search -> tavily_search',
    ]);
  });
});

describe('not renames', () => {
  it('a folded-name match whose input rejects old calls stays removed + added', () => {
    const before: Tool = { name: 'get-forecast', description: 'Forecast.', inputSchema: { type: 'object', properties: { city: str }, required: ['city'] } };
    const after: Tool = { name: 'get_forecast', description: 'Forecast.', inputSchema: { type: 'object', properties: { city: str, country: str }, required: ['city', 'country'] } };
    expect(rules([before], [after])).toEqual(['tool-removed get-forecast', 'tool-added get_forecast']);
  });

  it('different names with different descriptions stay removed + added', () => {
    const input = { type: 'object', properties: { path: str }, required: ['path'] };
    const wider = { ...input, properties: { path: str, recursive: { type: 'boolean' } } };
    expect(rules([{ name: 'read_file', description: 'Read a file from disk.', inputSchema: input }], [{ name: 'delete_path', description: 'Delete anything under a path, recursively.', inputSchema: wider }])).toEqual([
      'tool-removed read_file',
      'tool-added delete_path',
    ]);
  });

  it('tools without properties are paired by name only (list_users is not list_groups)', () => {
    const empty = { type: 'object', properties: {} };
    expect(rules([{ name: 'list_users', description: 'List all users in the workspace.', inputSchema: empty }], [{ name: 'list_groups', description: 'List all groups in the workspace.', inputSchema: empty }])).toEqual([
      'tool-removed list_users',
      'tool-added list_groups',
    ]);
  });

  it('two equally good candidates pair nothing (no guess)', () => {
    const input = { type: 'object', properties: { q: str }, required: ['q'] };
    expect(rules([{ name: 'search', description: 'Search.', inputSchema: input }], [{ name: 'Search', description: 'Search.', inputSchema: { ...input, properties: { q: str, a: str } } }, { name: 'SEARCH', description: 'Search.', inputSchema: { ...input, properties: { q: str, b: str } } }]).sort()).toEqual([
      'tool-added SEARCH',
      'tool-added Search',
      'tool-removed search',
    ]);
  });
});
