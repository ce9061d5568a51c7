import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { loadConfirmationOrder } from '@/server/order-loaders';

/** An order this browser may not see is a real 404, answered before the page streams. */
export default async function ConfirmationLayout({ children, params }: { children: ReactNode; params: Promise<{ orderId: string }> }) {
  const { orderId } = await params;
  if ((await loadConfirmationOrder(orderId)).status !== 'ok') notFound();
  return children;
}
