// Lists what a connected server offers (tools, prompts, resources, resource templates: only what its capabilities advertise)
// exactly as the server sent it: requests use a permissive result schema, so non-conformant schemas are recorded.
import { ProtocolError, ProtocolErrorCode, type Client, type StandardSchemaV1 } from '@modelcontextprotocol/client';
import { CaptureError } from '../errors.js';
import { formatSeconds, MAX_TIMEOUT_MS } from './connect.js';
import { listAllPages } from './pagination.js';

/**
 * Listing everything may take this many times the per-request timeout in all: an honest server with many slow
 * pages fits, one that keeps sending new pages just inside the timeout (which the page cap alone would let run
 * for 1,000 timeouts) does not.
 */
export const LISTING_TIMEOUTS = 10;

/** Accepts any JSON object: validation is the diff's business, not a reason to lose the capture. */
const anyResult: StandardSchemaV1<Record<string, unknown>> = {
  '~standard': {
    version: 1,
    vendor: 'mcp-drift-guard',
    validate: (value) =>
      value !== null && typeof value === 'object' && !Array.isArray(value)
        ? { value: value as Record<string, unknown> }
        : { issues: [{ message: 'the result is not a JSON object' }] },
  },
};

export interface Surface {
  tools: unknown[];
  prompts: unknown[];
  resources: unknown[];
  resourceTemplates: unknown[];
}

const LISTS = [
  { capability: 'tools', method: 'tools/list', key: 'tools', field: 'tools' },
  { capability: 'prompts', method: 'prompts/list', key: 'prompts', field: 'prompts' },
  { capability: 'resources', method: 'resources/list', key: 'resources', field: 'resources' },
  { capability: 'resources', method: 'resources/templates/list', key: 'resourceTemplates', field: 'resourceTemplates' },
] as const;

export async function listSurface(
  client: Client,
  capabilities: Record<string, unknown>,
  request: { timeoutMs: number; signal?: AbortSignal },
  onList?: (method: string) => void,
  onWarning?: (message: string) => void,
): Promise<Surface> {
  const surface: Surface = { tools: [], prompts: [], resources: [], resourceTemplates: [] };
  const totalMs = Math.min(request.timeoutMs * LISTING_TIMEOUTS, MAX_TIMEOUT_MS);
  const deadline = AbortSignal.timeout(totalMs);
  const signal = request.signal === undefined ? deadline : AbortSignal.any([request.signal, deadline]);
  for (const list of LISTS) {
    if (!capabilities[list.capability]) continue;
    onList?.(list.method);
    try {
      surface[list.field] = await listAllPages(
        (cursor) =>
          client.request({ method: list.method, params: cursor === undefined ? {} : { cursor } }, anyResult, {
            timeout: request.timeoutMs,
            signal,
          }),
        list.method,
        list.key,
      );
    } catch (error) {
      if (deadline.aborted && !request.signal?.aborted) {
        throw new CaptureError(`${list.method}: still listing after ${formatSeconds(totalMs)} (${LISTING_TIMEOUTS} times the timeout); the server keeps sending pages`, {
          cause: error,
        });
      }
      // Many servers offer plain resources and never implemented templates (or the other way round): "method not
      // found" there means none.
      if (list.capability !== 'resources' || !(error instanceof ProtocolError) || error.code !== ProtocolErrorCode.MethodNotFound) {
        throw error;
      }
      onWarning?.(
        list.method === 'resources/list'
          ? 'the server advertises resources but does not implement resources/list; recorded as no resources'
          : 'the server advertises resources but does not implement resources/templates/list; recorded as no templates',
      );
    }
  }
  return surface;
}
