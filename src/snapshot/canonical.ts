// Canonical form of a snapshot: SDK noise removed, lists sorted, keys sorted, stable bytes.
// Capturing the same server twice, or reading an older file of it, must give the same bytes (`check` relies on it).
import { UsageError } from '../errors.js';
import type { Prompt, ResourceTemplate, Snapshot, Tool } from './types.js';

/** Deeper than any real schema; bounds recursion so hostile input gets an error instead of a stack overflow. */
export const MAX_DEPTH = 256;

const ZOD_INT_BOUND = Number.MAX_SAFE_INTEGER;

/** Sorts object keys recursively; builds objects with Object.fromEntries so `__proto__` stays a plain key. */
export function sortKeysDeep(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) throw new UsageError(`value nested deeper than ${MAX_DEPTH} levels`);
  if (Array.isArray(value)) return value.map((item) => sortKeysDeep(item, depth + 1));
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return Object.fromEntries(keys.map((key) => [key, sortKeysDeep((value as Record<string, unknown>)[key], depth + 1)]));
  }
  return value;
}

/**
 * Removes what is not drift from a JSON Schema: the `$schema` dialect URL (draft-07 vs 2020-12 differ between
 * SDK versions), zod's `.int()` bounds of +-MAX_SAFE_INTEGER, and the order of `required` (a set).
 */
export function normalizeSchema(schema: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) throw new UsageError(`schema nested deeper than ${MAX_DEPTH} levels`);
  if (Array.isArray(schema)) return schema.map((item) => normalizeSchema(item, depth + 1));
  if (schema === null || typeof schema !== 'object') return schema;
  const entries: [string, unknown][] = [];
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$schema' && typeof value === 'string') continue;
    if ((key === 'minimum' && value === -ZOD_INT_BOUND) || (key === 'maximum' && value === ZOD_INT_BOUND)) continue;
    if (key === 'required' && Array.isArray(value) && value.every((v) => typeof v === 'string')) {
      entries.push([key, [...new Set(value as string[])].sort()]);
      continue;
    }
    // Keyword values that are data, not schemas, are kept verbatim.
    if (key === 'enum' || key === 'const' || key === 'default' || key === 'examples') {
      entries.push([key, value]);
      continue;
    }
    entries.push([key, normalizeSchema(value, depth + 1)]);
  }
  return Object.fromEntries(entries);
}

function isForbiddenTaskSupportOnly(execution: unknown): boolean {
  if (execution === null || typeof execution !== 'object' || Array.isArray(execution)) return false;
  const keys = Object.keys(execution);
  return keys.length === 1 && (execution as Record<string, unknown>).taskSupport === 'forbidden';
}

function normalizeTool(tool: Tool): Tool {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(tool)) {
    // SDK 1.x adds execution: {taskSupport: "forbidden"} by itself: it is the default, not a change.
    if (key === 'execution' && isForbiddenTaskSupportOnly(value)) continue;
    if (key === 'inputSchema' || key === 'outputSchema') {
      out[key] = normalizeSchema(value);
      continue;
    }
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out as Tool;
}

const byName = <T extends { name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function byNameThenUri(a: ResourceTemplate, b: ResourceTemplate): number {
  return byName(a, b) || (a.uriTemplate < b.uriTemplate ? -1 : a.uriTemplate > b.uriTemplate ? 1 : 0);
}

/** The canonical snapshot: noise removed, lists sorted by name, every object's keys sorted. */
export function canonicalizeSnapshot(snapshot: Snapshot): Snapshot {
  const tools = snapshot.tools.map(normalizeTool).sort(byName);
  const prompts = [...snapshot.prompts].sort(byName) as Prompt[];
  const resourceTemplates = [...snapshot.resourceTemplates].sort(byNameThenUri);
  return sortKeysDeep({
    format: 1,
    server: { name: snapshot.server.name, version: snapshot.server.version },
    capabilities: snapshot.capabilities,
    tools,
    prompts,
    resourceTemplates,
  }) as Snapshot;
}

/** The committed bytes: canonical JSON, 2-space indent, final newline, no timestamps. */
export function serializeSnapshot(snapshot: Snapshot): string {
  return `${JSON.stringify(canonicalizeSnapshot(snapshot), null, 2)}\n`;
}
