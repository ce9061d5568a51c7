/**
 * The bench's realistic catalog mix: thousands of distinct listing and search URLs, as shoppers
 * browsing a shop send them (categories × facet filters × price ranges × sorts × page sizes, and
 * keyword searches made of the catalog's own words, some mistyped), so the origin is measured on
 * a working set its read cache cannot hold in one URL. Pure and seeded: the same vocabulary and
 * seed give the same URLs in the same order. Only documented `GET /api/v1/products` parameters
 * are used (the unit test checks them against the route's input schema); later pages are added by
 * the bench itself, which follows `nextCursor` (cursors come from the service).
 */

/** Facet values shoppers can pick in one category (the category's own products' values). */
export interface MixCategory {
  slug: string;
  brand: string[];
  colour: string[];
  size: string[];
  material: string[];
}

export interface CatalogVocabulary {
  /** Top-level and leaf categories, each with the facet values of its products. */
  categories: MixCategory[];
  /** Search phrases from the catalog's products (brands, nouns, "adjective noun", "brand noun"...). */
  terms: string[];
}

export interface CatalogMix {
  /** Listing pages: a category or the whole shop, filtered and sorted, no keywords. */
  listings: string[];
  /** Keyword searches (a share mistyped), sometimes within a category or sorted by price. */
  searches: string[];
}

export interface CatalogMixOptions {
  seed?: number;
  listings?: number;
  searches?: number;
}

export const MIX_PATH = '/api/v1/products';
/** The storefront's grid (24) most of the time, sometimes the API's default (20) or a bigger page. */
const PAGE_SIZES = [24, 24, 24, 24, 20, 48] as const;
const LIST_SORTS = ['newest', 'price_asc', 'price_desc', 'name'] as const;
const SEARCH_SORTS = ['relevance', 'relevance', 'relevance', 'price_asc', 'price_desc'] as const;
/** Price ranges in cents, as a shop's price filter offers them (the facet's bands and a few odd ones). */
const PRICE_RANGES: ReadonlyArray<readonly [number | null, number | null]> = [
  [null, 2_500],
  [2_500, 5_000],
  [5_000, 10_000],
  [10_000, 25_000],
  [25_000, 50_000],
  [50_000, null],
  [1_000, 7_500],
  [null, 15_000],
  [20_000, null],
];
const FILTERS = ['brand', 'colour', 'size', 'material'] as const;

/** mulberry32: a small, fast, seeded PRNG (same seed → same sequence on every platform). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Random = () => number;

function pick<T>(random: Random, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)] as T;
}

/** Up to `count` distinct values, in a stable order. */
function pickSome(random: Random, values: readonly string[], count: number): string[] {
  const chosen = new Set<string>();
  for (let attempt = 0; chosen.size < Math.min(count, values.length) && attempt < count * 4; attempt++) chosen.add(pick(random, values));
  return [...chosen];
}

const KEYBOARD_NEIGHBOURS: Record<string, string> = {
  a: 's', b: 'v', c: 'x', d: 's', e: 'r', f: 'g', g: 'h', h: 'j', i: 'o', j: 'k', k: 'l', l: 'k', m: 'n',
  n: 'm', o: 'p', p: 'o', q: 'w', r: 't', s: 'a', t: 'r', u: 'y', v: 'b', w: 'e', x: 'c', y: 'u', z: 'x',
};

/** One typing slip in a word of 5+ letters: a dropped, doubled, swapped or neighbouring key. */
export function misspell(word: string, random: Random): string {
  if (word.length < 5 || !/^[a-z]+$/.test(word)) return word;
  const at = 1 + Math.floor(random() * (word.length - 2)); // keep the first letter, as people do
  const kind = Math.floor(random() * 4);
  const letter = word[at] as string;
  switch (kind) {
    case 0:
      return word.slice(0, at) + word.slice(at + 1);
    case 1:
      return word.slice(0, at) + letter + word.slice(at);
    case 2:
      return word[at + 1] && word[at + 1] !== letter ? word.slice(0, at) + word[at + 1] + letter + word.slice(at + 2) : word.slice(0, at) + word.slice(at + 1);
    default:
      return word.slice(0, at) + (KEYBOARD_NEIGHBOURS[letter] ?? letter) + word.slice(at + 1);
  }
}

function toUrl(params: Array<[string, string]>): string {
  return `${MIX_PATH}?${new URLSearchParams(params).toString()}`;
}

function priceParams(random: Random): Array<[string, string]> {
  const [min, max] = pick(random, PRICE_RANGES);
  return [...(min !== null ? [['minPrice', String(min)] as [string, string]] : []), ...(max !== null ? [['maxPrice', String(max)] as [string, string]] : [])];
}

function listingUrl(random: Random, categories: readonly MixCategory[]): string {
  const params: Array<[string, string]> = [];
  // Most listings are a category page; some browse the whole shop.
  const category = random() < 0.85 ? pick(random, categories) : null;
  if (category) params.push(['category', category.slug]);
  // 0-2 facet filters, values from the category (or any category for the whole shop).
  const source = category ?? pick(random, categories);
  const filterCount = random() < 0.3 ? 0 : random() < 0.7 ? 1 : 2;
  for (const filter of pickSome(random, FILTERS, filterCount) as Array<(typeof FILTERS)[number]>) {
    for (const value of pickSome(random, source[filter], random() < 0.75 ? 1 : 2)) params.push([filter, value]);
  }
  if (random() < 0.3) params.push(...priceParams(random));
  if (random() < 0.2) params.push(['inStock', 'true']);
  if (random() < 0.85) params.push(['sort', pick(random, LIST_SORTS)]);
  params.push(['limit', String(pick(random, PAGE_SIZES))]);
  return toUrl(params);
}

function searchUrl(random: Random, vocabulary: CatalogVocabulary): string {
  let words = pick(random, vocabulary.terms).toLowerCase().split(/\s+/).filter(Boolean);
  // A third of searches carry a typing slip in one word (the typo-correction path).
  if (random() < 0.35) {
    const at = Math.floor(random() * words.length);
    words = words.map((word, i) => (i === at ? misspell(word, random) : word));
  }
  // Search-as-you-type: some queries stop mid-word (the prefix path).
  if (random() < 0.15) {
    const last = words[words.length - 1] as string;
    if (last.length >= 5) words[words.length - 1] = last.slice(0, 3 + Math.floor(random() * (last.length - 3)));
  }
  const params: Array<[string, string]> = [['q', words.join(' ')]];
  if (random() < 0.2) params.push(['category', pick(random, vocabulary.categories).slug]);
  if (random() < 0.1) params.push(...priceParams(random));
  if (random() < 0.4) params.push(['sort', pick(random, SEARCH_SORTS)]);
  params.push(['limit', String(pick(random, PAGE_SIZES))]);
  return toUrl(params);
}

function distinct(count: number, make: () => string): string[] {
  const urls = new Set<string>();
  // A small vocabulary cannot give `count` distinct URLs: stop rather than loop for ever.
  for (let attempt = 0; urls.size < count && attempt < count * 20; attempt++) urls.add(make());
  return [...urls];
}

/** The seeded URL mix (first pages only; see the module comment for later pages). */
export function buildCatalogMix(vocabulary: CatalogVocabulary, options: CatalogMixOptions = {}): CatalogMix {
  if (vocabulary.categories.length === 0 || vocabulary.terms.length === 0) throw new Error('catalog mix: the vocabulary needs categories and terms');
  const random = seededRandom(options.seed ?? 20_261_206);
  const listings = distinct(options.listings ?? 1_500, () => listingUrl(random, vocabulary.categories));
  const searches = distinct(options.searches ?? 700, () => searchUrl(random, vocabulary));
  return { listings, searches };
}

/**
 * Deterministic shuffle (Fisher-Yates with the seeded PRNG): the bench interleaves URLs so
 * consecutive requests do not walk one category.
 */
export function seededShuffle<T>(values: readonly T[], seed: number): T[] {
  const random = seededRandom(seed);
  const out = [...values];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
