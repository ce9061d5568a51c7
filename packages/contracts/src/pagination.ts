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
