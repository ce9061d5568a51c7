'use client';

import { useEffect, useRef, type MouseEvent, type ReactNode } from 'react';
import type { ClientEvent, ShelfName } from '@/lib/analytics/client-events';
import { sendEvents } from './beacon';

export interface TrackedProduct {
  id: string;
  slug: string;
}

/** What a click on one of the products is reported as. */
export type ClickReport = { kind: 'recommendation'; shelf: ShelfName; sourceProductId?: string } | { kind: 'search'; query: string };

export interface TrackedProductsProps {
  /** The list's name in analytics: "category", "search", "new_arrivals", or the shelf name. */
  list: string;
  products: ReadonlyArray<TrackedProduct>;
  click?: ClickReport;
  children: ReactNode;
}

const IMPRESSION_DELAY_MS = 1000;
const productHref = (slug: string) => `/products/${encodeURIComponent(slug)}`;

/**
 * Wraps a product list (ProductGrid) and reports, through /api/events: which products were seen
 * (half of the card's link in view; once per product and page view, in batches) and, when `click`
 * is given, a click on one (recommendation_click with shelf, 1-based position and source product,
 * or search_click with the query). The links stay clean (no tracking parameters). Renders a plain
 * <div> around its children.
 */
export function TrackedProducts({ list, products, click, children }: TrackedProductsProps) {
  const root = useRef<HTMLDivElement>(null);
  const pending = useRef<number[]>([]);
  const seen = useRef(new Set<string>());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const positions = useRef(new Map<string, number>());
  positions.current = new Map(products.map((product, index) => [productHref(product.slug), index]));

  const flush = useRef(() => {});
  flush.current = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const indexes = [...new Set(pending.current)].sort((a, b) => a - b);
    pending.current = [];
    const ids = indexes.map((index) => products[index]?.id).filter((id): id is string => Boolean(id));
    if (!ids.length) return;
    const events: ClientEvent[] = [];
    for (let start = 0; start < ids.length; start += 50) {
      events.push({ type: 'product_impression', props: { productIds: ids.slice(start, start + 50), list, position: indexes[start]! + 1 } });
    }
    sendEvents(events);
  };

  useEffect(() => {
    const element = root.current;
    if (!element || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (!entry.isIntersecting) continue;
          const href = (entry.target as HTMLAnchorElement).getAttribute('href') ?? '';
          const index = positions.current.get(href);
          observer.unobserve(entry.target);
          if (index === undefined || seen.current.has(href)) continue;
          seen.current.add(href);
          pending.current.push(index);
        }
        if (pending.current.length && !timer.current) timer.current = setTimeout(() => flush.current(), IMPRESSION_DELAY_MS);
      },
      { threshold: 0.5 },
    );
    for (const link of element.querySelectorAll<HTMLAnchorElement>('a[href^="/products/"]')) observer.observe(link);
    const onHide = () => {
      if (document.visibilityState === 'hidden') flush.current();
    };
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('pagehide', onHide);
    return () => {
      observer.disconnect();
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', onHide);
      flush.current();
    };
  }, [products]);

  function onClick(event: MouseEvent<HTMLDivElement>) {
    if (!click) return;
    const link = (event.target as Element).closest?.('a[href]');
    const index = link ? positions.current.get(link.getAttribute('href') ?? '') : undefined;
    const product = index === undefined ? undefined : products[index];
    if (!product || index === undefined) return;
    flush.current(); // the impression goes first
    sendEvents([
      click.kind === 'recommendation'
        ? {
            type: 'recommendation_click',
            props: { productId: product.id, shelf: click.shelf, position: index + 1, ...(click.sourceProductId ? { sourceProductId: click.sourceProductId } : {}) },
          }
        : { type: 'search_click', props: { query: click.query, productId: product.id, position: index + 1 } },
    ]);
  }

  return (
    <div ref={root} onClickCapture={onClick}>
      {children}
    </div>
  );
}
