/**
 * TF-IDF over a product's name and description, cosine similarity of the L2-normalised sparse
 * vectors: tf = 1 + ln(count), idf = ln((1 + N) / (1 + df)) + 1 (smoothed, as scikit-learn's).
 * The name counts twice (it says what the thing is; the description repeats boilerplate).
 */

const STOP_WORDS = new Set(
  'a an and are as at be by for from has have in into is it its of on or our the this to was with your you made meet built back two year free within days easy look good years designed'.split(' '),
);

export function tokenize(text: string): string[] {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 1 && !STOP_WORDS.has(word) && !/^\d+$/.test(word));
}

export type SparseVector = Map<string, number>;

export interface TfIdfModel {
  idf: Map<string, number>;
  documents: number;
  vector(text: string): SparseVector;
}

export function buildTfIdf(texts: Iterable<string>): TfIdfModel {
  const df = new Map<string, number>();
  let documents = 0;
  for (const text of texts) {
    documents++;
    for (const term of new Set(tokenize(text))) df.set(term, (df.get(term) ?? 0) + 1);
  }
  const idf = new Map<string, number>();
  for (const [term, count] of df) idf.set(term, Math.log((1 + documents) / (1 + count)) + 1);
  const unseen = Math.log(1 + documents) + 1;
  return {
    idf,
    documents,
    vector(text) {
      const counts = new Map<string, number>();
      for (const term of tokenize(text)) counts.set(term, (counts.get(term) ?? 0) + 1);
      const vector: SparseVector = new Map();
      let norm = 0;
      for (const [term, count] of counts) {
        const weight = (1 + Math.log(count)) * (idf.get(term) ?? unseen);
        vector.set(term, weight);
        norm += weight * weight;
      }
      norm = Math.sqrt(norm);
      if (norm > 0) for (const [term, weight] of vector) vector.set(term, weight / norm);
      return vector;
    },
  };
}

/** Cosine of two L2-normalised vectors (their dot product). */
export function cosine(a: SparseVector, b: SparseVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [term, weight] of small) {
    const other = large.get(term);
    if (other !== undefined) dot += weight * other;
  }
  return dot;
}

/** The text a product is compared by: its name twice, then its description. */
export const productText = (product: { name: string; description: string }) => `${product.name} ${product.name} ${product.description}`;
