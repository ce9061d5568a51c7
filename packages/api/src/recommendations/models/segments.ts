/**
 * Taste segments: a mixture of multinomials over leaf categories, fitted by EM to the customers'
 * purchases. Segment k has a share π_k of the customers and a category distribution θ_k; a customer
 * with category counts n is in k with P(k | n) ∝ π_k · Π_c θ_kc^n_c. A shopper who has shown part of
 * their taste (two orders from two categories) gets the rest from the segments those purchases point
 * to: t(c) = Σ_k P(k | n)·θ_kc. Deterministic (no random start: a customer starts in the segment of
 * its most bought category). Pure: the builder feeds it the purchases, the bench its training orders.
 */

export interface TasteSegment {
  segment: number;
  /** π_k: the segment's share of the customers. */
  weight: number;
  /** θ_k: category → share of the segment's purchases (the top categories only). */
  categories: Map<string, number>;
}

export interface SegmentOptions {
  segments: number;
  iterations: number;
  /** Categories kept per segment (the rest share the smoothing). */
  keep: number;
}

/** Segments fitted to the customers (default 24 segments, 40 EM rounds, 16 categories kept). */
export const SEGMENT_OPTIONS: SegmentOptions = { segments: 24, iterations: 40, keep: 16 };
/** Additive smoothing of θ (a pseudo-purchase per category). */
const SMOOTHING = 0.1;

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Fits the segments to customers' category counts (customer → category → purchases). */
export function fitSegments(customers: ReadonlyMap<string, ReadonlyMap<string, number>>, options: SegmentOptions = SEGMENT_OPTIONS): TasteSegment[] {
  const categories = [...new Set([...customers.values()].flatMap((counts) => [...counts.keys()]))].sort();
  const index = new Map(categories.map((c, i) => [c, i]));
  const rows = [...customers]
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([id, counts]) => ({ id, counts: [...counts].filter(([, n]) => n > 0).map(([c, n]) => [index.get(c)!, n] as const) }))
    .filter((row) => row.counts.length > 0);
  const K = Math.max(1, Math.min(options.segments, rows.length));
  const C = categories.length;
  if (rows.length === 0 || C === 0) return [];
  // Start: each customer mostly in the segment of its most bought category (categories dealt to
  // segments by popularity, so the popular ones start apart), a little in its id's hash.
  const popularity = new Float64Array(C);
  for (const row of rows) for (const [c, n] of row.counts) popularity[c]! += n;
  const rank = new Map([...popularity.keys()].sort((a, b) => popularity[b]! - popularity[a]! || a - b).map((c, i) => [c, i]));
  let resp: Float64Array[] = rows.map((row) => {
    const top = row.counts.reduce((best, entry) => (entry[1] > best[1] || (entry[1] === best[1] && entry[0] < best[0]) ? entry : best));
    const r = new Float64Array(K).fill(0.2 / K);
    r[rank.get(top[0])! % K]! += 0.6;
    r[hash(row.id) % K]! += 0.2;
    return r;
  });
  let weight = new Float64Array(K);
  let theta: Float64Array[] = [];
  for (let round = 0; round <= options.iterations; round++) {
    // M step.
    weight = new Float64Array(K);
    theta = Array.from({ length: K }, () => new Float64Array(C).fill(SMOOTHING));
    rows.forEach((row, i) => {
      const r = resp[i]!;
      for (let k = 0; k < K; k++) {
        weight[k]! += r[k]!;
        for (const [c, n] of row.counts) theta[k]![c]! += r[k]! * n;
      }
    });
    for (let k = 0; k < K; k++) {
      const total = theta[k]!.reduce((a, b) => a + b, 0);
      for (let c = 0; c < C; c++) theta[k]![c]! /= total;
      weight[k]! /= rows.length;
    }
    if (round === options.iterations) break;
    // E step.
    const logTheta = theta.map((t) => t.map(Math.log));
    resp = rows.map((row) => posterior(K, (k) => Math.log(weight[k]! || 1e-12) + row.counts.reduce((sum, [c, n]) => sum + n * logTheta[k]![c]!, 0)));
  }
  return Array.from({ length: K }, (_, k) => ({
    segment: k,
    weight: weight[k]!,
    categories: new Map(
      categories
        .map((c, i) => [c, theta[k]![i]!] as const)
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, options.keep),
    ),
  })).filter((segment) => segment.weight > 0);
}

function posterior(K: number, logScore: (k: number) => number): Float64Array {
  const logs = Array.from({ length: K }, (_, k) => logScore(k));
  const max = Math.max(...logs);
  const r = new Float64Array(logs.map((l) => Math.exp(l - max)));
  const sum = r.reduce((a, b) => a + b, 0);
  return r.map((v) => v / sum);
}

/**
 * A shopper's taste from the segments: P(k | own counts) with the categories a segment did not keep
 * at its smallest kept share, then t(c) = Σ_k P(k | n)·θ_kc (normalised to sum 1, best first).
 */
export function segmentTaste(own: ReadonlyMap<string, number>, segments: readonly TasteSegment[]): Map<string, number> {
  if (segments.length === 0 || own.size === 0) return new Map();
  const floor = (segment: TasteSegment) => Math.min(...segment.categories.values());
  const p = posterior(segments.length, (k) => {
    const segment = segments[k]!;
    const least = floor(segment) / 2;
    let log = Math.log(segment.weight || 1e-12);
    for (const [category, n] of own) log += n * Math.log(segment.categories.get(category) ?? least);
    return log;
  });
  const taste = new Map<string, number>();
  segments.forEach((segment, k) => {
    for (const [category, share] of segment.categories) taste.set(category, (taste.get(category) ?? 0) + p[k]! * share);
  });
  const sum = [...taste.values()].reduce((a, b) => a + b, 0);
  for (const [category, value] of taste) taste.set(category, value / sum);
  return taste;
}
