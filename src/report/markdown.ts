// The PR-comment report: a one-line verdict, a table per severity (breaking always open, safe always folded in
// <details>, long warning lists folded), ignored findings and notices. Always under MARKDOWN_MAX_BYTES, because GitHub rejects comments over 65,536 chars.
import type { DiffReport, Finding, Severity } from '../diff/types.js';
import { formatSubject } from '../policy/subject.js';
import { notComparedLine } from './build.js';
import { findingText } from './finding-line.js';
import { bySeverity, countLine, groupBySubject, hiddenNote, isFailing, SEVERITIES, shownFindings } from './order.js';
import { clip, oneLine } from './sanitize.js';
import type { RenderOptions } from './types.js';

/** Hard ceiling for the whole comment, in UTF-8 bytes (60 KB leaves room for a caller's marker and footer). */
export const MARKDOWN_MAX_BYTES = 60_000;
/** Warning and ignored tables longer than this are collapsed (breaking never, safe always). */
const OPEN_ROWS = 10;
/** Policy notices shown; each is at most ~2 KB once escaped. */
const MAX_NOTICES = 10;
const TITLES: Record<Severity, string> = { breaking: 'Breaking', warning: 'Warnings', safe: 'Safe' };

/** Server text inside a table cell: no markup, no HTML, no @mentions, no pipes breaking the table. */
export function escapeCell(text: string): string {
  return oneLine(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@/g, '&#64;')
    .replace(/([\\`*_[\]~|#!])/g, '\\$1');
}

/** A code span; text with a backtick falls back to escaped plain text, which cannot break out. */
function code(text: string): string {
  const clean = oneLine(text);
  return clean.includes('`') ? escapeCell(clean) : `\`${clean.replace(/\|/g, '\\|')}\``;
}

// The fingerprint is in every row, to be copied into the policy file's ignore list.
function row(finding: Finding): string {
  return `| ${code(clip(formatSubject(finding.subject), 120))} | ${code(finding.rule)} | ${escapeCell(findingText(finding, 300))} | ${code(finding.fingerprint)} |\n`;
}

/** `name` 1.0.0 → 2.0.0, or each side named when the server's name changed between them. */
function versions(report: DiffReport): string {
  const name = (s: DiffReport['base']) => code(clip(s.server.name, 80));
  const version = (s: DiffReport['base']) => escapeCell(clip(s.server.version, 40));
  // A bare tools/list result has no version (src/report/server-label.ts): its side is the name alone.
  const label = (s: DiffReport['base']) => (s.server.version === '' ? name(s) : `${name(s)} ${version(s)}`);
  const { base, head } = report;
  return base.server.name === head.server.name && base.server.version !== '' && head.server.version !== ''
    ? `${name(head)} ${version(base)} → ${version(head)}`
    : `${label(base)} → ${label(head)}`;
}

function verdict(report: DiffReport, failOn: RenderOptions['failOn'] & string, heading: string | undefined): string {
  const { breaking, warning, safe } = report.summary;
  const what = heading === undefined ? versions(report) : escapeCell(clip(heading, 200));
  const noun = heading === undefined ? 'change' : 'finding';
  const counts = countLine(report.summary);
  if (report.findings.length === 0) return heading === undefined ? `**✅ No changes** to the MCP surface of ${what}.` : `**✅ No findings** in ${what}.`;
  if (isFailing(report.findings, failOn)) {
    const head = breaking > 0 ? `${breaking} breaking ${noun}${breaking === 1 ? '' : 's'}` : `${warning} warning${warning === 1 ? '' : 's'}`;
    return `**❌ ${head}** in ${what} (${counts}; fails on ${failOn}).`;
  }
  if (breaking > 0) return `**⚠️ ${breaking} breaking ${noun}${breaking === 1 ? '' : 's'}, not failing** (fail-on ${failOn}) in ${what} (${counts}).`;
  return `**✅ No breaking ${noun}s** in ${what} (${warning > 0 || safe > 0 ? counts : 'nothing to report'}).`;
}

export function renderMarkdown(report: DiffReport, options: RenderOptions = {}): string {
  const failOn = options.failOn ?? 'breaking';
  const allNotices = options.notices ?? [];
  const notCompared = notComparedLine(report);
  const notices =
    (notCompared ? `> **Note:** ${escapeCell(notCompared)}\n` : '') +
    allNotices
      .slice(0, MAX_NOTICES)
      .map((n) => `> **Note:** ${escapeCell(clip(n, 300))}\n`)
      .join('') + (allNotices.length > MAX_NOTICES ? `> …and ${allNotices.length - MAX_NOTICES} more policy notices.\n` : '');
  const source = `<sub>${escapeCell(clip(report.base.source, 120))} → ${escapeCell(clip(report.head.source, 120))} · mcp-drift-guard</sub>\n`;
  const head = `${verdict(report, failOn, options.heading)}\n\n`;
  // The budget keeps back room for the closing lines written after the tables.
  let budget = Math.min(options.maxBytes ?? MARKDOWN_MAX_BYTES, MARKDOWN_MAX_BYTES) - Buffer.byteLength(head) - Buffer.byteLength(notices) - Buffer.byteLength(source) - 600;
  let out = head;
  let omitted = 0;

  const section = (title: string, rows: string[], collapse: boolean, columns = 'Change | Fingerprint'): void => {
    const tableHead = `| Subject | Rule | ${columns} |\n|${'---|'.repeat(columns.split('|').length + 2)}\n`;
    const open = collapse ? `<details><summary>${title}</summary>\n\n${tableHead}` : `#### ${title}\n\n${tableHead}`;
    const close = collapse ? '\n</details>\n\n' : '\n';
    const frame = Buffer.byteLength(open) + Buffer.byteLength(close) + 80;
    if (frame > budget) {
      omitted += rows.length;
      return;
    }
    budget -= frame;
    let body = '';
    let shown = 0;
    for (const line of rows) {
      const size = Buffer.byteLength(line);
      if (size > budget) break;
      budget -= size;
      body += line;
      shown += 1;
    }
    const cut = rows.length - shown;
    omitted += cut;
    out += open + body + (cut > 0 ? `\n_…and ${cut} more not shown._\n` : '') + close;
  };

  const show = options.show ?? 'all';
  const { shown, hidden } = shownFindings(report.findings, show);
  const groups = bySeverity(shown);
  for (const severity of SEVERITIES) {
    const findings = groups[severity];
    if (findings.length === 0) continue;
    const rows = groupBySubject(findings).flatMap((group) => group.findings.map(row));
    // Breaking changes are what the reader is here for: never folded. Safe ones are rarely read: always folded.
    const collapse = severity === 'safe' || (severity === 'warning' && rows.length > OPEN_ROWS);
    section(`${TITLES[severity]} (${findings.length})`, rows, collapse);
  }
  const note = hiddenNote(hidden, show);
  if (note !== undefined) out += `_${note}._\n\n`;
  const ignored = options.ignored ?? [];
  if (ignored.length > 0) {
    const rows = ignored.map(
      ({ finding, reason }) => `| ${code(clip(formatSubject(finding.subject), 120))} | ${code(finding.rule)} | ${escapeCell(clip(reason, 200))} | ${code(finding.fingerprint)} |\n`,
    );
    section(`Ignored by policy (${ignored.length})`, rows, rows.length > OPEN_ROWS, 'Reason | Fingerprint');
  }
  if (omitted > 0) out += `_${omitted} finding${omitted === 1 ? '' : 's'} not shown to keep this comment short; ${options.fullReport ?? 'the json report has all of them'}._\n\n`;
  return out + notices + (notices ? '\n' : '') + source;
}
