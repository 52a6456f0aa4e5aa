// JUnit XML for CI test dashboards: one testsuite per subject kind, one testcase per changed subject, a
// <failure> for each finding at or above fail-on; the rest are listed in the testcase's system-out.
import type { DiffReport, Finding } from '../diff/types.js';
import { failsOn } from '../policy/apply.js';
import { groupBySubject } from './order.js';
import type { RenderOptions } from './types.js';
import { findingText } from './finding-line.js';
import { serverLabel } from './server-label.js';

/** XML text/attribute escaping; characters XML 1.0 cannot carry at all are replaced, keeping it well-formed. */
export function escapeXml(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    .replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const attr = (name: string, value: string | number) => `${name}="${escapeXml(String(value))}"`;

export function renderJunit(report: DiffReport, options: RenderOptions = {}): string {
  const failOn = options.failOn ?? 'breaking';
  const kinds = new Map<string, ReturnType<typeof groupBySubject>>();
  for (const group of groupBySubject(report.findings)) {
    const kind = group.findings[0]!.subject.kind;
    kinds.set(kind, [...(kinds.get(kind) ?? []), group]);
  }
  const failing = (f: Finding) => failsOn(f.severity, failOn);
  let tests = 0;
  let failures = 0;
  const suites: string[] = [];
  for (const [kind, groups] of kinds) {
    const suiteFailures = groups.filter((g) => g.findings.some(failing)).length;
    tests += groups.length;
    failures += suiteFailures;
    const cases = groups.map((group) => {
      const name = group.findings[0]!.subject.name;
      const bad = group.findings.filter(failing);
      const rest = group.findings.filter((f) => !failing(f));
      const failureXml = bad
        .map((f) => `      <failure ${attr('type', f.rule)} ${attr('message', `${f.severity}: ${findingText(f)}`)}>${escapeXml(`${f.rule} (${f.severity}) [${f.fingerprint}]: ${findingText(f)}`)}</failure>\n`)
        .join('');
      const out = rest.length > 0 ? `      <system-out>${escapeXml(rest.map((f) => `${f.severity} ${f.rule} [${f.fingerprint}]: ${findingText(f)}`).join('\n'))}</system-out>\n` : '';
      return `    <testcase ${attr('classname', kind)} ${attr('name', name)}>\n${failureXml}${out}    </testcase>\n`;
    });
    suites.push(`  <testsuite ${attr('name', kind)} ${attr('tests', groups.length)} ${attr('failures', suiteFailures)} errors="0" skipped="0">\n${cases.join('')}  </testsuite>\n`);
  }
  const name = `${serverLabel(report.base.server)} -> ${serverLabel(report.head.server)}`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ${attr('name', `mcp-drift-guard: ${name}`)} ${attr('tests', tests)} ${attr('failures', failures)} errors="0">\n${suites.join('')}</testsuites>\n`;
}
