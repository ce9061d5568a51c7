import { beforeEach, describe, expect, it, vi } from 'vitest';

const revalidateTag = vi.fn();
vi.mock('next/cache', () => ({ revalidateTag }));

const { POST } = await import('./route');
const { REVALIDATE_SECRET_HEADER, isRevalidationSecret } = await import('@/server/catalog-changes');

/** The per-process secret, as the poller reads it (globalThis, shared by the process's bundles). */
function secret(): string {
  const holder = globalThis as unknown as Record<symbol, { secret: string } | undefined>;
  isRevalidationSecret('warm-up'); // creates the secret on first use
  return holder[Symbol.for('omnicart.storefront.catalog-changes')]!.secret;
}

const post = (body: unknown, headers: Record<string, string> = {}) =>
  POST(new Request('http://127.0.0.1:3000/api/revalidate', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }));

describe('POST /api/revalidate', () => {
  beforeEach(() => {
    revalidateTag.mockClear();
  });

  it('answers 404 without the process secret, and expires nothing', async () => {
    expect((await post({ tags: ['catalog'] })).status).toBe(404);
    expect((await post({ tags: ['catalog'] }, { [REVALIDATE_SECRET_HEADER]: 'guess' })).status).toBe(404);
    expect(revalidateTag).not.toHaveBeenCalled();
  });

  it('expires each tag at once (no stale window) with the secret', async () => {
    const response = await post({ tags: ['catalog', 'product:mug', 'catalog'] }, { [REVALIDATE_SECRET_HEADER]: secret() });
    expect(response.status).toBe(200);
    expect(revalidateTag.mock.calls).toEqual([
      ['catalog', { expire: 0 }],
      ['product:mug', { expire: 0 }],
    ]);
  });

  it('refuses a malformed body', async () => {
    expect((await post({ tags: [] }, { [REVALIDATE_SECRET_HEADER]: secret() })).status).toBe(400);
    expect((await post({ nope: true }, { [REVALIDATE_SECRET_HEADER]: secret() })).status).toBe(400);
  });
});
