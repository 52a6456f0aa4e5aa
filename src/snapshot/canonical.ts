// Canonical form of a snapshot: SDK noise removed, lists sorted, keys sorted, stable bytes.
// Capturing the same server twice, or reading an older file of it, must give the same bytes (`check` relies on it).
import { UsageError } from '../errors.js';
import { setOwn } from '../json.js';
import type { Prompt, Resource, ResourceTemplate, Snapshot, Tool } from './types.js';

/** Deeper than any real schema; bounds recursion so hostile input gets an error instead of a stack overflow. */
export const MAX_DEPTH = 256;

const ZOD_INT_BOUND = Number.MAX_SAFE_INTEGER;

function tooDeep(what: string): never {
  throw new UsageError(`${what} nested deeper than ${MAX_DEPTH} levels`);
}

/** What an entry function returns for a key the canonical form leaves out. */
const DROP = Symbol('drop');

/** The canonical value of one key of an object, or DROP. */
type Entry = (key: string, value: unknown, depth: number) => unknown;

// The walkers below are copy-on-write: a subtree that is already canonical (every file `snapshot` wrote) is
// returned as it is, so reading a committed snapshot allocates no second tree. The result may share subtrees
// with its input; nothing here or downstream mutates either.

/** An object with its keys sorted and each value put through `entry`; `source` itself when nothing changes. */
function canonicalObject(source: Record<string, unknown>, depth: number, entry: Entry): Record<string, unknown> {
  const keys = Object.keys(source);
  let sorted = true;
  for (let i = 1; i < keys.length && sorted; i++) sorted = keys[i - 1]! < keys[i]!;
  // The usual case (a file we wrote) is sorted: find the first value that changes, copying nothing until then.
  let unchanged = 0;
  let changedValue: unknown;
  if (sorted) {
    for (; unchanged < keys.length; unchanged++) {
      const value = source[keys[unchanged]!];
      changedValue = entry(keys[unchanged]!, value, depth);
      if (changedValue !== value) break;
    }
    if (unchanged === keys.length) return source;
  } else {
    sortStrings(keys);
  }
  const out: Record<string, unknown> = {};
  for (let j = 0; j < unchanged; j++) setOwn(out, keys[j]!, source[keys[j]!]);
  for (let j = unchanged; j < keys.length; j++) {
    const value = sorted && j === unchanged ? changedValue : entry(keys[j]!, source[keys[j]!], depth);
    if (value !== DROP) setOwn(out, keys[j]!, value);
  }
  return out;
}

/**
 * Sorts distinct strings in place by UTF-16 code units, as Array#sort does by default. Objects have a few keys:
 * an insertion sort with `<` is several times faster there than Array#sort's default comparison, which converts
 * both sides with ToString on every call (measured: the sort was half of canonicalObject's time on unsorted files).
 */
function sortStrings(keys: string[]): void {
  if (keys.length > 32) {
    keys.sort((a, b) => (a < b ? -1 : 1));
    return;
  }
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    for (; j >= 0 && keys[j]! > key; j--) keys[j + 1] = keys[j]!;
    keys[j + 1] = key;
  }
}

/** An array with each item put through `walk`; `source` itself when nothing changes. */
function canonicalArray(source: unknown[], depth: number, walk: (value: unknown, depth: number) => unknown): unknown[] {
  let out: unknown[] | undefined;
  for (let i = 0; i < source.length; i++) {
    const item = walk(source[i], depth + 1);
    if (item !== source[i]) (out ??= source.slice())[i] = item;
  }
  return out ?? source;
}

// Leaves (most values) return at once, without the call: this runs cold, once per value of every snapshot read.
const sortKeysEntry: Entry = (_key, value, depth) => (value === null || typeof value !== 'object' ? value : sortKeysDeep(value, depth + 1));

/** Sorts object keys recursively (one pass, plain loops: this runs over every byte of every snapshot read). */
export function sortKeysDeep(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) tooDeep('value');
  if (Array.isArray(value)) return canonicalArray(value, depth, sortKeysDeep);
  return canonicalObject(value as Record<string, unknown>, depth, sortKeysEntry);
}

/** Keyword values that are data, not schemas: kept verbatim (only their keys sorted). */
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'examples']);

/** `required` as a set: sorted, without repeats (the array itself when it already is). */
function requiredSet(names: string[]): string[] {
  for (let i = 1; i < names.length; i++) if (!(names[i - 1]! < names[i]!)) return [...new Set(names)].sort();
  return names;
}

const normalizeSchemaEntry: Entry = (key, value, depth) => {
  if (value === null || typeof value !== 'object') {
    if (key === '$schema' && typeof value === 'string') return DROP;
    if ((key === 'minimum' && value === -ZOD_INT_BOUND) || (key === 'maximum' && value === ZOD_INT_BOUND)) return DROP;
    return value;
  }
  if (key === 'required' && Array.isArray(value) && value.every((v) => typeof v === 'string')) return requiredSet(value as string[]);
  if (DATA_KEYWORDS.has(key)) return sortKeysDeep(value, depth + 1);
  return normalizeSchema(value, depth + 1);
};

/**
 * Removes what is not drift from a JSON Schema: the `$schema` dialect URL (draft-07 vs 2020-12 differ between
 * SDK versions), zod's `.int()` bounds of +-MAX_SAFE_INTEGER, and the order of `required` (a set). The result
 * has its keys sorted, so it needs no second pass.
 */
export function normalizeSchema(schema: unknown, depth = 0): unknown {
  if (schema === null || typeof schema !== 'object') return schema;
  if (depth > MAX_DEPTH) tooDeep('schema');
  if (Array.isArray(schema)) return canonicalArray(schema, depth, normalizeSchema);
  return canonicalObject(schema as Record<string, unknown>, depth, normalizeSchemaEntry);
}

function isForbiddenTaskSupportOnly(execution: unknown): boolean {
  if (execution === null || typeof execution !== 'object' || Array.isArray(execution)) return false;
  const keys = Object.keys(execution);
  return keys.length === 1 && (execution as Record<string, unknown>).taskSupport === 'forbidden';
}

const normalizeToolEntry: Entry = (key, value) => {
  // SDK 1.x adds execution: {taskSupport: "forbidden"} by itself: it is the default, not a change.
  if (key === 'execution' && isForbiddenTaskSupportOnly(value)) return DROP;
  return key === 'inputSchema' || key === 'outputSchema' ? normalizeSchema(value) : sortKeysDeep(value);
};

const normalizeTool = (tool: Tool): Tool => canonicalObject(tool, 0, normalizeToolEntry) as Tool;

/** `list` sorted by `compare`: a new array, never `list` sorted in place (it may be the caller's). */
const sortedCopy = <T>(list: T[], compare: (a: T, b: T) => number): T[] => [...list].sort(compare);

const byName = <T extends { name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function byNameThenUri(a: ResourceTemplate, b: ResourceTemplate): number {
  return byName(a, b) || (a.uriTemplate < b.uriTemplate ? -1 : a.uriTemplate > b.uriTemplate ? 1 : 0);
}

/**
 * The canonical snapshot: noise removed, lists sorted by name, every object's keys sorted. Subtrees that are
 * already canonical are shared with `snapshot`, not copied.
 */
export function canonicalizeSnapshot(snapshot: Snapshot): Snapshot {
  // Keys in sorted order; tools are already key-sorted by normalizeTool, so they are not walked twice. A part the
  // source did not hold is left out (absent means not captured); in memory its list is empty and `notCaptured` names it.
  const missing = new Set(snapshot.notCaptured ?? []);
  const out: Record<string, unknown> = {
    capabilities: sortKeysDeep(snapshot.capabilities),
    format: 1,
    instructions: snapshot.instructions,
    notCaptured: missing.size > 0 ? [...missing].sort() : undefined,
    prompts: sortedCopy(sortKeysDeep(snapshot.prompts) as Prompt[], byName),
    protocolVersions: snapshot.protocolVersions && [...new Set(snapshot.protocolVersions)].sort(),
    resourceTemplates: sortedCopy(sortKeysDeep(snapshot.resourceTemplates) as ResourceTemplate[], byNameThenUri),
    resources: snapshot.resources && sortedCopy(sortKeysDeep(snapshot.resources) as Resource[], byUri),
    server: { name: snapshot.server.name, version: snapshot.server.version },
    tools: snapshot.tools.map(normalizeTool).sort(byName),
    transports: snapshot.transports && [...new Set(snapshot.transports)].sort(),
  };
  for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key];
  return out as unknown as Snapshot;
}

const byUri = (a: Resource, b: Resource): number => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0);

/** The snapshot as written: `notCaptured` parts left out rather than written as empty lists. */
function writable(snapshot: Snapshot): Record<string, unknown> {
  const canonical = canonicalizeSnapshot(snapshot) as unknown as Record<string, unknown>;
  const { notCaptured, ...rest } = canonical;
  for (const part of (notCaptured as string[] | undefined) ?? []) delete rest[part];
  return rest;
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
  return `${JSON.stringify(writable(snapshot), null, 2)}\n`;
}
