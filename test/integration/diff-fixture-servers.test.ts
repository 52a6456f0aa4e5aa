// The diff engine on snapshots captured from real fixture servers: the same zod tools served by SDK 1.x and by
// SDK 2.x give no breaking finding (an SDK upgrade is not drift), and weather 1.0.0 -> 2.0.0 gives exactly
// the changes the fixture documents.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { z } from 'zod';
import { beforeAll, describe, expect, it } from 'vitest';
import { captureSnapshot } from '../../src/capture/index.js';
import { diffSnapshots } from '../../src/diff/index.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { fixture, stdioCommand } from '../fixtures/servers/lib/harness.js';

/** tools/list exactly as the server sent it: no normalisation, so SDK noise ($schema, execution) is still there. */
async function rawTools(name: string): Promise<Snapshot['tools']> {
  const client = new Client({ name: 'diff-raw', version: '0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [fixture(name)], stderr: 'ignore' }), { timeout: 60_000 });
  try {
    const result = (await client.request({ method: 'tools/list', params: {} }, z.object({ tools: z.array(z.any()) }))) as { tools: Snapshot['tools'] };
    return result.tools;
  } finally {
    await client.close();
  }
}

const capture = (name: string): Promise<Snapshot> => captureSnapshot({ stdio: stdioCommand(name), timeoutMs: 20_000 });

describe('diff of captured fixture servers', () => {
  let v1sdk1: Snapshot;
  let v1sdk2: Snapshot;
  let v2sdk1: Snapshot;
  beforeAll(async () => {
    [v1sdk1, v1sdk2, v2sdk1] = await Promise.all([capture('weather-v1-sdk1'), capture('weather-v1-sdk2'), capture('weather-v2-sdk1')]);
  });

  it('the same tools on SDK 1.x and SDK 2.x: no breaking finding, in either direction', () => {
    expect(v1sdk1.tools.map((t) => t.name)).toEqual(v1sdk2.tools.map((t) => t.name));
    const forward = diffSnapshots(v1sdk1, v1sdk2);
    const backward = diffSnapshots(v1sdk2, v1sdk1);
    expect(forward.filter((f) => f.severity === 'breaking')).toEqual([]);
    expect(forward.filter((f) => f.severity === 'warning')).toEqual([]);
    // The one real difference: SDK 2.x also accepts 2026-07-28, so going back to SDK 1.x drops it.
    expect(forward.map((f) => `${f.severity} ${f.rule} ${String(f.after)}`)).toEqual(['safe protocol-version-added 2026-07-28']);
    expect(backward.filter((f) => f.severity === 'breaking').map((f) => `${f.rule} ${String(f.before)}`)).toEqual(['protocol-version-dropped 2026-07-28']);
  });

  it('raw listings of SDK 1.x and 2.x (draft-07 vs 2020-12 $schema, taskSupport "forbidden") diff to nothing without normalisation', async () => {
    const [sdk1, sdk2] = await Promise.all([rawTools('weather-v1-sdk1'), rawTools('weather-v1-sdk2')]);
    expect(JSON.stringify(sdk1)).not.toBe(JSON.stringify(sdk2));
    expect(JSON.stringify(sdk1)).toContain('draft-07');
    expect(JSON.stringify(sdk2)).toContain('2020-12');
    const raw = (tools: Snapshot['tools']): Snapshot => ({ ...v1sdk1, tools });
    expect(diffSnapshots(raw(sdk1), raw(sdk2))).toEqual([]);
    expect(diffSnapshots(raw(sdk2), raw(sdk1))).toEqual([]);
  });

  it('weather 1.0.0 -> 2.0.0: what a careful reader of the change sees', () => {
    const findings = diffSnapshots(v1sdk1, v2sdk1);
    expect(findings.map((f) => `${f.severity} ${f.rule} ${f.subject.name}${f.pointer.after ? ` ${f.pointer.after.replace(/^\/tools\/\d+\//, '')}` : ''}`)).toEqual([
      'breaking input-enum-value-removed get_forecast',
      'breaking input-required-property-added get_forecast inputSchema/required',
      'breaking tool-removed lookup_station',
      'warning instructions-changed weather /instructions',
      'safe input-property-added get_current_conditions inputSchema/properties/include_air_quality',
    ]);
    expect(findings[0]!.message).toBe('tool "get_forecast" input "units": value "kelvin" is no longer allowed');
  });

  it('the same server across SDK lines and versions: SDK 2.x base against 2.0.0 on SDK 1.x says the same', () => {
    const viaSdk2 = diffSnapshots(v1sdk2, v2sdk1).map((f) => [f.rule, f.subject.name, f.fingerprint]);
    const viaSdk1 = diffSnapshots(v1sdk1, v2sdk1).map((f) => [f.rule, f.subject.name, f.fingerprint]);
    // Plus the revision SDK 1.x does not speak.
    expect(viaSdk2.filter(([rule]) => rule !== 'protocol-version-dropped')).toEqual(viaSdk1);
  });
});
