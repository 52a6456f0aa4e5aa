// Why capture uses the SDK 2.x client (@modelcontextprotocol/client) and not SDK 1.x (@modelcontextprotocol/sdk):
// the 1.x Client, run against the same fixture servers, cannot do what capture must. If one of these starts
// failing, SDK 1.x changed and the choice can be revisited.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { describe, expect, it } from 'vitest';
import { captureSnapshot } from '../../src/capture/index.js';
import { fixture, stdioCommand } from '../fixtures/servers/lib/harness.js';

async function withSdk1Client<T>(name: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ name: 'sdk1-comparison', version: '0' });
  const transport = new StdioClientTransport({ command: process.execPath, args: [fixture(name)], stderr: 'ignore' });
  try {
    // Generous timeouts: they only bound a start-up that takes well under a second idle, seconds on a loaded machine.
    await client.connect(transport, { timeout: 60_000 });
    return await use(client);
  } finally {
    await client.close();
  }
}

describe('SDK 1.x Client vs what capture needs', () => {
  it('1.x listTools() throws on an inputSchema without type "object"; capture records it', async () => {
    await expect(withSdk1Client('nonconformant-schema-sdk1', (c) => c.listTools())).rejects.toThrow(/"path": \[\s*"tools",\s*0,\s*"inputSchema",\s*"type"\s*\]/);
    const snapshot = await captureSnapshot({ stdio: stdioCommand('nonconformant-schema-sdk1'), timeoutMs: 60_000 });
    expect(snapshot.tools.map((t) => t.name)).toEqual(['ping', 'search_documents']);
  });

  it('1.x cannot initialize a 2026-07-28-only server; capture discovers it', async () => {
    await expect(withSdk1Client('modern-only-2026-sdk2', async () => undefined)).rejects.toThrow(/Unsupported protocol version/);
    const snapshot = await captureSnapshot({ stdio: stdioCommand('modern-only-2026-sdk2'), timeoutMs: 60_000 });
    expect(snapshot.tools.map((t) => t.name)).toEqual(['plan_route']);
  });

  it('1.x listTools() returns one page; capture walks all of them', async () => {
    const firstPage = await withSdk1Client('paginated-catalog-sdk1', (c) => c.listTools());
    expect(firstPage.tools).toHaveLength(10);
    expect(firstPage.nextCursor).toBeDefined();
    const snapshot = await captureSnapshot({ stdio: stdioCommand('paginated-catalog-sdk1'), timeoutMs: 60_000 });
    expect(snapshot.tools).toHaveLength(25);
  });
});
