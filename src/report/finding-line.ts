// One finding as one line of plain text, the same in every place a person reads it: the text report, the
// github annotations, the Action's notices and comment, the webhook's denial and warnings. Server text (names,
// descriptions, enum values) is untrusted, so the line is sanitised here once (no escape sequence, NUL or bidi
// override reaches a terminal, a workflow log or kubectl) and no caller needs to remember it.
import type { Finding } from '../diff/types.js';
import { clip, oneLine } from './sanitize.js';

/** Longest line by default; a caller with a tighter budget (the apiserver's warnings) passes its own. */
const MAX_LINE = 480;

export interface FindingLineOptions {
  /** Longest line in characters; the message is cut, the rule and fingerprint always survive. */
  max?: number;
  /** Wraps the bracketed fingerprint (the text report dims it on a terminal). */
  paintFingerprint?: (text: string) => string;
}

/**
 * What the finding says, in order: its message, then whatever a renderer adds to it. Each further part (a
 * consequence, an example witness) is one more entry here, so every front end shows it at once.
 */
function parts(finding: Finding): string[] {
  return [finding.message];
}

/** What the finding says (its parts joined), sanitised and cut to `max` characters: a table cell's text. */
export function findingText(finding: Finding, max: number): string {
  return clip(oneLine(parts(finding).join('; ')), max);
}

/** `rule: message [fingerprint]`, sanitised and at most `max` characters (before painting). */
export function findingLine(finding: Finding, options: FindingLineOptions = {}): string {
  const max = options.max ?? MAX_LINE;
  const fingerprint = `[${finding.fingerprint}]`;
  const prefix = `${finding.rule}: `;
  const room = Math.max(max - prefix.length - fingerprint.length - 1, 1);
  return `${prefix}${findingText(finding, room)} ${options.paintFingerprint ? options.paintFingerprint(fingerprint) : fingerprint}`;
}
