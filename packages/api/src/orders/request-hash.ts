import { createHash } from 'node:crypto';

/**
 * The fingerprint of a checkout request, stored with its Idempotency-Key: a retry with the same
 * key must carry the same request. Hashed over the request AFTER validation (unknown fields such
 * as client-sent prices are already stripped, duplicate product lines merged and sorted), as
 * canonical JSON (object keys sorted, undefined dropped), so key order and whitespace do not matter.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

export function requestHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
