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
 * Numbered pages of the admin's tables (server-side paging): `page` from 1 and a `pageSize` from a
 * short list. Plain numbers, not `z.coerce`: the services' REST layer converts query strings by the
 * schema, so `?pageSize=` stays a string and is refused instead of silently becoming 0.
 */
export const ADMIN_PAGE_SIZES = [10, 20, 50, 100] as const;
export type AdminPageSize = (typeof ADMIN_PAGE_SIZES)[number];
/** The deepest page served (an OFFSET past this many pages is not a list anyone reads). */
export const MAX_PAGE_NUMBER = 10_000;

export const pageNumberSchema = z.number().int().min(1).max(MAX_PAGE_NUMBER).describe(`1-based page number, at most ${MAX_PAGE_NUMBER}`);
export const pageSizeSchema = z
  .number()
  .int()
  .refine((size) => (ADMIN_PAGE_SIZES as readonly number[]).includes(size), `must be one of ${ADMIN_PAGE_SIZES.join(', ')}`)
  .describe(`Items per page: ${ADMIN_PAGE_SIZES.join(', ')}`);

/** A numbered page: its items, how many match in all, and which page of what size this is. */
export const numberedPageSchema = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int().describe('Items matching the filters, on every page'),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
export interface NumberedPage<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
