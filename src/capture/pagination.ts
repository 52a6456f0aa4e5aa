// Walks a paginated MCP list (tools/list, prompts/list, resources/templates/list) through every `nextCursor`,
// with a page cap and a clear error for a server whose cursor repeats instead of converging.
import { createHash } from 'node:crypto';
import { CaptureError } from '../errors.js';

/** Enough for any real server (1,000 pages of even 10 items is 10,000 tools); a cap only stops runaways. */
export const MAX_PAGES = 1_000;

export type PageRequest = (cursor: string | undefined) => Promise<Record<string, unknown>>;

/** Returns every item of `key` across all pages, in the order the server sent them. */
export async function listAllPages(requestPage: PageRequest, method: string, key: string, maxPages = MAX_PAGES): Promise<unknown[]> {
  const items: unknown[] = [];
  // Digests, not the cursors: a server may send a new multi-megabyte cursor on every page.
  const seen = new Set<string>();
  const digest = (cursor: string): string => createHash('sha256').update(cursor).digest('base64');
  let cursor: string | undefined;
  for (let page = 1; ; page++) {
    const result = await requestPage(cursor);
    const pageItems = result[key];
    if (!Array.isArray(pageItems)) {
      throw new CaptureError(`${method} answered without a "${key}" array (page ${page})`);
    }
    items.push(...pageItems);
    const next = result.nextCursor;
    // Absent (or null, which some servers send) ends the list.
    if (next === undefined || next === null) return items;
    if (typeof next !== 'string') throw new CaptureError(`${method} answered with a nextCursor that is not a string (page ${page})`);
    if (seen.has(digest(next))) {
      throw new CaptureError(`${method}: the server sent the cursor ${JSON.stringify(truncate(next))} again on page ${page}; its pagination never ends`);
    }
    if (page >= maxPages) throw new CaptureError(`${method}: still more pages after ${maxPages} pages; giving up`);
    seen.add(digest(next));
    cursor = next;
  }
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}...` : text;
}
