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
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i]!;
      if (inString) {
        if (escaped) escaped = false;
        else if (byte === BACKSLASH) escaped = true;
        else if (byte === QUOTE || byte === NEWLINE) inString = false;
      } else if (byte === QUOTE) {
        inString = true;
      } else if (byte === 0x7b || byte === 0x5b) {
        if (++depth > this.max) {
          this.depth = depth;
          return true;
        }
      } else if (byte === 0x7d || byte === 0x5d) {
        if (depth > 0) depth--;
      }
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    return false;
  }
}
