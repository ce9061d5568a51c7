import { DomainError } from '../runtime/errors.js';
import type { ProductSort } from './schemas.js';

/**
 * Opaque keyset cursors. A cursor names the sort it was made for, the filter set it belongs to
 * (a short fingerprint) and the last row's (sort key, id), so the next page starts strictly
 * after that row. Rows inserted meanwhile land before or after the position, never shifting it:
 * no duplicates, no gaps.
 */
export type SortKey = number | string;

export interface CursorPosition {
  sort: ProductSort;
  /** Fingerprint of the filters the cursor was issued for. */
  filters: string;
  key: SortKey;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SORTS: readonly ProductSort[] = ['relevance', 'price_asc', 'price_desc', 'newest', 'name'];

export function encodeCursor(position: CursorPosition): string {
  const payload = [position.sort, position.filters, position.key, position.id];
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

/** Decodes a cursor or throws VALIDATION_FAILED; never trusts its content beyond types. */
export function decodeCursor(cursor: string): CursorPosition {
  const invalid = () => new DomainError('VALIDATION_FAILED', 'cursor: Malformed cursor; pass back the nextCursor of a previous page');
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(payload) || payload.length !== 4) throw invalid();
  const [sort, filters, key, id] = payload as unknown[];
  if (typeof sort !== 'string' || !SORTS.includes(sort as ProductSort)) throw invalid();
  if (typeof filters !== 'string' || typeof id !== 'string' || !UUID.test(id)) throw invalid();
  const numericSort = sort === 'relevance' || sort === 'price_asc' || sort === 'price_desc';
  if (numericSort ? typeof key !== 'number' || !Number.isFinite(key) : typeof key !== 'string') throw invalid();
  if (sort === 'newest' && Number.isNaN(Date.parse(key as string))) throw invalid();
  return { sort: sort as ProductSort, filters, key: key as SortKey, id };
}
