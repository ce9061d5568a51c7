import { DomainError } from '../runtime/errors.js';
import type { ExportKey } from './repository.js';
import type { OrderSearchSort } from './schemas.js';

/**
 * The export's opaque cursor: the sort it continues and the last order's sort key (creation time,
 * id, and total for the total sorts). A cursor from another sort, or one that was tampered with, is
 * a 400, never a wrong page.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SORTS: readonly OrderSearchSort[] = ['created_desc', 'created_asc', 'total_desc', 'total_asc'];

export function encodeExportCursor(sort: OrderSearchSort, key: ExportKey): string {
  return Buffer.from(JSON.stringify([sort, key.createdAt, key.id, key.total]), 'utf8').toString('base64url');
}

export function decodeExportCursor(cursor: string, sort: OrderSearchSort): ExportKey {
  const invalid = (why: string) => new DomainError('VALIDATION_FAILED', `after: ${why}; pass back the nextCursor of a previous page with the same sort`);
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid('malformed cursor');
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid('malformed cursor');
  }
  if (!Array.isArray(payload) || payload.length !== 4) throw invalid('malformed cursor');
  const [cursorSort, createdAt, id, total] = payload as unknown[];
  if (typeof cursorSort !== 'string' || !SORTS.includes(cursorSort as OrderSearchSort)) throw invalid('malformed cursor');
  if (cursorSort !== sort) throw invalid(`the cursor continues the ${cursorSort} sort, not ${sort}`);
  if (typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt)) || typeof id !== 'string' || !UUID.test(id)) throw invalid('malformed cursor');
  if (typeof total !== 'number' || !Number.isInteger(total) || total < 0) throw invalid('malformed cursor');
  return { createdAt, id, total };
}
