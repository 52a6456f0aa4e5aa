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
