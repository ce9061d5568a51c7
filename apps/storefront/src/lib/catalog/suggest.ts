import { text } from '@omnicart/contracts';
import { z } from 'zod';
import type { Product } from './types';

/** Search suggestions: shared by the BFF procedure (catalog.suggest) and the SearchBox. */
export const SUGGEST_MIN_LENGTH = 2;
export const SUGGEST_MAX_LENGTH = 100;
export const SUGGEST_LIMIT = 6;
export const SUGGEST_DEBOUNCE_MS = 200;

export const suggestInput = z.object({
  q: text().trim().min(SUGGEST_MIN_LENGTH, 'Type at least 2 characters').max(SUGGEST_MAX_LENGTH),
});

export interface Suggestion {
  slug: string;
  name: string;
  price: { amount: number; currency: string };
  /** Site-relative image URL, or null when the product has no image. */
  image: string | null;
}

export interface SuggestResult {
  suggestions: Suggestion[];
  /** The keywords actually searched when the catalog corrected a typo, else null. */
  correctedQuery: string | null;
}

export function toSuggestion(product: Pick<Product, 'slug' | 'name' | 'price' | 'images'>): Suggestion {
  return {
    slug: product.slug,
    name: product.name,
    price: { amount: product.price.amount, currency: product.price.currency },
    image: product.images[0]?.url ?? null,
  };
}

/** The text the SearchBox asks suggestions for, or null while it is too short. */
export function suggestQuery(text: string): string | null {
  const q = text.trim().replace(/\s+/g, ' ');
  return q.length >= SUGGEST_MIN_LENGTH ? q.slice(0, SUGGEST_MAX_LENGTH) : null;
}
