import { z } from 'zod';
import { text } from './text.js';

/** Keyset pagination: a page size and the opaque cursor the previous page returned. */

/** `limit`: 1..max, default `fallback`; coerced so a query string's "20" works. */
export const pageLimitSchema = (max: number, fallback: number) =>
  z.coerce.number().int().min(1).max(max).default(fallback).describe(`Page size, 1-${max}`);

/** `cursor`: the previous page's `nextCursor`, opaque to clients. */
export const pageCursorSchema = text().max(512).describe('nextCursor of the previous page');

/** A page of items and the cursor of the next one (null on the last page). */
export const pageSchema = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Numbered pages for the admin's lists (sorted and filtered on the server, with a total): the
 * page sizes merchants choose from (the anchors' convention) and 20 by default.
 */
export const PAGE_SIZES = [10, 20, 50, 100] as const;
export type PageSize = (typeof PAGE_SIZES)[number];
export const DEFAULT_PAGE_SIZE: PageSize = 20;

export const pageNumberSchema = z.coerce.number().int().min(1).max(100_000).default(1).describe('Page number, from 1');
export const pageSizeSchema = z.coerce
  .number()
  .int()
  .refine((size): size is PageSize => (PAGE_SIZES as readonly number[]).includes(size), { message: `Page size must be one of ${PAGE_SIZES.join(', ')}` })
  .default(DEFAULT_PAGE_SIZE)
  .describe(`Rows per page: ${PAGE_SIZES.join(', ')}`);

/** A numbered page: its rows and the total matching the filter. */
export const numberedPageSchema = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export interface NumberedPage<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
