import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { findProduct } from '@/server/catalog-pages';

/**
 * Checks the slug outside the page's loading boundary, so an unknown or archived product is
 * answered with a real 404 status before anything streams.
 */
export default async function ProductLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  if (!(await findProduct(slug))) notFound();
  return children;
}
