// Notes where a server's listing departs from the MCP schema in ways clients trip over. Capture records such
// items exactly as sent and only warns: the snapshot is evidence, and the diff/lint rules judge it. One warning
// for all tools, not one per tool: eleven identical lines hide the one that matters.
const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Names in a warning before "and N more". */
const LISTED = 8;

function names(list: string[]): string {
  const shown = list.slice(0, LISTED).join(', ');
  return list.length > LISTED ? `${shown} and ${list.length - LISTED} more` : shown;
}

/**
 * Warnings about tools whose inputSchema root is not `type: "object"` (SDK 1.x clients reject the whole list).
 * When every tool's schema is `{}`, the capture itself looks broken, which is said first and loudly.
 */
export function conformanceWarnings(tools: unknown[]): string[] {
  const listed = tools.filter((tool): tool is Record<string, unknown> & { inputSchema: Record<string, unknown> } => isObject(tool) && isObject(tool.inputSchema));
  const nameOf = (tool: Record<string, unknown>) => (typeof tool.name === 'string' ? tool.name : '?');
  const empty = listed.filter((tool) => Object.keys(tool.inputSchema).length === 0);
  if (listed.length > 1 && empty.length === listed.length) {
    return [
      `THIS CAPTURE LOOKS DEGENERATE: all ${listed.length} tools have an empty inputSchema {}. That is what an older server ` +
        'writes when it resolves zod 4 with a zod-to-json-schema made for zod 3, not what its tools accept; a diff against ' +
        "this snapshot compares nothing. Install the server with the zod it was released with (or a newer server) and capture again",
    ];
  }
  const untyped = listed.filter((tool) => tool.inputSchema.type !== 'object').map(nameOf);
  if (untyped.length === 0) return [];
  const which = untyped.length === 1 ? `tool "${untyped[0]}": inputSchema has` : `${untyped.length} tools' inputSchemas have`;
  const list = untyped.length === 1 ? '' : ` (${names(untyped)})`;
  return [`${which} no top-level type "object"${list}: recorded as sent; clients on SDK 1.x reject the whole tools/list`];
}
