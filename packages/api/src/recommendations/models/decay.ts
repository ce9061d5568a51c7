const DAY_MS = 86_400_000;

/** Exponential time decay: 1 now, ½ after one half-life, ¼ after two (never negative ages). */
export function decayWeight(ageMs: number, halfLifeDays: number): number {
  return Math.pow(0.5, Math.max(ageMs, 0) / (halfLifeDays * DAY_MS));
}
