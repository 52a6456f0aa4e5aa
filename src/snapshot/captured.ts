// What a snapshot holds: absent means not captured. A bare `tools/list` result holds only tools; a snapshot
// written before resources, instructions and protocol revisions were captured holds none of them. A part only
// one side holds is not compared (the report says so once), never read as "everything removed".
import type { HttpTransport, Snapshot, SurfacePart } from './types.js';

export const HTTP_TRANSPORTS: readonly HttpTransport[] = ['sse', 'streamable-http'];

/** Parts every source had before they became optional; their absence is recorded in `notCaptured`. */
const LISTED_PARTS: ReadonlySet<SurfacePart> = new Set(['capabilities', 'tools', 'prompts', 'resourceTemplates']);

export function hasPart(snapshot: Snapshot, part: SurfacePart): boolean {
  if (LISTED_PARTS.has(part)) return !(snapshot.notCaptured ?? []).includes(part);
  return snapshot[part] !== undefined;
}
