// The default terminal report: breaking changes first, grouped by subject, one line per finding with its
// fingerprint (to copy into an ignore), then ignored findings, policy notices and a one-line summary.
import type { DiffReport } from '../diff/types.js';
import { formatSubject } from '../policy/subject.js';
import { notComparedLine } from './build.js';
import { findingLine } from './finding-line.js';
import { bySeverity, countLine, groupBySubject, hiddenNote, isFailing, SEVERITIES, shownFindings } from './order.js';
import { clip, oneLine } from './sanitize.js';
import { serverLabel } from './server-label.js';
import type { RenderOptions } from './types.js';

const ANSI = { red: '31', yellow: '33', green: '32', bold: '1', dim: '2' } as const;
const HEADINGS = { breaking: 'BREAKING', warning: 'WARNING', safe: 'SAFE' } as const;
const MARKS = { breaking: '✖', warning: '!', safe: '+' } as const;
const COLOURS = { breaking: ANSI.red, warning: ANSI.yellow, safe: ANSI.green } as const;

export function renderText(report: DiffReport, options: RenderOptions = {}): string {
  const paint = (code: string, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const failOn = options.failOn ?? 'breaking';
  const side = (s: DiffReport['base']) => `${oneLine(serverLabel(s.server))} (${oneLine(s.source)})`;
  const title = options.heading === undefined ? `${side(report.base)} -> ${side(report.head)}` : oneLine(options.heading);
  const lines: string[] = [paint(ANSI.bold, title), ''];

  const show = options.show ?? 'all';
  const { shown, hidden } = shownFindings(report.findings, show);
  const groups = bySeverity(shown);
  for (const severity of SEVERITIES) {
    const findings = groups[severity];
    if (findings.length === 0) continue;
    lines.push(paint(`${ANSI.bold};${COLOURS[severity]}`, `${HEADINGS[severity]} (${findings.length})`));
    for (const group of groupBySubject(findings)) {
      lines.push(`  ${paint(ANSI.bold, oneLine(group.subject))}`);
      for (const finding of group.findings) {
        lines.push(`    ${paint(COLOURS[severity], MARKS[severity])} ${findingLine(finding, { paintFingerprint: (text) => paint(ANSI.dim, text) })}`);
      }
    }
    lines.push('');
  }
  const note = hiddenNote(hidden, show);
  if (note !== undefined) lines.push(paint(ANSI.dim, note), '');
  const ignored = options.ignored ?? [];
  if (report.findings.length === 0) lines.push(ignored.length > 0 ? 'No findings left after the policy.' : options.heading === undefined ? 'No changes.' : 'No findings.', '');

  if (ignored.length > 0) {
    lines.push(paint(ANSI.bold, `IGNORED BY POLICY (${ignored.length})`));
    for (const { finding, reason } of ignored) {
      lines.push(`    ~ ${finding.rule} on ${oneLine(formatSubject(finding.subject))} (${finding.severity}): ${clip(oneLine(reason), 200)} ${paint(ANSI.dim, `[${finding.fingerprint}]`)}`);
    }
    lines.push('');
  }
  const notCompared = notComparedLine(report);
  if (notCompared) lines.push(`note: ${oneLine(notCompared)}`, '');
  for (const notice of options.notices ?? []) lines.push(paint(ANSI.yellow, `notice: ${oneLine(notice)}`));
  if ((options.notices ?? []).length > 0) lines.push('');

  const failed = isFailing(report.findings, failOn);
  const verdict = failed ? paint(`${ANSI.bold};${ANSI.red}`, 'FAIL') : paint(`${ANSI.bold};${ANSI.green}`, 'OK');
  const ignoredNote = ignored.length > 0 ? `, ${ignored.length} ignored` : '';
  const rule = failOn === 'never' ? 'fail-on never' : `fails on ${failOn}${failOn === 'breaking' ? '' : ' or worse'}`;
  lines.push(`${verdict}: ${countLine(report.summary)}${ignoredNote} (${rule})`);
  return `${lines.join('\n')}\n`;
}
