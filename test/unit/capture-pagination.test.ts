import { describe, expect, it } from 'vitest';
import { listAllPages } from '../../src/capture/pagination.js';
import { CaptureError } from '../../src/errors.js';

/** A server's pages keyed by the cursor that requests them ('' for the first). */
function pages(book: Record<string, Record<string, unknown>>) {
  const requested: (string | undefined)[] = [];
  const request = async (cursor: string | undefined) => {
    requested.push(cursor);
    const page = book[cursor ?? ''];
    if (!page) throw new Error(`no page for cursor ${cursor}`);
    return page;
  };
  return { request, requested };
}

describe('listAllPages follows nextCursor through every page', () => {
  it('concatenates the pages in order and passes each cursor back', async () => {
    const { request, requested } = pages({
      '': { tools: [{ name: 'a' }, { name: 'b' }], nextCursor: 'c2' },
      c2: { tools: [{ name: 'c' }], nextCursor: 'c3' },
      c3: { tools: [{ name: 'd' }] },
    });
    expect(await listAllPages(request, 'tools/list', 'tools')).toEqual([{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'd' }]);
    expect(requested).toEqual([undefined, 'c2', 'c3']);
  });

  it('treats a null nextCursor as the end, as some servers send it', async () => {
    const { request } = pages({ '': { prompts: [{ name: 'p' }], nextCursor: null } });
    expect(await listAllPages(request, 'prompts/list', 'prompts')).toEqual([{ name: 'p' }]);
  });

  it('stops with a clear error when a cursor repeats', async () => {
    const { request } = pages({ '': { tools: [], nextCursor: 'x' }, x: { tools: [], nextCursor: 'y' }, y: { tools: [], nextCursor: 'x' } });
    const failure = listAllPages(request, 'tools/list', 'tools');
    await expect(failure).rejects.toThrow(CaptureError);
    await expect(listAllPages(request, 'tools/list', 'tools')).rejects.toThrow('tools/list: the server sent the cursor "x" again on page 3; its pagination never ends');
  });

  it('stops at the page cap when cursors never repeat but never end', async () => {
    let n = 0;
    const endless = async () => ({ tools: [{ name: `t${n}` }], nextCursor: `c${++n}` });
    await expect(listAllPages(endless, 'tools/list', 'tools', 5)).rejects.toThrow('tools/list: still more pages after 5 pages; giving up');
    expect(n).toBe(5);
  });

  it('rejects a page without the list', async () => {
    const { request } = pages({ '': { tools: [], nextCursor: 'b' }, b: { items: [] } });
    await expect(listAllPages(request, 'tools/list', 'tools')).rejects.toThrow('tools/list answered without a "tools" array (page 2)');
  });

  it('rejects a nextCursor that is not a string', async () => {
    const { request } = pages({ '': { tools: [], nextCursor: 2 } });
    await expect(listAllPages(request, 'tools/list', 'tools')).rejects.toThrow('nextCursor that is not a string');
  });
});
