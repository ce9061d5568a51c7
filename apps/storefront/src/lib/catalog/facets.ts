import {
  isBandSelected,
  isSelected,
  listingHref,
  toggleValue,
  withCategory,
  withInStock,
  withPrice,
  type ListingMode,
  type ListingParams,
  type PriceBand,
} from './listing-params';
import type { Facets } from './types';

/**
 * What the facet list shows, as plain data: groups of options, each a link to the listing with
 * that option toggled. Counts of a group come from the catalog's facets for the query WITHOUT that
 * group's own filter (so the other brands stay visible, with counts, while one is selected).
 */

export interface FacetOption {
  label: string;
  /** Products for this option; null when unknown (a selected value the catalog no longer counts). */
  count: number | null;
  selected: boolean;
  /** Selects the option, or, when selected, removes it. */
  href: string;
}

export type FacetGroupKey = 'category' | 'price' | 'brand' | 'colour' | 'availability';

export interface FacetGroup {
  key: FacetGroupKey;
  title: string;
  options: FacetOption[];
}

export interface FacetSources {
  /** Facets of the listing as shown. */
  current: Facets;
  /** Facets without the category / price / brand / colour filter (when that filter is set). */
  withoutCategory?: Facets;
  withoutPrice?: Facets;
  withoutBrand?: Facets;
  withoutColour?: Facets;
  /** Products matching everything else and in stock. */
  inStockCount: number | null;
  /** Display names of categories (the facets of an unfiltered query may not name the current one). */
  categoryNames?: ReadonlyMap<string, string>;
}

const wholeDollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0, minimumFractionDigits: 0 });
const withCents = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
function dollars(cents: number): string {
  return (cents % 100 === 0 ? wholeDollars : withCents).format(cents / 100);
}

/** "Under $25", "$25 to $50", "$500 and over". */
export function priceBandLabel(band: PriceBand): string {
  if (band.min <= 0 && band.max !== null) return `Under ${dollars(band.max)}`;
  if (band.max === null) return `${dollars(band.min)} and over`;
  return `${dollars(band.min)} to ${dollars(band.max)}`;
}

/** A price range from the URL that is not one of the bands ("$10 to $40", "Up to $40"). */
export function priceRangeLabel(minPrice: number | undefined, maxPrice: number | undefined): string {
  if (minPrice !== undefined && maxPrice !== undefined) return `${dollars(minPrice)} to ${dollars(maxPrice)}`;
  if (minPrice !== undefined) return `${dollars(minPrice)} and over`;
  return `Up to ${dollars(maxPrice ?? 0)}`;
}

function valueGroup(
  key: 'brand' | 'colour',
  title: string,
  params: ListingParams,
  mode: ListingMode,
  values: Facets['brand'],
): FacetGroup {
  const options: FacetOption[] = values.map(({ value, count }) => ({
    label: value,
    count,
    selected: isSelected(params, key, value),
    href: listingHref(toggleValue(params, key, value), mode),
  }));
  // A selected value always shows (and can be removed), even when it counts nothing now.
  for (const value of params[key]) {
    if (!values.some((entry) => entry.value === value)) {
      options.push({ label: value, count: null, selected: true, href: listingHref(toggleValue(params, key, value), mode) });
    }
  }
  return { key, title, options };
}

export function buildFacetGroups(params: ListingParams, mode: ListingMode, sources: FacetSources): FacetGroup[] {
  const groups: FacetGroup[] = [];

  // Category: single choice. In category mode the listing's own category is the page; its
  // sub-categories are links to their pages, and "remove" leads to all products.
  const categoryFacets = (sources.withoutCategory ?? sources.current).categories;
  const categoryOptions: FacetOption[] = [];
  if (params.category) {
    const known = categoryFacets.find((entry) => entry.slug === params.category);
    categoryOptions.push({
      label: known?.name ?? sources.categoryNames?.get(params.category) ?? params.category,
      count: known?.count ?? (mode === 'category' ? sources.current.total : null),
      selected: true,
      href: listingHref(withCategory(params, undefined), mode),
    });
  }
  for (const entry of categoryFacets) {
    if (entry.slug === params.category) continue;
    categoryOptions.push({ label: entry.name, count: entry.count, selected: false, href: listingHref(withCategory(params, entry.slug), mode) });
  }
  if (categoryOptions.length) groups.push({ key: 'category', title: 'Category', options: categoryOptions });

  // Price: one band at a time; a custom range from the URL shows as selected too.
  const bands = (sources.withoutPrice ?? sources.current).price;
  const priceOptions: FacetOption[] = bands
    .filter((band) => band.count > 0 || isBandSelected(params, band))
    .map((band) => {
      const selected = isBandSelected(params, band);
      return { label: priceBandLabel(band), count: band.count, selected, href: listingHref(withPrice(params, selected ? null : band), mode) };
    });
  const hasPrice = params.minPrice !== undefined || params.maxPrice !== undefined;
  if (hasPrice && !priceOptions.some((option) => option.selected)) {
    priceOptions.unshift({
      label: priceRangeLabel(params.minPrice, params.maxPrice),
      count: sources.current.total,
      selected: true,
      href: listingHref(withPrice(params, null), mode),
    });
  }
  if (priceOptions.length) groups.push({ key: 'price', title: 'Price', options: priceOptions });

  const brand = valueGroup('brand', 'Brand', params, mode, (sources.withoutBrand ?? sources.current).brand);
  if (brand.options.length) groups.push(brand);
  const colour = valueGroup('colour', 'Colour', params, mode, (sources.withoutColour ?? sources.current).colour);
  if (colour.options.length) groups.push(colour);

  groups.push({
    key: 'availability',
    title: 'Availability',
    options: [
      {
        label: 'In stock only',
        count: params.inStock ? sources.current.total : sources.inStockCount,
        selected: params.inStock,
        href: listingHref(withInStock(params, !params.inStock), mode),
      },
    ],
  });
  return groups;
}
