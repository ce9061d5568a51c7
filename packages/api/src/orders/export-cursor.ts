import { decodeKeysetCursor, encodeKeysetCursor } from '../runtime/keyset-cursor.js';
import type { ExportKey } from './repository.js';
import type { OrderSearchSort } from './schemas.js';

/**
 * The export's opaque cursor (runtime/keyset-cursor.ts): the sort it continues and the last order's
 * sort key (creation time, id, and total for the total sorts). A cursor from another sort, or one
 * that was tampered with, is a 400, never a wrong page.
 */
const KEY = ['timestamp', 'uuid', 'int'] as const;

export function encodeExportCursor(sort: OrderSearchSort, key: ExportKey): string {
  return encodeKeysetCursor(sort, [key.createdAt, key.id, key.total]);
}

export function decodeExportCursor(cursor: string, sort: OrderSearchSort): ExportKey {
  const [createdAt, id, total] = decodeKeysetCursor(cursor, sort, KEY);
  return { createdAt, id, total };
}
