import { createHash } from 'node:crypto';
import type { ListProductsInput, ProductSort } from './schemas.js';

/** Attribute filters a list request can carry; each is multi-valued (OR within, AND across). */
export const ATTRIBUTE_FILTERS = ['brand', 'colour', 'size', 'material'] as const;
export type AttributeFilter = (typeof ATTRIBUTE_FILTERS)[number];

const MAX_WORDS = 8;
const MAX_WORD_LENGTH = 40;

/** A list request reduced to a canonical form: equal requests give equal cache keys. */
export interface ProductQuery {
  /** Lower-cased, accent-free keywords in query order; empty when there is no keyword search. */
  words: string[];
  category: string | null;
  minPrice: number | null;
  maxPrice: number | null;
  /** Lower-cased, de-duplicated, sorted values per attribute. */
  attributes: Record<AttributeFilter, string[]>;
  /** Availability filter; null = no filter. */
  inStock: boolean | null;
  sort: ProductSort;
  limit: number;
  cursor: string | null;
}

/** Splits a keyword query into at most eight lower-case [a-z0-9] words. */
export function tokenize(q: string | undefined | null): string[] {
  if (!q) return [];
  const words = q
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .match(/[a-z0-9]+/g);
  return (words ?? []).filter((w) => w.length <= MAX_WORD_LENGTH).slice(0, MAX_WORDS);
}

function normalizeValues(values: readonly string[] | undefined): string[] {
  if (!values) return [];
  return [...new Set(values.map((v) => v.trim().toLowerCase()).filter((v) => v.length > 0))].sort();
}

export function normalizeListInput(input: ListProductsInput): ProductQuery {
  const words = tokenize(input.q);
  return {
    words,
    category: input.category?.trim().toLowerCase() || null,
    minPrice: input.minPrice ?? null,
    maxPrice: input.maxPrice ?? null,
    attributes: {
      brand: normalizeValues(input.brand),
      colour: normalizeValues(input.colour),
      size: normalizeValues(input.size),
      material: normalizeValues(input.material),
    },
    inStock: input.inStock ?? null,
    // Relevance only means something with keywords; without them the newest come first.
    sort: input.sort && (input.sort !== 'relevance' || words.length > 0) ? input.sort : words.length > 0 ? 'relevance' : 'newest',
    limit: input.limit ?? 20,
    cursor: input.cursor ?? null,
  };
}

/** Everything that decides which products match (not their order or page). */
export function filterKey(query: ProductQuery): string {
  const key: unknown[] = [query.words, query.category, query.minPrice, query.maxPrice, query.attributes];
  // Only present when set, so keys (and cursor fingerprints) without it stay as they were.
  if (query.inStock !== null) key.push({ inStock: query.inStock });
  return JSON.stringify(key);
}

/** Short fingerprint of the filter set, stored in cursors to refuse a cursor from another query. */
export function filterFingerprint(query: ProductQuery): string {
  return createHash('sha256').update(filterKey(query)).digest('base64url').slice(0, 12);
}

export function pageKey(query: ProductQuery): string {
  return `${filterKey(query)}|${query.sort}|${query.limit}|${query.cursor ?? ''}`;
}

/**
 * Builds a to_tsquery() text from already-tokenized words: every word required (or, with `|`,
 * any word), the last one also matching as a prefix (search-as-you-type). Words are [a-z0-9]+ so no tsquery syntax
 * can sneak in; the text is still passed as a bound parameter.
 */
export function buildTsQuery(words: readonly string[], join: '&' | '|' = '&'): string {
  return words.map((w, i) => (i === words.length - 1 ? `${w}:*` : w)).join(` ${join} `);
}
