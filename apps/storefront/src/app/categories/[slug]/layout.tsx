import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { findCategory } from '@/server/catalog-pages';

/**
 * Checks the slug outside the page's loading boundary, so an unknown category is answered with a
 * real 404 status before anything streams (a notFound() inside a streamed page can only be a 200
 * with a noindex tag).
 */
export default async function CategoryLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  if (!(await findCategory(slug))) notFound();
  return children;
}
