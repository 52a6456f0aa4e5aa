// The Snapshot: what an MCP server offers a client, in the canonical, committed form (DESIGN.md "Snapshot").
// Items keep every field the server sent (minus normalised noise) so that new spec fields are diffable.

/** A JSON Schema as found in the wild: an object (or a boolean schema inside one). */
export type JsonSchema = { [key: string]: unknown } | boolean;

export interface Tool {
  name: string;
  title?: string;
  description?: string;
  inputSchema: { [key: string]: unknown };
  outputSchema?: { [key: string]: unknown };
  annotations?: ToolAnnotations;
  [key: string]: unknown;
}

export interface ToolAnnotations {
  title?: string;
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
  [key: string]: unknown;
}

export interface PromptArgument {
  name: string;
  description?: string;
  required?: boolean;
  [key: string]: unknown;
}

export interface Prompt {
  name: string;
  title?: string;
  description?: string;
  arguments?: PromptArgument[];
  [key: string]: unknown;
}

export interface ResourceTemplate {
  name: string;
  uriTemplate: string;
  title?: string;
  description?: string;
  mimeType?: string;
  [key: string]: unknown;
}

/** A static resource (`resources/list`): clients read it by its URI. */
export interface Resource {
  uri: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
  [key: string]: unknown;
}

/** The parts of a snapshot a source may hold or lack. A part a source lacks was not captured: it is never compared. */
export const SURFACE_PARTS = ['capabilities', 'tools', 'prompts', 'resourceTemplates', 'resources', 'instructions', 'protocolVersions', 'transports'] as const;
export type SurfacePart = (typeof SURFACE_PARTS)[number];

/** The HTTP transports a `--url` capture found answering at the URL. */
export type HttpTransport = 'streamable-http' | 'sse';

export interface ServerInfo {
  name: string;
  version: string;
}

export interface Snapshot {
  format: 1;
  server: ServerInfo;
  capabilities: { [key: string]: unknown };
  tools: Tool[];
  prompts: Prompt[];
  resourceTemplates: ResourceTemplate[];
  /** Static resources; absent in snapshots written before they were captured. */
  resources?: Resource[];
  /** The initialize (or discover) result's `instructions`; `null` when the server gives none; absent when not captured. */
  instructions?: string | null;
  /** Protocol revisions the server accepts (each asked for on its own connection), sorted; absent when not captured. */
  protocolVersions?: string[];
  /** For a `--url` capture: which HTTP transports answer at the URL; absent for stdio and older snapshots. */
  transports?: HttpTransport[];
  /**
   * Parts of the four original lists the source did not hold (a bare `tools/list` result holds only tools). Their
   * arrays are empty and mean nothing. Never written: a snapshot file simply lacks the key.
   */
  notCaptured?: SurfacePart[];
}

/** A snapshot together with where it came from (a path, `git:REF:PATH`, `-`, or a live server). */
export interface SourcedSnapshot {
  snapshot: Snapshot;
  /** Human-readable source, e.g. `mcp-snapshot.json`, `git:main:mcp-snapshot.json`, `stdio:node server.js`. */
  source: string;
  /** The snapshot file on disk when the source is a file (used for annotations with file and line). */
  file?: string;
  /** The exact text read, when read from text (used to find line numbers). */
  text?: string;
}
