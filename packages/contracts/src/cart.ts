import { z } from 'zod';

/** Limits of a cart and of an order's lines (the cart, checkout and the storefront's quantity pickers). */

/** Units of one product on one cart line or order line. */
export const MAX_LINE_QUANTITY = 99;
/** Lines in one cart, and in one order. */
export const MAX_CART_LINES = 100;
export const MAX_ORDER_LINES = MAX_CART_LINES;

/** 1 to 99 units (no description: each API describes it in its own words). */
export const lineQuantitySchema = z.number().int().min(1).max(MAX_LINE_QUANTITY);

