// What a renderer needs besides the DiffReport itself: the fail-on level (for verdicts and JUnit failures),
// where the head snapshot lives (for annotations), colour, and what the policy set aside.
import type { FailOn, IgnoredFinding } from '../policy/types.js';

export const REPORT_FORMATS = ['text', 'json', 'markdown', 'github', 'sarif', 'junit'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Which findings a human report lists: `breaking` only, `warning` (breaking and warnings) or `all`. */
export const SHOW_LEVELS = ['breaking', 'warning', 'all'] as const;
export type ShowLevel = (typeof SHOW_LEVELS)[number];

export interface RenderOptions {
  /**
   * Which findings `text`, `markdown` and `github` list (the counts always cover all of them). Default `all`,
   * except `github`: `warning`, because GitHub shows only a step's first annotations.
   */
  show?: ShowLevel;
  /** ANSI colour in `text`; the CLI sets it from the TTY, NO_COLOR and FORCE_COLOR. */
  color?: boolean;
  /** The lowest severity that fails (default `breaking`): the verdict line and JUnit failures follow it. */
  failOn?: FailOn;
  /** The head snapshot's file (as it should appear in annotations) and text, for file and line locations. */
  head?: { file?: string; text?: string };
  /** Findings the policy ignored, shown with their reasons in `text` and `markdown`. */
  ignored?: IgnoredFinding[];
  /** Policy notices (e.g. an expired ignore), shown in `text`, `markdown` and `github`. */
  notices?: string[];
  /**
   * What was checked, for reports that compare nothing (lint): replaces the "base -> head" line in `text` and the
   * version range in `markdown`, and "No changes" becomes "No findings".
   */
  heading?: string;
  /** `markdown` only: the size ceiling in UTF-8 bytes (default MARKDOWN_MAX_BYTES), for a caller adding its own blocks. */
  maxBytes?: number;
  /** `markdown` only: where every finding can be read, named when some are cut (default: the json report). */
  fullReport?: string;
}
