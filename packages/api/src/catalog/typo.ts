/**
 * Typo correction: a query word that is not a known catalog word is replaced by its most
 * similar known word (pg_trgm similarity), provided the similarity clears a threshold.
 */
export interface CorrectionCandidate {
  word: string;
  /** pg_trgm similarity in [0, 1]. */
  similarity: number;
  /** How many active products use the word: the tie-breaker between equally similar words. */
  documents: number;
}

export const DEFAULT_SIMILARITY_THRESHOLD = 0.35;

/** Words worth correcting: purely alphabetic and long enough for trigrams to mean something. */
export function isCorrectable(word: string): boolean {
  return /^[a-z]{4,}$/.test(word);
}

/** The best candidate (highest similarity, then most used, then alphabetical) or null. */
export function pickCorrection(
  word: string,
  candidates: readonly CorrectionCandidate[],
  threshold = DEFAULT_SIMILARITY_THRESHOLD,
): string | null {
  let best: CorrectionCandidate | null = null;
  for (const candidate of candidates) {
    if (candidate.word === word || candidate.similarity < threshold) continue;
    if (
      !best ||
      candidate.similarity > best.similarity ||
      (candidate.similarity === best.similarity &&
        (candidate.documents > best.documents || (candidate.documents === best.documents && candidate.word < best.word)))
    ) {
      best = candidate;
    }
  }
  return best?.word ?? null;
}
