// The six renderings of a DiffReport, asserted on structure: ordering and grouping, verdicts, escaping of
// hostile server text, GitHub annotation lines, the markdown size cap, well-formed JUnit XML.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/diff/rules.js';
import type { DiffReport, Finding, Severity, Subject } from '../../src/diff/types.js';
import { buildReport, MARKDOWN_MAX_BYTES, renderReport } from '../../src/report/index.js';
import { escapeData, escapeProperty } from '../../src/report/github.js';
import { locateSubjects } from '../../src/report/locate.js';
import { parseSnapshot } from '../../src/snapshot/index.js';

const ruleOf = (severity: Severity) => RULES.find((r) => r.severity === severity)!.id;
let counter = 0;
function finding(severity: Severity, subject: Subject, message: string, rule = ruleOf(severity)): Finding {
  counter += 1;
  return { rule, severity, subject, pointer: { after: `/tools/0/x${counter}` }, message, fingerprint: `fp${String(counter).padStart(4, '0')}` };
}
const tool = (name: string): Subject => ({ kind: 'tool', name });

const headPath = new URL('../fixtures/snapshots/weather-2.0.0.json', import.meta.url);
const headText = readFileSync(headPath, 'utf8');
const side = (version: string, text: string, file?: string) => ({ snapshot: parseSnapshot(text, 'test'), source: file ?? `weather-${version}.json`, file, text });
const base = side('1.0.0', readFileSync(new URL('../fixtures/snapshots/weather-1.0.0.json', import.meta.url), 'utf8'));
const head = side('2.0.0', headText, 'test/fixtures/snapshots/weather-2.0.0.json');

function sample(): DiffReport {
  return buildReport(base, head, [
    finding('safe', tool('get_air_quality'), 'Tool "get_air_quality" added'),
    finding('warning', tool('get_forecast'), 'Description changed'),
    finding('breaking', tool('get_forecast'), 'Argument "units" is now required'),
    finding('breaking', tool('get_alerts'), 'Tool "get_alerts" removed'),
    finding('breaking', tool('get_forecast'), 'days: maximum lowered from 14 to 7'),
  ]);
}

describe('buildReport', () => {
  it('carries both sides and counts the findings', () => {
    const report = sample();
    expect(report.format).toBe(1);
    expect(report.base).toEqual({ server: { name: 'weather', version: '1.0.0' }, source: 'weather-1.0.0.json' });
    expect(report.head).toEqual({ server: { name: 'weather', version: '2.0.0' }, source: 'test/fixtures/snapshots/weather-2.0.0.json' });
    expect(report.summary).toEqual({ breaking: 3, warning: 1, safe: 1 });
  });
});

describe('text', () => {
  it('puts breaking first, groups by subject, ends with the summary line', () => {
    const out = renderReport(sample(), 'text');
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe('weather 1.0.0 (weather-1.0.0.json) -> weather 2.0.0 (test/fixtures/snapshots/weather-2.0.0.json)');
    const at = (text: string) => lines.findIndex((l) => l.includes(text));
    expect(at('BREAKING (3)')).toBeLessThan(at('WARNING (1)'));
    expect(at('WARNING (1)')).toBeLessThan(at('SAFE (1)'));
    // get_alerts sorts before get_forecast; both breaking get_forecast findings sit under one subject line.
    expect(at('  tool/get_alerts')).toBeLessThan(at('  tool/get_forecast'));
    expect(lines.filter((l) => l === '  tool/get_forecast')).toHaveLength(2); // once under BREAKING, once under WARNING
    const forecast = at('  tool/get_forecast');
    expect(lines[forecast + 1]).toContain('Argument "units" is now required');
    expect(lines[forecast + 2]).toContain('days: maximum lowered from 14 to 7');
    expect(lines.at(-1)).toBe('FAIL: 3 breaking, 1 warning, 1 safe (fails on breaking)');
    expect(out).not.toContain('\u001b[');
  });

  it('--show lists only what matters, and says how much it left out; the counts cover everything', () => {
    const out = renderReport(sample(), 'text', { show: 'warning' });
    expect(out).not.toContain('SAFE (1)');
    expect(out).toContain('WARNING (1)');
    expect(out).toContain('1 safe change not listed (--show all lists them)');
    expect(out.trimEnd().split('\n').at(-1)).toBe('FAIL: 3 breaking, 1 warning, 1 safe (fails on breaking)');
    const breakingOnly = renderReport(sample(), 'text', { show: 'breaking' });
    expect(breakingOnly).not.toContain('WARNING (1)');
    expect(breakingOnly).toContain('2 warning and safe changes not listed');
    const md = renderReport(sample(), 'markdown', { show: 'breaking' });
    expect(md).not.toContain('Warnings (1)');
    expect(md).toContain('_2 warning and safe changes not listed (--show all lists them)._');
    expect(renderReport(sample(), 'text')).toContain('SAFE (1)');
  });

  it('colours only when asked', () => {
    expect(renderReport(sample(), 'text', { color: true })).toContain('\u001b[31m');
  });

  it('shows ignored findings with reasons and policy notices; OK when nothing fails', () => {
    const report = buildReport(base, head, [finding('warning', tool('a'), 'w')]);
    const ignored = [{ finding: finding('breaking', tool('b'), 'removed'), reason: 'deprecated since May' }];
    const out = renderReport(report, 'text', { ignored, notices: ['ignore[1] (fingerprint x) expired on 2026-01-01 and no longer applies'] });
    expect(out).toContain('IGNORED BY POLICY (1)');
    expect(out).toContain('deprecated since May');
    expect(out).toContain('notice: ignore[1] (fingerprint x) expired');
    expect(out.trimEnd().split('\n').at(-1)).toBe('OK: 0 breaking, 1 warning, 0 safe, 1 ignored (fails on breaking)');
    expect(renderReport(report, 'text', { failOn: 'warning' }).trimEnd().split('\n').at(-1)).toBe('FAIL: 0 breaking, 1 warning, 0 safe (fails on warning or worse)');
  });

  it('no findings says so', () => {
    const out = renderReport(buildReport(base, head, []), 'text');
    expect(out).toContain('No changes.');
    expect(out.trimEnd().split('\n').at(-1)).toBe('OK: 0 breaking, 0 warnings, 0 safe (fails on breaking)');
  });

  it('server text cannot inject terminal escape sequences or extra lines', () => {
    const out = renderReport(buildReport(base, head, [finding('warning', tool('evil\u001b[2J'), 'line1\nline2\u001b]0;pwned\u0007')]), 'text');
    expect(out).not.toContain('\u001b');
    expect(out).not.toContain('\u0007');
    expect(out).toContain('line1 line2\\u001b]0;pwned\\u0007');
  });
});

describe('json', () => {
  it('is the contract and nothing else', () => {
    const report = sample();
    (report.findings[0] as unknown as Record<string, unknown>).internal = 'x';
    const parsed = JSON.parse(renderReport(report, 'json'));
    expect(Object.keys(parsed)).toEqual(['format', 'base', 'head', 'summary', 'findings']);
    expect(Object.keys(parsed.findings[0]).sort()).toEqual(['fingerprint', 'message', 'pointer', 'rule', 'severity', 'subject']);
  });
});

describe('markdown', () => {
  it('one-line verdict, a table per severity, ignored findings', () => {
    const out = renderReport(sample(), 'markdown', { ignored: [{ finding: finding('breaking', tool('x'), 'm'), reason: 'ok by #12' }] });
    const lines = out.split('\n');
    expect(lines[0]).toBe('**❌ 3 breaking changes** in `weather` 1.0.0 → 2.0.0 (3 breaking, 1 warning, 1 safe; fails on breaking).');
    expect(out).toContain('#### Breaking (3)\n\n| Subject | Rule | Change | Fingerprint |\n|---|---|---|---|\n| `tool/get_alerts` |');
    // Every row carries its fingerprint, to be copied into the policy file.
    expect(out).toMatch(/\| Tool "get\\_alerts" removed \| `fp\d{4}` \|\n/);
    expect(out).toContain('#### Warnings (1)');
    // Safe changes are folded even when few; the ignored table carries fingerprints too.
    expect(out).toContain('<details><summary>Safe (1)</summary>');
    expect(out).toContain('#### Ignored by policy (1)\n\n| Subject | Rule | Reason | Fingerprint |');
  });

  it('verdicts for warnings only and for no changes', () => {
    const warnOnly = buildReport(base, head, [finding('warning', tool('a'), 'w')]);
    expect(renderReport(warnOnly, 'markdown').split('\n')[0]).toBe('**✅ No breaking changes** in `weather` 1.0.0 → 2.0.0 (0 breaking, 1 warning, 0 safe).');
    expect(renderReport(warnOnly, 'markdown', { failOn: 'warning' }).split('\n')[0]).toMatch(/^\*\*❌ 1 warning\*\*/);
    expect(renderReport(buildReport(base, head, []), 'markdown').split('\n')[0]).toBe('**✅ No changes** to the MCP surface of `weather` 1.0.0 → 2.0.0.');
  });

  it('never folds breaking changes, folds long warning tables and always folds safe ones', () => {
    const many = (severity: Severity) => Array.from({ length: 11 }, (_, i) => finding(severity, tool(`${severity}${i}`), `changed ${i}`));
    const out = renderReport(buildReport(base, head, [...many('breaking'), ...many('warning'), ...many('safe')]), 'markdown');
    expect(out).toContain('#### Breaking (11)');
    expect(out).not.toContain('<summary>Breaking');
    expect(out).toContain('<details><summary>Warnings (11)</summary>');
    expect(out).toContain('<details><summary>Safe (11)</summary>');
    expect(out.match(/^\| `tool\/[a-z]+\d/gm)).toHaveLength(33);
  });

  it('names each side in the headline when the server was renamed', () => {
    const renamed = { ...head, snapshot: { ...head.snapshot, server: { name: 'mcp-servers/everything', version: '2.0.0' } } };
    const before = { ...base, snapshot: { ...base.snapshot, server: { name: 'example-servers/everything', version: '1.0.0' } } };
    const out = renderReport(buildReport(before, renamed, [finding('breaking', tool('a'), 'gone')]), 'markdown');
    expect(out.split('\n')[0]).toBe('**❌ 1 breaking change** in `example-servers/everything` 1.0.0 → `mcp-servers/everything` 2.0.0 (1 breaking, 0 warnings, 0 safe; fails on breaking).');
  });

  it('escapes server text: no HTML, no mentions, no broken tables', () => {
    const out = renderReport(buildReport(base, head, [finding('breaking', tool('a|b'), '<img src=x onerror=alert(1)> | @octocat **bold** [x](http://e)')]), 'markdown');
    expect(out).not.toContain('<img');
    expect(out).not.toContain('@octocat');
    const row = out.split('\n').find((l) => l.startsWith('| `tool/a'))!;
    // Exactly five unescaped pipes: the row's own cell borders.
    expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(6);
  });

  it('stays under the size cap whatever the server and policy send: huge names, messages, reasons and notices', () => {
    const huge = '<&|@`'.repeat(20_000);
    const report = buildReport(base, head, Array.from({ length: 300 }, (_, i) => finding('breaking', tool(`${huge}${i}`), huge)));
    const out = renderReport(report, 'markdown', {
      ignored: Array.from({ length: 300 }, (_, i) => ({ finding: finding('warning', tool(`${huge}${i}`), huge), reason: huge })),
      notices: Array.from({ length: 1000 }, () => huge),
    });
    expect(Buffer.byteLength(out)).toBeLessThanOrEqual(MARKDOWN_MAX_BYTES);
    expect(out).toContain('…and 990 more policy notices.');
  });

  it('stays under the size cap with 5,000 findings and says how many are not shown', () => {
    const long = 'x'.repeat(500);
    const many = Array.from({ length: 5000 }, (_, i) => finding(i % 3 === 0 ? 'breaking' : i % 3 === 1 ? 'warning' : 'safe', tool(`tool_${i}`), `${long} ${i}`));
    const started = performance.now();
    const out = renderReport(buildReport(base, head, many), 'markdown');
    // Proves only that it ends: 5-10 times the idle time, as a loaded machine is several times slower.
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(Buffer.byteLength(out)).toBeLessThanOrEqual(MARKDOWN_MAX_BYTES);
    expect(out.split('\n')[0]).toMatch(/^\*\*❌ 1667 breaking changes\*\*/);
    const shown = (out.match(/^\| `tool\//gm) ?? []).length;
    expect(shown).toBeGreaterThan(50);
    expect(out).toContain(`_${5000 - shown} findings not shown to keep this comment short; the json report has all of them._`);
  });
});

describe('github', () => {
  it('escapes data and properties as the runner expects', () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
  });

  it('one command per finding; without a matching pointer, at the subject\'s "name" line, or at its list when gone', () => {
    const lines = renderReport(sample(), 'github', { head: { file: head.file, text: headText } }).trimEnd().split('\n');
    const textLines = headText.split('\n');
    const lineOf = (name: string) => textLines.findIndex((l) => l === `      "name": "${name}",` || l === `      "name": "${name}"`) + 1;
    expect(lineOf('get_forecast')).toBeGreaterThan(0);
    const toolsLine = textLines.indexOf('  "tools": [') + 1;
    expect(lines[0]).toMatch(
      new RegExp(`^::error file=test/fixtures/snapshots/weather-2\\.0\\.0\\.json,line=${toolsLine},title=Breaking MCP change \\(tool/get_alerts\\)::[a-z-]+: Tool "get_alerts" removed \\[fp\\d+\\]$`),
    );
    // The sample's pointers (/tools/0/x…) name no real value, and /tools/0 is another tool in this file.
    expect(lines[1]).toContain(`::error file=test/fixtures/snapshots/weather-2.0.0.json,line=${lineOf('get_forecast')},title=Breaking MCP change (tool/get_forecast)`);
    expect(lines.filter((l) => l.startsWith('::error '))).toHaveLength(3);
    expect(lines.filter((l) => l.startsWith('::warning '))).toHaveLength(1);
    // Safe changes only with --show all: by default GitHub's few shown annotations go to what matters.
    expect(lines.filter((l) => l.startsWith('::notice '))).toEqual([]);
    expect(lines.at(-1)).toBe('mcp-drift-guard: 3 breaking, 1 warning, 1 safe; 1 safe change not listed (--show all lists them)');
    const all = renderReport(sample(), 'github', { head: { file: head.file, text: headText }, show: 'all' }).trimEnd().split('\n');
    expect(all.find((l) => l.startsWith('::notice '))).toContain(`line=${lineOf('get_air_quality')}`);
    expect(all.at(-1)).toBe('mcp-drift-guard: 3 breaking, 1 warning, 1 safe');
  });

  it('in a canonical snapshot file, a finding points at the changed line itself', () => {
    const textLines = headText.split('\n');
    const at = (needle: string, from = 0) => textLines.findIndex((l, i) => i >= from && l.includes(needle)) + 1;
    const forecastStart = at('"description": "Get the weather forecast');
    const findings = [
      { ...finding('breaking', tool('get_forecast'), 'max'), pointer: { before: '/tools/1/inputSchema/properties/days/maximum', after: '/tools/1/inputSchema/properties/days/maximum' } },
      { ...finding('breaking', tool('get_forecast'), 'req'), pointer: { after: '/tools/1/inputSchema/required' } },
      { ...finding('safe', tool('get_forecast'), 'units'), pointer: { after: '/tools/1/inputSchema/properties/units' } },
    ];
    const out = renderReport(buildReport(base, head, findings), 'github', { head: { file: 'h.json', text: headText }, show: 'all' }).split('\n');
    expect(out[0]).toContain(`line=${at('"maximum": 7')},`);
    expect(out[1]).toContain(`line=${at('"required": [', forecastStart)},`);
    expect(out[2]).toContain(`line=${at('"units": {')},`);
    // The same findings against a JSON-RPC envelope (other indexes, other nesting) fall back to the name line.
    const envelope = JSON.stringify({ jsonrpc: '2.0', id: 1, result: { tools: JSON.parse(headText).tools.reverse() } }, null, 2);
    const envLines = envelope.split('\n');
    const nameLine = envLines.findIndex((l) => l.includes('"name": "get_forecast"')) + 1;
    const fallback = renderReport(buildReport(base, head, findings), 'github', { head: { file: 'h.json', text: envelope }, show: 'all' }).split('\n');
    for (const line of fallback.slice(0, 3)) expect(line).toContain(`line=${nameLine},`);
  });

  it('multi-line and percent messages cannot end the command early', () => {
    const out = renderReport(buildReport(base, head, [finding('breaking', tool('t,1:x'), '100%\nfake line\r\n::error::injected')]), 'github');
    const first = out.split('\n')[0]!;
    expect(first).toContain('title=Breaking MCP change (tool/t%2C1%3Ax)');
    // The finding-line formatter folds newlines: the runner sees one line whatever the server sent.
    expect(first).toMatch(/::[a-z-]+: 100%25 fake line ::error::injected \[fp\d+\]$/);
    expect(out.split('\n').filter((l) => l.startsWith('::'))).toHaveLength(1);
  });

  it('without a head file there is no file or line', () => {
    expect(renderReport(sample(), 'github').split('\n')[0]).toMatch(/^::error title=/);
  });
});

describe('locateSubjects', () => {
  it('finds list items by their own "name", not a property or example called "name"', () => {
    const text = JSON.stringify(
      {
        result: {
          tools: [
            { name: 'a', inputSchema: { type: 'object', properties: { name: { type: 'string', examples: ['b'] } }, examples: [{ name: 'b' }] } },
            { inputSchema: { type: 'object' }, name: 'b' },
          ],
          prompts: [{ name: 'b', arguments: [{ name: 'a' }] }],
        },
        jsonrpc: '2.0',
        id: 1,
      },
      null,
      2,
    );
    const lines = text.split('\n');
    const located = locateSubjects(text);
    expect(located.get('tool/a')).toBe(lines.indexOf('        "name": "a",') + 1);
    expect(located.get('tool/b')).toBe(lines.indexOf('        "name": "b"') + 1);
    expect(located.get('prompt/b')).toBe(lines.indexOf('        "name": "b",') + 1);
    expect(located.get('tool/b')).toBe(27);
    expect(located.has('prompt/a')).toBe(false);
    expect(located.size).toBe(3);
  });

  it('a byte-order mark or CRLF line ends do not throw the lines off', () => {
    const text = '\ufeff{\r\n  "tools": [\r\n    {"name": "a", "n": -1.5e3, "ok": true}, {"name": "b"}\r\n  ]\r\n}';
    const located = locateSubjects(text);
    expect(located.get('tool/a')).toBe(3);
    expect(located.get('tool/b')).toBe(3);
  });

  it('a capability finding points at its line in a snapshot file', () => {
    const capability = { ...finding('safe', { kind: 'server', name: 'weather' }, 'listChanged declared'), pointer: { after: '/capabilities/tools/listChanged' } };
    const out = renderReport(buildReport(base, head, [capability]), 'github', { head: { file: 'h.json', text: headText }, show: 'all' });
    expect(out).toContain(`line=${headText.split('\n').indexOf('      "listChanged": true') + 1},`);
    const gone = { ...capability, pointer: { before: '/capabilities/logging' } };
    const out2 = renderReport(buildReport(base, head, [gone]), 'github', { head: { file: 'h.json', text: headText }, show: 'all' });
    expect(out2).toContain(`line=${headText.split('\n').indexOf('  "server": {') + 1},`);
  });

  it('finds escaped names and the server key in a snapshot file', () => {
    const text = '{\n  "server": {"name": "s", "version": "1"},\n  "tools": [\n    {"name": "we\\"ird\\u00e9"}\n  ]\n}';
    const located = locateSubjects(text);
    expect(located.get('tool/we"irdé')).toBe(4);
    expect(located.get('server/')).toBe(2);
  });
});

describe('junit', () => {
  it('one suite per subject kind, one testcase per subject, failures at fail-on, escaped', () => {
    const report = buildReport(base, head, [
      finding('breaking', tool('get_forecast'), 'a < b & "c"'),
      finding('safe', tool('get_forecast'), 'added'),
      finding('warning', { kind: 'prompt', name: 'plan_trip' }, 'desc\u0000changed'),
    ]);
    const xml = renderReport(report, 'junit');
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    expect(xml).toContain('tests="2" failures="1"');
    expect(xml).toContain('<testsuite name="tool" tests="1" failures="1"');
    expect(xml).toContain('<testsuite name="prompt" tests="1" failures="0"');
    expect(xml).toContain('message="breaking: a &lt; b &amp; &quot;c&quot;"');
    expect(xml).toContain('<system-out>safe ');
    expect(xml).not.toContain('\u0000');
    expect(renderReport(report, 'junit', { failOn: 'warning' })).toContain('<testsuite name="prompt" tests="1" failures="1"');
    // Well-formed: every opened element is closed in order (a small stack check; no XML parser is installed).
    const stack: string[] = [];
    for (const [, close, name, selfClose] of xml.matchAll(/<(\/?)([a-z-]+)[^>]*?(\/?)>/g)) {
      if (selfClose) continue;
      if (close) expect(stack.pop()).toBe(name);
      else stack.push(name!);
    }
    expect(stack).toEqual([]);
    expect(xml.replace(/&(amp|lt|gt|quot|apos);/g, '')).not.toMatch(/&|<[^a-z/?]/);
  });
});
