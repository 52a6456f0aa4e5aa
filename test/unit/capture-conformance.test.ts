// The capture's conformance warnings: one line for every tool without a top-level type "object", and a loud one
// when every tool's inputSchema is {} (server-filesystem 2025.7.1 or server-github 0.6.2 installed today: zod 4
// under an old zod-to-json-schema), instead of one identical-looking warning per tool.
import { describe, expect, it } from 'vitest';
import { conformanceWarnings } from '../../src/capture/conformance.js';

const tool = (name: string, inputSchema: Record<string, unknown>) => ({ name, inputSchema });

describe('conformanceWarnings', () => {
  it('conformant tools: nothing to say', () => {
    expect(conformanceWarnings([tool('a', { type: 'object' }), tool('b', { type: 'object', properties: {} })])).toEqual([]);
  });

  it('one tool without type "object": one line naming it', () => {
    expect(conformanceWarnings([tool('a', { type: 'object' }), tool('b', { properties: {} })])).toEqual([
      'tool "b": inputSchema has no top-level type "object": recorded as sent; clients on SDK 1.x reject the whole tools/list',
    ]);
  });

  it('eleven such tools: still one line, listing eight and counting the rest', () => {
    const tools = [tool('ok', { type: 'object' }), ...Array.from({ length: 11 }, (_, i) => tool(`t${i}`, { properties: {} }))];
    expect(conformanceWarnings(tools)).toEqual([
      '11 tools\' inputSchemas have no top-level type "object" (t0, t1, t2, t3, t4, t5, t6, t7 and 3 more): recorded as sent; clients on SDK 1.x reject the whole tools/list',
    ]);
  });

  it('every inputSchema is {}: one loud line that says the capture looks degenerate and why', () => {
    const [warning, ...rest] = conformanceWarnings(Array.from({ length: 26 }, (_, i) => tool(`github_${i}`, {})));
    expect(rest).toEqual([]);
    expect(warning).toMatch(/^THIS CAPTURE LOOKS DEGENERATE: all 26 tools have an empty inputSchema \{\}/);
    expect(warning).toContain('zod 4 with a zod-to-json-schema made for zod 3');
  });
});
