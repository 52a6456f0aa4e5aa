// How deep a JSON message nests, read from its raw bytes before anything parses it. The MCP SDK validates every
// message with recursive zod schemas: on Node.js 24 a listing nested some thousand levels overflowed its stack
// inside the client (an uncaught RangeError, then a capture that only timed out). A byte scan has no recursion.
import { MAX_DEPTH } from '../snapshot/index.js';

/** Room above a schema's own cap for the envelope: message, result, tools, the tool, inputSchema and the like. */
const ENVELOPE_LEVELS = 16;
/** Nesting past this in one message means a schema (or another value) nested deeper than MAX_DEPTH. */
export const MAX_MESSAGE_DEPTH = MAX_DEPTH + ENVELOPE_LEVELS;
export const TOO_DEEP = `schema nested deeper than ${MAX_DEPTH} levels`;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;

/**
 * Fed the bytes of a JSON text (or a stream of them: a Streamable HTTP body, SSE events) in chunks of any size;
 * tells once brackets outside strings have nested deeper than `max`. A raw newline cannot occur inside a JSON
 * string, so it ends any string state: SSE framing between events cannot leave the gauge inside a string.
 */
export class NestingGauge {
  private depth = 0;
  private inString = false;
  private escaped = false;

  constructor(private readonly max: number = MAX_MESSAGE_DEPTH) {}

  /** True when the text so far nests deeper than the cap. */
  feed(bytes: Uint8Array): boolean {
    let { depth, inString, escaped } = this;
    const end = bytes.length;
    // Inside a string the scan jumps with indexOf (native, memchr-fast) from one quote, backslash or newline to
    // the next: listings are mostly string bytes. The next position of each is kept, so each is searched once.
    let quote = -2;
    let backslash = -2;
    let newline = -2;
    const next = (cached: number, byte: number, from: number): number => (cached === -1 || cached >= from ? cached : bytes.indexOf(byte, from));
    let i = 0;
    while (i < end) {
      if (inString) {
        if (escaped) {
          escaped = false;
          i++;
          continue;
        }
        quote = next(quote, QUOTE, i);
        backslash = next(backslash, BACKSLASH, i);
        newline = next(newline, NEWLINE, i);
        let stop = end;
        for (const at of [quote, backslash, newline]) if (at !== -1 && at < stop) stop = at;
        if (stop === end) break;
        if (bytes[stop] === BACKSLASH) escaped = true;
        else inString = false;
        i = stop + 1;
        continue;
      }
      const byte = bytes[i]!;
      if (byte === QUOTE) {
        inString = true;
      } else if (byte === 0x7b || byte === 0x5b) {
        if (++depth > this.max) {
          this.depth = depth;
          return true;
        }
      } else if (byte === 0x7d || byte === 0x5d) {
        if (depth > 0) depth--;
      }
      i++;
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    return false;
  }
}
