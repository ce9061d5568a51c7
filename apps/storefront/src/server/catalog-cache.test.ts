import { TRPCClientError } from '@trpc/client';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const byIdOrSlug = vi.fn();
vi.mock('next/cache', () => ({ unstable_cache: (fn: (...args: unknown[]) => unknown) => fn }));
vi.mock('@/env', () => ({ getEnv: () => ({ CATALOG_REVALIDATE_SECONDS: 300 }) }));
vi.mock('@/server/services', () => ({ anonymousServices: { catalog: { byIdOrSlug: { query: byIdOrSlug } } } }));
const { getProduct } = await import('./catalog-cache');

function serviceError(httpStatus: number) {
  return new TRPCClientError('failed', { result: { error: { message: 'failed', code: -32000, data: { httpStatus, code: 'X' } } } } as never);
}

describe('getProduct', () => {
  beforeEach(() => byIdOrSlug.mockReset());

  it('answers null for an unknown slug and for one the catalog refuses (a 404 page, not a 500)', async () => {
    byIdOrSlug.mockRejectedValueOnce(serviceError(404));
    expect(await getProduct('no-such-product')).toBeNull();
    byIdOrSlug.mockRejectedValueOnce(serviceError(400));
    expect(await getProduct('x'.repeat(150))).toBeNull();
  });

  it('answers null for a malformed or overlong slug without asking the catalog (no cache entry per made-up URL)', async () => {
    for (const slug of ['x'.repeat(201), 'Upper-Case', 'with space', '../etc', '-leading', 'double--dash']) expect(await getProduct(slug)).toBeNull();
    expect(byIdOrSlug).not.toHaveBeenCalled();
  });

  it('throws (uncached) when the catalog is down', async () => {
    byIdOrSlug.mockRejectedValueOnce(serviceError(503));
    await expect(getProduct('mug')).rejects.toBeInstanceOf(TRPCClientError);
  });
});
