// Turns text or a decoded JSON value into a validated, canonical Snapshot.
// Accepts our snapshot file, a bare `tools/list` result and a JSON-RPC response envelope (e.g. MCP Inspector output).
import { UsageError } from '../errors.js';
import { canonicalizeSnapshot } from './canonical.js';
import { HTTP_TRANSPORTS } from './captured.js';
import type { HttpTransport, Prompt, Resource, ResourceTemplate, Snapshot, SurfacePart, Tool } from './types.js';

/** What a bare tools/list result, which names no server, is called in reports; its version is left empty. */
const UNNAMED_SERVER = 'unnamed server';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

function fail(source: string, where: string, problem: string): never {
  throw new UsageError(`${source}: ${where ? `${where}: ` : ''}${problem}`);
}

function list<T>(source: string, raw: Json, key: string, check: (item: unknown, where: string) => T): T[] {
  const value = raw[key];
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail(source, key, 'must be an array');
  return value.map((item, index) => check(item, `${key}[${index}]`));
}

/**
 * Tools and prompts are called by name and compared by name: two with one name would make the verdict depend on
 * list order (only one could be compared), so a list holding a name twice is bad input, named in the error.
 */
function unique<T>(source: string, items: T[], key: string, idOf: (item: T) => string, what: string): T[] {
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const id = idOf(item);
    const first = seen.get(id);
    if (first !== undefined) fail(source, `${key}[${index}]`, `duplicate ${what} ${JSON.stringify(id)} (also ${key}[${first}]); each must be listed once`);
    seen.set(id, index);
  });
  return items;
}

function named(source: string, item: unknown, where: string): Json & { name: string } {
  if (!isObject(item)) fail(source, where, 'must be an object');
  if (typeof item.name !== 'string' || item.name === '') fail(source, where, 'missing "name"');
  return item as Json & { name: string };
}

function checkTool(source: string) {
  return (item: unknown, where: string): Tool => {
    const tool = named(source, item, where);
    const label = `${where} ("${tool.name}")`;
    if (!isObject(tool.inputSchema)) fail(source, label, 'missing "inputSchema" (an object)');
    if (tool.outputSchema !== undefined && !isObject(tool.outputSchema)) fail(source, label, '"outputSchema" must be an object');
    if (tool.annotations !== undefined && !isObject(tool.annotations)) fail(source, label, '"annotations" must be an object');
    return tool as Tool;
  };
}

function checkPrompt(source: string) {
  return (item: unknown, where: string): Prompt => {
    const prompt = named(source, item, where);
    if (prompt.arguments !== undefined) {
      if (!Array.isArray(prompt.arguments)) fail(source, `${where} ("${prompt.name}")`, '"arguments" must be an array');
      prompt.arguments.forEach((arg, i) => named(source, arg, `${where}.arguments[${i}]`));
    }
    return prompt as Prompt;
  };
}

function checkResourceTemplate(source: string) {
  return (item: unknown, where: string): ResourceTemplate => {
    const template = named(source, item, where);
    if (typeof template.uriTemplate !== 'string') fail(source, `${where} ("${template.name}")`, 'missing "uriTemplate"');
    return template as ResourceTemplate;
  };
}

function checkResource(source: string) {
  return (item: unknown, where: string): Resource => {
    if (!isObject(item)) fail(source, where, 'must be an object');
    if (typeof item.uri !== 'string' || item.uri === '') fail(source, where, 'missing "uri"');
    if (typeof item.name !== 'string') fail(source, `${where} ("${item.uri}")`, 'missing "name"');
    return item as Resource;
  };
}

function strings(source: string, raw: Json, key: string, allowed?: readonly string[]): string[] | undefined {
  const value = raw[key];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && (allowed === undefined || allowed.includes(v)))) {
    fail(source, key, allowed ? `must be an array of ${allowed.map((a) => `"${a}"`).join(', ')}` : 'must be an array of strings');
  }
  return value as string[];
}

/** Unwraps a JSON-RPC response envelope `{jsonrpc, id, result}`; an error response is bad input. */
function unwrapEnvelope(source: string, raw: Json): Json {
  if (raw.jsonrpc === undefined) return raw;
  if (isObject(raw.error)) fail(source, '', `is a JSON-RPC error response: ${String(raw.error.message ?? 'no message')}`);
  if (!isObject(raw.result)) fail(source, '', 'is a JSON-RPC message without a "result" object');
  return raw.result;
}

/**
 * Validates any accepted shape and returns the canonical Snapshot. `source` names the input in errors.
 * Throws UsageError with one line naming the source and the offending path.
 */
export function normalizeSnapshot(value: unknown, source = 'snapshot'): Snapshot {
  if (!isObject(value)) fail(source, '', 'is not a snapshot (expected a JSON object)');
  const raw = unwrapEnvelope(source, value);
  const isSnapshot = raw.format !== undefined;
  if (isSnapshot && raw.format !== 1) fail(source, 'format', `unsupported snapshot format ${JSON.stringify(raw.format)} (this version reads format 1)`);
  if (!isSnapshot && !Array.isArray(raw.tools) && !Array.isArray(raw.prompts) && !Array.isArray(raw.resourceTemplates)) {
    fail(source, '', 'is not a snapshot, a tools/list result or a JSON-RPC response (no "format", "tools", "prompts" or "resourceTemplates")');
  }
  const server = isObject(raw.server) ? raw.server : {};
  if (isSnapshot && (typeof server.name !== 'string' || typeof server.version !== 'string')) {
    fail(source, 'server', 'must have string "name" and "version"');
  }
  if (raw.capabilities !== undefined && !isObject(raw.capabilities)) fail(source, 'capabilities', 'must be an object');
  const tools = unique(source, list(source, raw, 'tools', checkTool(source)), 'tools', (t) => t.name, 'tool name');
  const prompts = unique(source, list(source, raw, 'prompts', checkPrompt(source)), 'prompts', (p) => p.name, 'prompt name');
  const resourceTemplates = list(source, raw, 'resourceTemplates', checkResourceTemplate(source));
  const resources = raw.resources === undefined ? undefined : unique(source, list(source, raw, 'resources', checkResource(source)), 'resources', (r) => r.uri, 'resource URI');
  if (raw.instructions !== undefined && raw.instructions !== null && typeof raw.instructions !== 'string') fail(source, 'instructions', 'must be a string or null');
  const protocolVersions = strings(source, raw, 'protocolVersions');
  const transports = strings(source, raw, 'transports', HTTP_TRANSPORTS);
  // Absent means not captured: a bare tools/list result says nothing of prompts, templates or capabilities, so
  // they are left out of the comparison instead of read as "none".
  const notCaptured = (['capabilities', 'tools', 'prompts', 'resourceTemplates'] as const satisfies readonly SurfacePart[]).filter((key) => raw[key] === undefined);
  try {
    return canonicalizeSnapshot({
      format: 1,
      server: {
        // A bare tools/list result names no server: the reports call it "unnamed server", with no version.
        name: typeof server.name === 'string' ? server.name : UNNAMED_SERVER,
        version: typeof server.version === 'string' ? server.version : '',
      },
      capabilities: isObject(raw.capabilities) ? raw.capabilities : {},
      tools,
      prompts,
      resourceTemplates,
      ...(resources !== undefined && { resources }),
      ...(raw.instructions !== undefined && { instructions: raw.instructions as string | null }),
      ...(protocolVersions !== undefined && { protocolVersions }),
      ...(transports !== undefined && { transports: transports as HttpTransport[] }),
      ...(notCaptured.length > 0 && { notCaptured }),
    });
  } catch (error) {
    // The depth cap's error does not know which input it was reading.
    if (error instanceof UsageError) fail(source, '', error.message);
    throw error;
  }
}

/** Parses snapshot text; malformed JSON is a one-line UsageError naming the source. */
export function parseSnapshot(text: string, source = 'snapshot'): Snapshot {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${source}: not valid JSON (${jsonErrorDetail(error, text)})`);
  }
  return normalizeSnapshot(value, source);
}

/**
 * JSON.parse's message, the same on every supported Node.js: V8 on Node 22+ follows "at position N" with
 * "(line L column C)", on Node 20 it does not, so the line and column are computed here for both.
 */
function jsonErrorDetail(error: unknown, text: string): string {
  const first = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.replace(/ \(line \d+ column \d+\)$/, '');
  const at = / at position (\d+)$/.exec(first);
  if (!at) return first;
  const position = Number(at[1]);
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  return `${first} (line ${line} column ${position - before.lastIndexOf('\n')})`;
}
