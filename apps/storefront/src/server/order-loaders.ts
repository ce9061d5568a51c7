import 'server-only';
import { cache } from 'react';
import { getServerApi } from '@/server/caller';

/**
 * Order reads shared by a route's layout (which answers 404 / redirects before anything streams,
 * so the status code is real) and its page; React's cache makes them one service call per request.
 */

const codeOf = (error: unknown) => (error as { code?: string } | null)?.code;

export type Loaded<T> = { status: 'ok'; order: T } | { status: 'not-found' } | { status: 'unauthorized' };

export const loadAccountOrder = cache(async (id: string) => {
  const api = await getServerApi();
  try {
    return { status: 'ok', order: await api.account.order({ id }) } as const;
  } catch (error) {
    const code = codeOf(error);
    if (code === 'NOT_FOUND' || code === 'BAD_REQUEST') return { status: 'not-found' } as const;
    if (code === 'UNAUTHORIZED') return { status: 'unauthorized' } as const;
    throw error;
  }
});

export const loadConfirmationOrder = cache(async (orderId: string) => {
  const api = await getServerApi();
  try {
    return { status: 'ok', order: await api.checkout.order({ orderId }) } as const;
  } catch (error) {
    const code = codeOf(error);
    if (code === 'NOT_FOUND' || code === 'BAD_REQUEST') return { status: 'not-found' } as const;
    throw error;
  }
});
