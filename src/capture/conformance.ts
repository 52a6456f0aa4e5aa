// Notes where a server's listing departs from the MCP schema in ways clients trip over. Capture records such
// items exactly as sent and only warns: the snapshot is evidence, and the diff/lint rules judge it.
const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** One warning per tool whose inputSchema root is not `type: "object"` (SDK 1.x clients reject the whole list). */
export function conformanceWarnings(tools: unknown[]): string[] {
  const warnings: string[] = [];
  for (const tool of tools) {
    if (!isObject(tool) || !isObject(tool.inputSchema)) continue;
    if (tool.inputSchema.type !== 'object') {
      const name = typeof tool.name === 'string' ? tool.name : '?';
      warnings.push(
        `tool "${name}": inputSchema has no top-level type "object" (recorded as sent; clients on SDK 1.x reject the whole tools/list)`,
      );
    }
  }
  return warnings;
}
