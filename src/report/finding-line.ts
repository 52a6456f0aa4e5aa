// One finding as one line of plain text, the same in every place a person reads it: the text report, the
// github annotations, the Action's notices and comment, the webhook's denial and warnings. Server text (names,
// descriptions, enum values) is untrusted, so the line is sanitised here once (no escape sequence, NUL or bidi
// override reaches a terminal, a workflow log or kubectl) and no caller needs to remember it.
import type { Finding } from '../diff/types.js';
import { consequenceText } from './consequence.js';
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
 * What the finding says, in order: its message (what changed), then what that means for clients at its final
 * severity, with the example witness when it has one. Each further part is one more entry here, so every front
 * end shows it at once.
 */
function parts(finding: Finding): string[] {
  const consequence = consequenceText(finding);
  return consequence === undefined ? [finding.message] : [finding.message, consequence];
}

/**
 * What the finding says (its parts joined), sanitised and cut to `max` characters: a table cell's text, a SARIF
 * or JUnit message (no cut there), a probe's drift line.
 */
export function findingText(finding: Finding, max = Number.POSITIVE_INFINITY): string {
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
