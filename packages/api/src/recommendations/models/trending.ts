import { decayWeight } from './decay.js';

/**
 * "Trending": popularity with exponential time decay — score = Σ views·½^(age/h) + 5·Σ units
 * bought·½^(age/h) — with the last 7 days' counts for the reason.
 */

export interface PopularitySignal {
  productId: string;
  kind: 'view' | 'purchase';
  at: Date;
  /** Units (purchases) or 1 (views). */
  count?: number;
}

export const PURCHASE_WEIGHT = 5;
const WEEK_MS = 7 * 86_400_000;

export interface TrendingScore {
  productId: string;
  score: number;
  viewsThisWeek: number;
  ordersThisWeek: number;
}

export function trendingScores(signals: Iterable<PopularitySignal>, now: Date, halfLifeDays: number): TrendingScore[] {
  const scores = new Map<string, TrendingScore>();
  for (const signal of signals) {
    const age = now.getTime() - signal.at.getTime();
    const entry = scores.get(signal.productId) ?? { productId: signal.productId, score: 0, viewsThisWeek: 0, ordersThisWeek: 0 };
    const count = signal.count ?? 1;
    entry.score += (signal.kind === 'purchase' ? PURCHASE_WEIGHT : 1) * count * decayWeight(age, halfLifeDays);
    if (age <= WEEK_MS) {
      if (signal.kind === 'view') entry.viewsThisWeek += count;
      else entry.ordersThisWeek++;
    }
    scores.set(signal.productId, entry);
  }
  return [...scores.values()].sort((a, b) => b.score - a.score || (a.productId < b.productId ? -1 : 1));
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

export function trendingReason(score: Pick<TrendingScore, 'viewsThisWeek' | 'ordersThisWeek' | 'score'>): string {
  if (score.viewsThisWeek || score.ordersThisWeek) return `Trending: ${plural(score.viewsThisWeek, 'view')} and ${plural(score.ordersThisWeek, 'order')} this week`;
  return score.score > 0 ? 'Popular lately' : 'From the catalogue (not enough activity yet)';
}
