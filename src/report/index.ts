// The report module: the DiffReport (JSON contract) built from findings, and its six renderings. Renderers
// are pure functions of the report and options; the CLI, the Action and the webhook all call renderReport.
import type { DiffReport } from '../diff/types.js';
import { UsageError } from '../errors.js';
import { renderGithub } from './github.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderText } from './text.js';
import { REPORT_FORMATS, type RenderOptions, type ReportFormat } from './types.js';

export type { RenderOptions, ReportFormat, ShowLevel } from './types.js';
export { REPORT_FORMATS, SHOW_LEVELS } from './types.js';
export { buildReport, summarize } from './build.js';
export { MARKDOWN_MAX_BYTES } from './markdown.js';

export function renderReport(report: DiffReport, format: ReportFormat, options: RenderOptions = {}): string {
  switch (format) {
    case 'text':
      return renderText(report, options);
    case 'json':
      return renderJson(report);
    case 'markdown':
      return renderMarkdown(report, options);
    case 'github':
      return renderGithub(report, options);
    case 'sarif':
      return renderSarif(report, options);
    case 'junit':
      return renderJunit(report, options);
    default:
      throw new UsageError(`unknown report format "${String(format)}" (expected one of ${REPORT_FORMATS.join(', ')})`);
  }
}
