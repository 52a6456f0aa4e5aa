// GitHub Actions workflow commands: `::error` for breaking, `::warning` for warnings, `::notice` for safe
// changes, each pointing at its line in the head snapshot file when the head is a file (the changed line when
// the file is the canonical snapshot, else the subject's name, else the list it was removed from).
import type { DiffReport, Finding, Severity } from '../diff/types.js';
import { formatSubject } from '../policy/subject.js';
import { findingLines } from './locate.js';
import { countLine, readingOrder } from './order.js';
import { clip } from './sanitize.js';
import type { RenderOptions } from './types.js';
import { findingText } from './consequence.js';

const COMMANDS: Record<Severity, string> = { breaking: 'error', warning: 'warning', safe: 'notice' };

/** Escapes a command's message as the runner unescapes it (actions/toolkit `escapeData`). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a command property value (actions/toolkit `escapeProperty`): also `:` and `,`, the separators. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(name: string, properties: Record<string, string | number | undefined>, message: string): string {
  const props = Object.entries(properties)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
  return `::${name}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

export function renderGithub(report: DiffReport, options: RenderOptions = {}): string {
  const file = options.head?.file;
  const lineOf = file !== undefined && options.head?.text !== undefined ? findingLines(options.head.text, report.findings) : undefined;
  const lines = readingOrder(report.findings).map((finding: Finding) => {
    const title = `${finding.severity === 'breaking' ? 'Breaking' : finding.severity === 'warning' ? 'Warning' : 'Safe'} MCP change: ${finding.rule} (${clip(formatSubject(finding.subject), 100)})`;
    return command(
      COMMANDS[finding.severity],
      { file, line: lineOf?.(finding), title },
      `${clip(findingText(finding), 1000)} [${finding.fingerprint}]`,
    );
  });
  for (const notice of options.notices ?? []) lines.push(command('warning', { title: 'mcp-drift-guard policy' }, notice));
  const ignored = options.ignored?.length ?? 0;
  lines.push(`mcp-drift-guard: ${countLine(report.summary)}${ignored > 0 ? `, ${ignored} ignored by policy` : ''}`);
  return `${lines.join('\n')}\n`;
}
