// Text from a server (descriptions, names, enum values) reaches terminals, PR comments and XML; a hostile
// server must not be able to inject escape sequences or markup, so every renderer cleans it here.

/** Replaces control characters (ANSI escapes, NUL, bidi overrides...) with visible `\uXXXX` and folds newlines. */
export function oneLine(text: string): string {
  return text
    .replace(/\r\n|\r|\n/g, ' ')
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Cuts a string to `max` characters, marking the cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
