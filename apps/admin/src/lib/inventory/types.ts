import type { InventoryRouter } from '@omnicart/api';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

/** Types only, from the inventory router (@omnicart/api). */
type InventoryIn = inferRouterInputs<InventoryRouter>;
type InventoryOut = inferRouterOutputs<InventoryRouter>;
export type StockLevel = InventoryOut['list']['items'][number];
export type StockListInput = Exclude<InventoryIn['list'], void | undefined>;
export type StockSort = NonNullable<StockListInput['sort']>;
export type Movement = InventoryOut['movements']['items'][number];

export const STOCK_SORTS = ['sku_asc', 'available_asc', 'available_desc'] as const satisfies readonly StockSort[];
export const STOCK_SORT_LABELS: Readonly<Record<StockSort, string>> = {
  sku_asc: 'SKU (A–Z)',
  available_asc: 'Fewest available first',
  available_desc: 'Most available first',
};

/** inventory's limits (schemas.ts MAX_ON_HAND, MAX_LOW_STOCK_THRESHOLD). */
export const MAX_ON_HAND = 1_000_000;
export const MAX_LOW_STOCK_THRESHOLD = 100_000;
