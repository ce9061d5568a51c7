import { DomainError } from './errors.js';

/**
 * Opaque cursors of keyset pages (the exports): the sort they continue and the last row's sort key,
 * as base64url JSON `[sort, ...parts]`. Decoding checks the sort and each part's kind, so a cursor
 * from another sort, or one that was tampered with, is a 400 VALIDATION_FAILED, never a wrong page.
 */

/** What a key part holds: an ISO timestamp, a UUID, a whole number ≥ 0, or any text (a name, an e-mail). */
export type KeyPartKind = 'timestamp' | 'uuid' | 'int' | 'text';
type KeyPartValue<K extends KeyPartKind> = K extends 'int' ? number : string;
export type KeyParts<Kinds extends readonly KeyPartKind[]> = { -readonly [I in keyof Kinds]: KeyPartValue<Kinds[I]> };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SORT_NAME = /^[a-z][a-z0-9_]{0,40}$/;

const valid: Record<KeyPartKind, (value: unknown) => boolean> = {
  timestamp: (value) => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value)),
  uuid: (value) => typeof value === 'string' && UUID.test(value),
  int: (value) => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0,
  text: (value) => typeof value === 'string',
};

export function encodeKeysetCursor(sort: string, parts: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify([sort, ...parts]), 'utf8').toString('base64url');
}

/**
 * The key parts of `cursor`, which must continue `sort` and hold parts of `kinds`.
 * @throws DomainError VALIDATION_FAILED (400) naming `field` otherwise.
 */
export function decodeKeysetCursor<const Kinds extends readonly KeyPartKind[]>(cursor: string, sort: string, kinds: Kinds, field = 'after'): KeyParts<Kinds> {
  const invalid = (why: string) => new DomainError('VALIDATION_FAILED', `${field}: ${why}; pass back the nextCursor of a previous page with the same sort`);
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid('malformed cursor');
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid('malformed cursor');
  }
  if (!Array.isArray(payload) || payload.length === 0) throw invalid('malformed cursor');
  const [cursorSort, ...parts] = payload as unknown[];
  if (typeof cursorSort !== 'string' || !SORT_NAME.test(cursorSort)) throw invalid('malformed cursor');
  if (cursorSort !== sort) throw invalid(`the cursor continues the ${cursorSort} sort, not ${sort}`);
  if (parts.length !== kinds.length || !kinds.every((kind, i) => valid[kind](parts[i]))) throw invalid('malformed cursor');
  return parts as KeyParts<Kinds>;
}
