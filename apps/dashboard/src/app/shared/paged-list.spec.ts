import type { Page } from '@workflow-mcp/domain';
import { PagedList, type PageRequest } from './paged-list';

function pageOf(items: string[], next: string | null = null): Page<string> {
  return { items, total: 45, total_capped: false, limit: 20, has_more: next !== null, next_cursor: next };
}

describe('paged list: pages by cursor, as the service pages', () => {
  it('goes forward with next_cursor and back through the cursors already seen', async () => {
    const fetch = vi.fn(async ({ cursor }: PageRequest) =>
      cursor === undefined ? pageOf(['a'], 'c2') : cursor === 'c2' ? pageOf(['b'], 'c3') : pageOf(['c']),
    );
    const list = new PagedList({ fetch, limit: 20 });
    await list.load();
    expect(list.first()).toBe(1);
    expect(list.hasPrevious()).toBe(false);

    list.next();
    await vi.waitFor(() => expect(list.page()?.items).toEqual(['b']));
    list.next();
    await vi.waitFor(() => expect(list.page()?.items).toEqual(['c']));
    expect(list.first()).toBe(41);

    list.previous();
    await vi.waitFor(() => expect(list.page()?.items).toEqual(['b']));
    expect(fetch).toHaveBeenLastCalledWith({ limit: 20, cursor: 'c2' });
    expect(list.first()).toBe(21);
  });

  it('shows the answer to the latest request when an older one arrives after it', async () => {
    let answerFirst: (page: Page<string>) => void = () => undefined;
    const fetch = vi
      .fn<(request: PageRequest) => Promise<Page<string>>>()
      .mockImplementationOnce(() => new Promise((resolve) => (answerFirst = resolve)))
      .mockResolvedValueOnce(pageOf(['filtered']));
    const list = new PagedList({ fetch, limit: 20 });
    const stale = list.load();
    await list.load();
    answerFirst(pageOf(['stale']));
    await stale;
    expect(list.page()?.items).toEqual(['filtered']);
  });

  it('goes back to the first page when the current one was emptied elsewhere', async () => {
    const fetch = vi.fn(async ({ cursor }: PageRequest) => (cursor === undefined ? pageOf(['a'], 'c2') : pageOf([])));
    const list = new PagedList({ fetch, limit: 20 });
    await list.load();
    list.next();
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(3));
    expect(fetch).toHaveBeenLastCalledWith({ limit: 20, cursor: undefined });
    await vi.waitFor(() => expect(list.page()?.items).toEqual(['a']));
    expect(list.hasPrevious()).toBe(false);
  });

  it('starts again from the first page with a new page size', async () => {
    const fetch = vi.fn(async ({ cursor }: PageRequest) => (cursor === undefined ? pageOf(['a'], 'c2') : pageOf(['b'])));
    const list = new PagedList({ fetch, limit: 20 });
    await list.load();
    list.next();
    await vi.waitFor(() => expect(list.page()?.items).toEqual(['b']));
    list.setLimit(50);
    await vi.waitFor(() => expect(fetch).toHaveBeenLastCalledWith({ limit: 50, cursor: undefined }));
    expect(list.first()).toBe(1);
  });
});
