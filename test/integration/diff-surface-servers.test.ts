// Issue 14 end to end on real SDK servers: the "charts" fixture (SDK 2.x) captured over stdio AND Streamable HTTP
// gives the same resources, instructions and accepted revisions either way, and 1.4.0 -> 1.5.0 gives exactly the
// findings the fixture documents; a URL that stops answering legacy SSE loses a transport; an old snapshot
// (written before these parts were captured) against a new capture gives no false finding.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureSnapshot } from '../../src/capture/index.js';
import { diffSnapshots } from '../../src/diff/index.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { startHttpServer, stdioCommand, type RunningServer } from '../fixtures/servers/lib/harness.js';

const overStdio = (name: string): Promise<Snapshot> => captureSnapshot({ stdio: stdioCommand(name), timeoutMs: 20_000 });
const overUrl = (url: string): Promise<Snapshot> => captureSnapshot({ url, timeoutMs: 20_000 });
const lines = (findings: ReturnType<typeof diffSnapshots>) => findings.map((f) => `${f.severity} ${f.rule} ${f.subject.kind}/${f.subject.name}`);

// In the one subject order (src/diff/finding.ts): server, tool, prompt, resource, resource template.
const CHARTS_V1_TO_V2 = [
  'breaking protocol-version-dropped server/charts',
  'breaking protocol-version-dropped server/charts',
  'breaking tool-ui-resource-removed tool/show_chart',
  'breaking resource-removed resource/file:///docs/charts.md',
  'breaking resource-removed resource/ui://charts/view',
  'warning instructions-changed server/charts',
  'warning resource-mime-type-changed resource/charts://palette',
];

describe('resources, instructions and protocol revisions of real servers', () => {
  const servers: RunningServer[] = [];
  let stdio: { v1: Snapshot; v2: Snapshot };
  let http: { v1: Snapshot; v2: Snapshot };
  beforeAll(async () => {
    const [s1, s2, h1, h2] = await Promise.all([
      overStdio('charts-v1-sdk2'),
      overStdio('charts-v2-sdk2'),
      startHttpServer('charts-v1-sdk2', ['--http']),
      startHttpServer('charts-v2-sdk2', ['--http']),
    ]);
    servers.push(h1, h2);
    stdio = { v1: s1, v2: s2 };
    const [u1, u2] = await Promise.all([overUrl(h1.url), overUrl(h2.url)]);
    http = { v1: u1, v2: u2 };
  }, 120_000);
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });

  it('captures static resources (the UI resource too), instructions and every accepted revision', () => {
    expect(stdio.v1.resources!.map((r) => [r.uri, r.mimeType])).toEqual([
      ['charts://palette', 'text/plain'],
      ['file:///docs/charts.md', 'text/markdown'],
      ['ui://charts/view', 'text/html;profile=mcp-app'],
    ]);
    expect(stdio.v1.instructions).toBe('Call show_chart for any table of numbers.');
    expect(stdio.v1.protocolVersions).toEqual(['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25', '2026-07-28']);
    expect(stdio.v2.protocolVersions).toEqual(['2025-06-18', '2025-11-25', '2026-07-28']);
    expect(stdio.v1.tools[0]!._meta).toEqual({ ui: { resourceUri: 'ui://charts/view' } });
  });

  it('over Streamable HTTP the capture is the same, plus the transports that answer at the URL', () => {
    for (const v of ['v1', 'v2'] as const) {
      const { transports, ...rest } = http[v];
      expect(transports).toEqual(['streamable-http']);
      expect(rest).toEqual(stdio[v]);
    }
  });

  it('charts 1.4.0 -> 1.5.0 over stdio: a dropped resource, a dropped UI resource, new instructions, dropped revisions', () => {
    const findings = diffSnapshots(stdio.v1, stdio.v2);
    expect(lines(findings)).toEqual(CHARTS_V1_TO_V2);
    expect(findings.filter((f) => f.rule === 'protocol-version-dropped').map((f) => f.before)).toEqual(['2024-11-05', '2025-03-26']);
  });

  it('and over Streamable HTTP the same findings', () => {
    expect(lines(diffSnapshots(http.v1, http.v2))).toEqual(CHARTS_V1_TO_V2);
  });

  it('a snapshot written before these parts were captured, against a new capture: no false finding', () => {
    const { resources: _r, instructions: _i, protocolVersions: _p, ...old } = stdio.v1;
    expect(diffSnapshots(old, stdio.v1)).toEqual([]);
    expect(diffSnapshots(stdio.v1, old)).toEqual([]);
  });

  it('a server that accepts only the newest revision (2026-07-28, no initialize) is recorded as such', async () => {
    expect((await overStdio('modern-only-2026-sdk2')).protocolVersions).toEqual(['2026-07-28']);
  }, 60_000);

  it('a URL that stops answering legacy SSE: transport-removed', async () => {
    const both = await startHttpServer('weather-v1-sdk1', ['--http-and-sse']);
    const plain = await startHttpServer('weather-v1-sdk1', ['--http']);
    servers.push(both, plain);
    const [before, after] = await Promise.all([overUrl(both.url), overUrl(plain.url)]);
    expect(before.transports).toEqual(['sse', 'streamable-http']);
    expect(after.transports).toEqual(['streamable-http']);
    expect(lines(diffSnapshots(before, after))).toEqual(['breaking transport-removed server/weather']);
  }, 60_000);
});
