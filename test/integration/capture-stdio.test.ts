// Captures the fixture servers for real over stdio (spawned processes) through the library API.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureSnapshot } from '../../src/capture/index.js';
import { serializeSnapshot, type Snapshot, type Tool } from '../../src/snapshot/index.js';
import { stdioCommand } from '../fixtures/servers/lib/harness.js';

/** Captures that must succeed: a generous timeout, well over the seconds a capture takes on a loaded machine. */
const GENEROUS_MS = 60_000;

const capture = (name: string, extra: Parameters<typeof captureSnapshot>[0] = {}) =>
  captureSnapshot({ stdio: stdioCommand(name), timeoutMs: GENEROUS_MS, ...extra });

function tool(snapshot: Snapshot, name: string): Tool {
  const found = snapshot.tools.find((t) => t.name === name);
  if (!found) throw new Error(`no tool ${name} in ${snapshot.tools.map((t) => t.name).join(', ')}`);
  return found;
}

const props = (t: Tool) => t.inputSchema.properties as Record<string, Record<string, unknown>>;

describe('capture over stdio', () => {
  it('captures the weather server (SDK 1.x): server info, capabilities, tools with schemas and annotations, prompts, templates', async () => {
    const progress: string[] = [];
    const snapshot = await capture('weather-v1-sdk1', { onProgress: (m) => progress.push(m) });
    expect(snapshot.format).toBe(1);
    expect(snapshot.server).toEqual({ name: 'weather', version: '1.0.0' });
    expect(Object.keys(snapshot.capabilities).sort()).toEqual(['prompts', 'resources', 'tools']);
    expect(snapshot.tools.map((t) => t.name)).toEqual(['get_alerts', 'get_current_conditions', 'get_forecast', 'lookup_station', 'subscribe_alerts']);
    const forecast = tool(snapshot, 'get_forecast');
    expect(forecast.inputSchema.type).toBe('object');
    expect(forecast.inputSchema.required).toEqual(['city']);
    expect(props(forecast).units?.enum).toEqual(['metric', 'imperial', 'kelvin']);
    expect(props(forecast).days).toMatchObject({ type: 'integer', minimum: 1, maximum: 7, default: 3 });
    expect(forecast.outputSchema).toMatchObject({ type: 'object', required: ['city', 'days'] });
    expect(forecast.annotations).toEqual({ readOnlyHint: true, openWorldHint: true });
    expect(forecast.title).toBe('Daily forecast');
    expect(tool(snapshot, 'subscribe_alerts').annotations).toMatchObject({ readOnlyHint: false, destructiveHint: false, idempotentHint: true });
    expect(snapshot.prompts.map((p) => [p.name, p.arguments?.map((a) => [a.name, a.required])])).toEqual([
      ['packing_list', [['destination', true], ['days', false]]],
      ['weather_report', [['city', true], ['style', false]]],
    ]);
    expect(snapshot.resourceTemplates.map((r) => [r.name, r.uriTemplate])).toEqual([
      ['city_forecast', 'weather://forecast/{city}'],
      ['station', 'weather://stations/{station_id}'],
    ]);
    expect(progress[0]).toMatch(/^connecting to /);
    expect(progress).toContain('connected over stdio (protocol 2025-11-25) to weather 1.0.0');
    expect(progress).toContain('captured 5 tools, 2 prompts, 0 resources, 2 resource templates');
    expect(progress.at(-1)).toBe('accepts protocol revisions 2024-11-05, 2025-03-26, 2025-06-18, 2025-11-25');
  });

  it('captures what v2 changed: a removed tool, a new required argument, a narrowed enum, an added optional argument', async () => {
    const snapshot = await capture('weather-v2-sdk1');
    expect(snapshot.server.version).toBe('2.0.0');
    expect(snapshot.tools.map((t) => t.name)).not.toContain('lookup_station');
    const forecast = tool(snapshot, 'get_forecast');
    expect(forecast.inputSchema.required).toEqual(['city', 'country']);
    expect(props(forecast).units?.enum).toEqual(['metric', 'imperial']);
    const conditions = tool(snapshot, 'get_current_conditions');
    expect(props(conditions).include_air_quality).toMatchObject({ type: 'boolean' });
    expect(conditions.inputSchema.required).toEqual(['city']);
  });

  it('gives the same bytes for the same surface built on SDK 1.x and on SDK 2.x (2.x negotiates 2026-07-28)', async () => {
    const progress: string[] = [];
    const [sdk1, sdk2] = await Promise.all([capture('weather-v1-sdk1'), capture('weather-v1-sdk2', { onProgress: (m) => progress.push(m) })]);
    expect(progress).toContain('connected over stdio (protocol 2026-07-28) to weather 1.0.0');
    // The one difference is real: SDK 2.x also accepts 2026-07-28.
    expect(serializeSnapshot({ ...sdk2, protocolVersions: undefined })).toBe(serializeSnapshot({ ...sdk1, protocolVersions: undefined }));
    expect(sdk1.protocolVersions).toEqual(['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25']);
    expect(sdk2.protocolVersions).toEqual(['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25', '2026-07-28']);
  });

  it('gives byte-identical canonical output on two captures of the same server', async () => {
    const first = serializeSnapshot(await capture('paginated-catalog-sdk1'));
    const second = serializeSnapshot(await capture('paginated-catalog-sdk1'));
    expect(second).toBe(first);
  });

  it('follows nextCursor through every page of tools, prompts and resource templates', async () => {
    const snapshot = await capture('paginated-catalog-sdk1');
    expect(snapshot.tools).toHaveLength(25);
    expect(snapshot.tools[0]?.name).toBe('catalog_item_01');
    expect(snapshot.tools[24]?.name).toBe('catalog_item_25');
    expect(snapshot.prompts.map((p) => p.name)).toEqual(['catalog_prompt_1', 'catalog_prompt_2', 'catalog_prompt_3', 'catalog_prompt_4', 'catalog_prompt_5']);
    expect(snapshot.resourceTemplates).toHaveLength(3);
  });

  it('stops with a clear error when the server repeats a cursor', async () => {
    await expect(capture('cursor-loop-sdk1')).rejects.toThrow(
      /could not list the tools of ".*cursor-loop-sdk1\.mjs'?": tools\/list: the server sent the cursor "page-2" again on page 2; its pagination never ends/,
    );
  });

  it('records a non-conformant inputSchema (no top-level type) as the server sent it, with a warning, instead of failing', async () => {
    const progress: string[] = [];
    const snapshot = await capture('nonconformant-schema-sdk1', { onProgress: (m) => progress.push(m) });
    expect(progress.filter((m) => m.startsWith('warning:'))).toEqual([
      'warning: tool "search_documents": inputSchema has no top-level type "object": recorded as sent; clients on SDK 1.x reject the whole tools/list',
    ]);
    expect(tool(snapshot, 'search_documents').inputSchema).toEqual({
      properties: { limit: { type: 'integer' }, query: { type: 'string' } },
      required: ['query'],
    });
    expect(tool(snapshot, 'ping').inputSchema).toEqual({ type: 'object', properties: {} });
  });

  it('captures a 2026-07-28-only server through server/discover, with 2020-12 keywords and a non-object output root', async () => {
    const progress: string[] = [];
    const snapshot = await capture('modern-only-2026-sdk2', { onProgress: (m) => progress.push(m) });
    expect(progress).toContain('connected over stdio (protocol 2026-07-28) to route-planner 2026.7.0');
    expect(snapshot.server).toEqual({ name: 'route-planner', version: '2026.7.0' });
    const plan = tool(snapshot, 'plan_route');
    expect(plan.inputSchema).toMatchObject({ if: { required: ['mode'] }, then: { required: ['departAt'] } });
    expect(props(plan).from).toEqual({ $ref: '#/$defs/point' });
    expect(props(plan).avoid?.oneOf).toHaveLength(2);
    expect(plan.outputSchema).toMatchObject({ type: 'array' });
    expect(snapshot.prompts.map((p) => p.name)).toEqual(['trip_summary']);
    // Only what the capabilities advertise is listed: no resources capability, no templates request.
    expect(snapshot.capabilities.resources).toBeUndefined();
    expect(progress).not.toContain('listing resources/templates/list');
  });

  it.each([
    ['2024-11-05', ['description', 'inputSchema', 'name']],
    ['2025-03-26', ['annotations', 'description', 'inputSchema', 'name']],
    ['2025-06-18', ['annotations', 'description', 'inputSchema', 'name', 'outputSchema', 'title']],
  ])('captures a server of spec revision %s with the tool fields that revision has', async (protocol, fields) => {
    const progress: string[] = [];
    const snapshot = await captureSnapshot({
      stdio: stdioCommand('older-spec-versions-sdk1', '--protocol', protocol),
      timeoutMs: GENEROUS_MS,
      onProgress: (m) => progress.push(m),
    });
    expect(progress).toContain(`connected over stdio (protocol ${protocol}) to currency ${protocol}`);
    expect(snapshot.tools).toHaveLength(1);
    expect(Object.keys(snapshot.tools[0] ?? {}).sort()).toEqual(fields);
  });

  it('falls back to initialize when a legacy server never answers the 2026-07-28 probe, within the timeout', async () => {
    const started = Date.now();
    let connectedAt = 0;
    // The probe gets half the budget (5 s here), initialize the rest; the protocol revisions are asked after that.
    // The other half is several times what starting the server and initialize take on a loaded machine.
    const snapshot = await capture('ignores-unknown-requests-sdk1', { timeoutMs: 10_000, onProgress: (m) => m.startsWith('connected') && (connectedAt = Date.now()) });
    expect(snapshot.server).toEqual({ name: 'ignores-unknown-requests', version: '0.9.0' });
    expect(snapshot.tools.map((t) => t.name)).toEqual(['echo']);
    expect(connectedAt - started).toBeGreaterThanOrEqual(5_000);
    // Connected within the connect budget (past it the capture would have failed); that it fell back is the server info above.
    expect(connectedAt - started).toBeLessThan(10_000);
  });

  it('records no templates, with a warning, when a server with resources never implemented resources/templates/list', async () => {
    const progress: string[] = [];
    const snapshot = await capture('resources-without-templates-sdk1', { onProgress: (m) => progress.push(m) });
    expect(snapshot.capabilities).toEqual({ tools: {}, resources: {} });
    expect(snapshot.tools.map((t) => t.name)).toEqual(['search_docs']);
    expect(snapshot.resourceTemplates).toEqual([]);
    expect(progress).toContain(
      'warning: the server advertises resources but does not implement resources/templates/list (method not found); recorded as none',
    );
  });

  it('a server that advertises prompts but answers prompts/list with -32601 (tavily-mcp): tools kept, prompts empty, a warning', async () => {
    const progress: string[] = [];
    const snapshot = await capture('prompts-unimplemented-sdk1', { onProgress: (m) => progress.push(m) });
    expect(snapshot.tools.map((t) => t.name)).toEqual(['search']);
    expect(snapshot.prompts).toEqual([]);
    expect(progress).toContain('warning: the server advertises prompts but does not implement prompts/list (method not found); recorded as none');
  });

  it('skips log lines a server prints on stdout and says so', async () => {
    const progress: string[] = [];
    const snapshot = await capture('stdout-noise-sdk1', { onProgress: (m) => progress.push(m) });
    expect(snapshot.tools).toHaveLength(5);
    expect(progress).toContain(`ignored 2 line(s) on the server's stdout that were not JSON-RPC, e.g. "Weather MCP server v1.0.0 starting..."`);
  });

  it('starts the server in --cwd with the caller environment plus --env', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'capture-cwd-'));
    process.env.FIXTURE_INHERITED = 'from-parent';
    try {
      const snapshot = await capture('env-and-cwd-sdk1', { cwd: dir, env: { FIXTURE_ADDED: 'a b=c' } });
      expect(snapshot.server.version).toBe(basename(dir));
      expect(snapshot.tools.map((t) => t.name)).toEqual(['fixture_added=a b=c', 'fixture_inherited=from-parent']);
    } finally {
      delete process.env.FIXTURE_INHERITED;
    }
  });
});
