// Canonical form of a snapshot: SDK noise removed, lists sorted, keys sorted, stable bytes.
// Capturing the same server twice, or reading an older file of it, must give the same bytes (`check` relies on it).
import { UsageError } from '../errors.js';
import type { Prompt, ResourceTemplate, Snapshot, Tool } from './types.js';

/** Deeper than any real schema; bounds recursion so hostile input gets an error instead of a stack overflow. */
export const MAX_DEPTH = 256;

const ZOD_INT_BOUND = Number.MAX_SAFE_INTEGER;

/** Sets an own data property; a plain assignment of `__proto__` would change the object's prototype instead. */
function put(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

function tooDeep(what: string): never {
  throw new UsageError(`${what} nested deeper than ${MAX_DEPTH} levels`);
}

/** Sorts object keys recursively (one pass, plain loops: this runs over every byte of every snapshot read). */
export function sortKeysDeep(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) tooDeep('value');
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = sortKeysDeep(value[i], depth + 1);
    return out;
  }
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(source).sort()) put(out, key, sortKeysDeep(source[key], depth + 1));
  return out;
}

/** Keyword values that are data, not schemas: kept verbatim (only their keys sorted). */
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'examples']);

/**
 * Removes what is not drift from a JSON Schema: the `$schema` dialect URL (draft-07 vs 2020-12 differ between
 * SDK versions), zod's `.int()` bounds of +-MAX_SAFE_INTEGER, and the order of `required` (a set). The result
 * has its keys sorted, so it needs no second pass.
 */
export function normalizeSchema(schema: unknown, depth = 0): unknown {
  if (schema === null || typeof schema !== 'object') return schema;
  if (depth > MAX_DEPTH) tooDeep('schema');
  if (Array.isArray(schema)) {
    const out = new Array<unknown>(schema.length);
    for (let i = 0; i < schema.length; i++) out[i] = normalizeSchema(schema[i], depth + 1);
    return out;
  }
  const source = schema as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(source).sort()) {
    const value = source[key];
    if (key === '$schema' && typeof value === 'string') continue;
    if ((key === 'minimum' && value === -ZOD_INT_BOUND) || (key === 'maximum' && value === ZOD_INT_BOUND)) continue;
    if (key === 'required' && Array.isArray(value) && value.every((v) => typeof v === 'string')) {
      put(out, key, [...new Set(value as string[])].sort());
    } else if (DATA_KEYWORDS.has(key)) {
      put(out, key, sortKeysDeep(value, depth + 1));
    } else {
      put(out, key, normalizeSchema(value, depth + 1));
    }
  }
  return out;
}

function isForbiddenTaskSupportOnly(execution: unknown): boolean {
  if (execution === null || typeof execution !== 'object' || Array.isArray(execution)) return false;
  const keys = Object.keys(execution);
  return keys.length === 1 && (execution as Record<string, unknown>).taskSupport === 'forbidden';
}

function normalizeTool(tool: Tool): Tool {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(tool).sort()) {
    const value = tool[key];
    // SDK 1.x adds execution: {taskSupport: "forbidden"} by itself: it is the default, not a change.
    if (key === 'execution' && isForbiddenTaskSupportOnly(value)) continue;
    put(out, key, key === 'inputSchema' || key === 'outputSchema' ? normalizeSchema(value) : sortKeysDeep(value));
  }
  return out as Tool;
}

const byName = <T extends { name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function byNameThenUri(a: ResourceTemplate, b: ResourceTemplate): number {
  return byName(a, b) || (a.uriTemplate < b.uriTemplate ? -1 : a.uriTemplate > b.uriTemplate ? 1 : 0);
}

/** The canonical snapshot: noise removed, lists sorted by name, every object's keys sorted. */
export function canonicalizeSnapshot(snapshot: Snapshot): Snapshot {
  // Keys in sorted order; tools are already key-sorted by normalizeTool, so they are not walked twice.
  return {
    capabilities: sortKeysDeep(snapshot.capabilities),
    format: 1,
    prompts: (sortKeysDeep(snapshot.prompts) as Prompt[]).sort(byName),
    resourceTemplates: (sortKeysDeep(snapshot.resourceTemplates) as ResourceTemplate[]).sort(byNameThenUri),
    server: { name: snapshot.server.name, version: snapshot.server.version },
    tools: snapshot.tools.map(normalizeTool).sort(byName),
  } as Snapshot;
}

/**
 * Whether a committed snapshot file is stale against what a live server lists now. The file is a lockfile: it is
 * stale unless it holds exactly the bytes `snapshot` writes (`liveText`, from serializeSnapshot), so a
 * hand-reformatted file is stale too.
 */
export function isSnapshotStale(committedText: string, liveText: string): boolean {
  return committedText !== liveText;
}

/** The committed bytes: canonical JSON, 2-space indent, final newline, no timestamps. */
export function serializeSnapshot(snapshot: Snapshot): string {
  return `${JSON.stringify(canonicalizeSnapshot(snapshot), null, 2)}\n`;
}
