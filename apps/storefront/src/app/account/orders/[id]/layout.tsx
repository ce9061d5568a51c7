import { notFound, redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { loadAccountOrder } from '@/server/order-loaders';
import { getViewer } from '@/server/caller';

/**
 * Checks the session and the order outside the page's loading boundary: a guest is redirected
 * (307) and someone else's or an unknown order is a real 404 before anything streams.
 */
export default async function AccountOrderLayout({ children, params }: { children: ReactNode; params: Promise<{ id: string }> }) {
  const { id } = await params;
  const login = `/login?callbackUrl=${encodeURIComponent(`/account/orders/${id}`)}`;
  if (!(await getViewer())) redirect(login);
  const loaded = await loadAccountOrder(id);
  if (loaded.status === 'unauthorized') redirect(login);
  if (loaded.status === 'not-found') notFound();
  return children;
}
