import { revalidateTag } from 'next/cache';
import { z } from 'zod';
import { isRevalidationSecret, REVALIDATE_SECRET_HEADER } from '@/server/catalog-changes';

/**
 * Expires catalog cache tags for this process's change poller (catalog-changes.ts): revalidateTag
 * only works inside a request. Guarded by the poller's per-process secret; not a public API.
 */
export const dynamic = 'force-dynamic';

const body = z.object({ tags: z.array(z.string().min(1).max(256)).min(1).max(500) });

export async function POST(request: Request): Promise<Response> {
  if (!isRevalidationSecret(request.headers.get(REVALIDATE_SECRET_HEADER))) {
    return Response.json({ error: { code: 'NOT_FOUND', message: 'Not found' } }, { status: 404 });
  }
  const parsed = body.safeParse(await request.json().catch(() => null));
  if (!parsed.success) {
    return Response.json({ error: { code: 'BAD_REQUEST', message: 'Expected { tags: string[] }' } }, { status: 400 });
  }
  // expire: 0 — the next read of a changed product fetches it (no stale-while-revalidate window):
  // a shopper must not see an old price or availability after the catalog changed.
  for (const tag of new Set(parsed.data.tags)) revalidateTag(tag, { expire: 0 });
  return Response.json({ revalidated: parsed.data.tags.length });
}
