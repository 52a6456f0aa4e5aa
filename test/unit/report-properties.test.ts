// Properties that must hold for any server text, checked with generated input: a markdown row stays one row
// with four cells and no HTML, a workflow command stays one line, the XML stays free of raw markup, and the
// line locator agrees with the line each tool's name is printed on.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/diff/types.js';
import { buildReport, renderReport } from '../../src/report/index.js';
import { locateSubjects } from '../../src/report/locate.js';
import { parseSnapshot } from '../../src/snapshot/index.js';

const snap = parseSnapshot('{"tools": []}', 'x');
const side = { snapshot: snap, source: 'x.json' };
const anyText = fc.string({ unit: 'binary', maxLength: 60 });
const finding = (name: string, message: string): Finding => ({
  rule: 'tool-removed',
  severity: 'breaking',
  subject: { kind: 'tool', name },
  pointer: { before: '/tools/0' },
  message,
  fingerprint: 'abc',
});

describe('renderers on arbitrary server text', () => {
  it('markdown: one row, four cells, no raw HTML or mentions', () => {
    fc.assert(
      fc.property(anyText, anyText, (name, message) => {
        const out = renderReport(buildReport(side, side, [finding(name, message)]), 'markdown');
        const rows = out.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Subject'));
        expect(rows).toHaveLength(1);
        expect(rows[0]!.replace(/\\\|/g, '').split('|')).toHaveLength(6);
        expect(rows[0]).not.toMatch(/[<>@]/);
      }),
      { numRuns: 300 },
    );
  });

  it('github: each finding is exactly one command line', () => {
    fc.assert(
      fc.property(anyText, anyText, (name, message) => {
        const lines = renderReport(buildReport(side, side, [finding(name, message)]), 'github').trimEnd().split('\n');
        expect(lines).toHaveLength(2);
        expect(lines[0]).toMatch(/^::error title=[^:]*::/);
      }),
      { numRuns: 300 },
    );
  });

  it('junit: no raw markup or invalid XML characters from server text', () => {
    fc.assert(
      fc.property(anyText, anyText, (name, message) => {
        const xml = renderReport(buildReport(side, side, [finding(name, message)]), 'junit');
        const tags = xml.match(/<[^>]*>/g)!.map((t) => t.replace(/\s.*$/s, '').replace(/>$/, ''));
        expect(tags).toEqual(['<?xml', '<testsuites', '<testsuite', '<testcase', '<failure', '</failure', '</testcase', '</testsuite', '</testsuites']);
        // eslint-disable-next-line no-control-regex -- the point is that none are left
        expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/);
      }),
      { numRuns: 300 },
    );
  });
});

describe('locateSubjects on generated snapshots', () => {
  it('finds the line where each tool name is printed', () => {
    const schema = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.record({ type: fc.constantFrom('string', 'number'), name: fc.string(), default: fc.string() }),
        fc.record({ type: fc.constant('object'), properties: fc.dictionary(fc.string(), tie('node'), { maxKeys: 3 }) }),
        fc.record({ examples: fc.array(fc.record({ name: fc.string() }), { maxLength: 2 }) }),
      ),
    })).node;
    fc.assert(
      fc.property(fc.uniqueArray(fc.record({ name: fc.string({ minLength: 1 }), inputSchema: schema }), { selector: (t) => t.name, maxLength: 6 }), (tools) => {
        const text = JSON.stringify({ tools }, null, 2);
        const lines = text.split('\n');
        const located = locateSubjects(text);
        for (const tool of tools) {
          const expected = lines.findIndex((l) => l === `      "name": ${JSON.stringify(tool.name)},` || l === `      "name": ${JSON.stringify(tool.name)}`) + 1;
          expect(located.get(`tool/${tool.name}`)).toBe(expected);
        }
        expect(located.size).toBe(tools.length);
      }),
      { numRuns: 200 },
    );
  });
});
