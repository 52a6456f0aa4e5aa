// Renames whose input changed too, compatibly: an old tool gone and a new one whose input accepts every call the
// old one accepted (the schema engine finds nothing breaking old -> new), paired one to one either by folded names
// (`tavily-extract` / `tavily_extract`, `ReverseGeocodeTool` / `reverse_geocode_tool`) or, where the names differ,
// by the same required properties and a close description (`execute_command` / `start_process`). Still breaking
// (the old name is gone), but reported as one rename naming both, so the user sees what to alias.

import type { Tool } from '../snapshot/types.js';
import { compareSchemas } from './schema/compare.js';
import { isPlainObject } from './schema/keywords.js';

interface Listed {
  tool: Tool;
  pointer: string;
}

/**
 * How close two descriptions must be to pair tools with different names: the share of the shorter one's words the
 * other also has ("Adds two numbers" / "Returns the sum of two numbers": 2 of 3).
 */
const CLOSE_DESCRIPTION = 0.5;

/**
 * Past this many added tools with the same required properties, pairing by description is skipped: the pairs
 * would be guesses, and comparing every removed tool with each would cost their product.
 */
const MAX_DESCRIPTION_CANDIDATES = 64;

/** Old name -> the added tool it became. Each side is used once; a tie between candidates pairs nothing. */
export function findCompatibleRenames<T extends Listed>(removed: readonly T[], added: readonly T[]): Map<string, T> {
  const renames = new Map<string, T>();
  if (removed.length === 0 || added.length === 0) return renames;
  const taken = new Set<T>();
  const pair = (old: T, candidates: T[]) => {
    const usable = candidates.filter((t) => !taken.has(t) && acceptsEverything(old, t));
    if (usable.length !== 1) return;
    taken.add(usable[0]!);
    renames.set(old.tool.name, usable[0]!);
  };

  // By folded name first: the strongest sign, and a hash lookup.
  const byFolded = group(added, (t) => foldName(t.tool.name));
  for (const old of removed) pair(old, byFolded.get(foldName(old.tool.name)) ?? []);

  // Then by required properties and description, for what is left.
  const byRequired = group(
    added.filter((t) => !taken.has(t)),
    (t) => requiredKey(t.tool),
  );
  const words = new Map<T, Set<string>>();
  const wordsOfTool = (t: T) => words.get(t) ?? words.set(t, wordsOf(t.tool.description)).get(t)!;
  for (const old of removed) {
    // A tool without properties looks like any other (list_users, list_groups): only its name can pair it.
    const properties = propertyNames(old.tool);
    if (renames.has(old.tool.name) || properties.length === 0 || wordsOfTool(old).size === 0) continue;
    const group = byRequired.get(requiredKey(old.tool)) ?? [];
    if (group.length > MAX_DESCRIPTION_CANDIDATES) continue;
    const candidates = group.filter((t) => {
      const now = new Set(propertyNames(t.tool));
      return properties.every((p) => now.has(p)) && overlap(wordsOfTool(old), wordsOfTool(t)) >= CLOSE_DESCRIPTION;
    });
    pair(old, candidates);
  }
  return renames;
}

/**
 * A name reduced to its words, lower case, without a trailing `Tool`: `get-sum`, `getSum`, `GET_SUM` and
 * `GetSumTool` all fold to `getsum`.
 */
export function foldName(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_\-.]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
  if (words.length > 1 && words.at(-1) === 'tool') words.pop();
  return words.join('');
}

function acceptsEverything(old: Listed, renamed: Listed): boolean {
  const findings = compareSchemas({
    area: 'input',
    subject: { kind: 'tool', name: old.tool.name },
    label: `tool "${old.tool.name}"`,
    location: 'inputSchema',
    base: { root: old.tool.inputSchema, pointer: `${old.pointer}/inputSchema` },
    head: { root: renamed.tool.inputSchema, pointer: `${renamed.pointer}/inputSchema` },
  });
  return !findings.some(({ finding }) => finding.severity === 'breaking');
}

function requiredKey(tool: Tool): string {
  const required = isPlainObject(tool.inputSchema) && Array.isArray(tool.inputSchema.required) ? tool.inputSchema.required : [];
  return JSON.stringify([...new Set(required.filter((r): r is string => typeof r === 'string'))].sort());
}

function propertyNames(tool: Tool): string[] {
  const properties = isPlainObject(tool.inputSchema) ? tool.inputSchema.properties : undefined;
  return isPlainObject(properties) ? Object.keys(properties) : [];
}

function wordsOf(text: unknown): Set<string> {
  return new Set(typeof text === 'string' ? (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) : []);
}

function overlap(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / Math.min(a.size, b.size);
}

function group<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}
