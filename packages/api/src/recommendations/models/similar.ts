import { cosine, type SparseVector } from './text.js';

/**
 * "Similar products": content similarity of two products from their facts —
 *   score = 0.40·same category + 0.20·same family (parent category, when not the same category)
 *         + 0.15·same brand + 0.05·each shared attribute value (colour, material, size…, at most 3)
 *         + 0.40·cosine(TF-IDF of name and description).
 * Only products of the same family are candidates (a shopper comparing headphones wants headphones).
 */

export interface SimilarFacts {
  id: string;
  categoryId: string | null;
  /** The parent category (the family); a top-level category is its own family. */
  familyId: string | null;
  brand: string | null;
  attributes: Record<string, string>;
  vector: SparseVector;
}

export interface SimilarScored {
  productId: string;
  score: number;
  reason: string;
}

export const SIMILAR_WEIGHTS = { category: 0.4, family: 0.2, brand: 0.15, attribute: 0.05, maxAttributes: 3, text: 0.4 } as const;

export function similarity(a: SimilarFacts, b: SimilarFacts): SimilarScored {
  const sameCategory = a.categoryId !== null && a.categoryId === b.categoryId;
  const sameFamily = !sameCategory && a.familyId !== null && a.familyId === b.familyId;
  const sameBrand = a.brand !== null && a.brand.toLowerCase() === b.brand?.toLowerCase();
  let shared = 0;
  for (const [name, value] of Object.entries(a.attributes)) if (b.attributes[name]?.toLowerCase() === value.toLowerCase()) shared++;
  shared = Math.min(shared, SIMILAR_WEIGHTS.maxAttributes);
  const text = cosine(a.vector, b.vector);
  const score =
    (sameCategory ? SIMILAR_WEIGHTS.category : 0) +
    (sameFamily ? SIMILAR_WEIGHTS.family : 0) +
    (sameBrand ? SIMILAR_WEIGHTS.brand : 0) +
    shared * SIMILAR_WEIGHTS.attribute +
    text * SIMILAR_WEIGHTS.text;
  const shares = [sameBrand ? 'brand' : null, shared ? `${shared} attribute${shared === 1 ? '' : 's'}` : null].filter(Boolean).join(' and ');
  const where = sameCategory ? 'Same category' : sameFamily ? 'Same department' : 'Related';
  const reason = shares ? `${where}, shares ${shares}` : text >= 0.3 ? `${where}, similar description` : where;
  return { productId: b.id, score, reason };
}

/** The k most similar candidates of `target` (itself and other families left out). */
export function similarFor(target: SimilarFacts, candidates: Iterable<SimilarFacts>, k: number): SimilarScored[] {
  const scored: SimilarScored[] = [];
  for (const candidate of candidates) {
    if (candidate.id === target.id) continue;
    if (target.familyId !== null && candidate.familyId !== target.familyId) continue;
    scored.push(similarity(target, candidate));
  }
  return scored.sort((a, b) => b.score - a.score || (a.productId < b.productId ? -1 : 1)).slice(0, k);
}
