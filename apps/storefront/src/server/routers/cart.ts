import 'server-only';
import type { CartRouter } from '@omnicart/api';
import { rethrow, serviceStatus } from '@omnicart/bff';
import { MAX_LINE_QUANTITY, lineQuantitySchema } from '@omnicart/contracts';
import type { inferRouterOutputs } from '@trpc/server';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { wordedValue } from '@/lib/forms/wording';
import type { BffContext as Context } from '../context';
import { publicProcedure, router } from '../trpc';

/**
 * The shopper's cart, as the browser sees it. Guests: the cart id lives in the httpOnly cookie
 * `oc_cart` (ctx.cartId()), never in browser JavaScript, so the answer leaves `id` out. Signed in:
 * the customer's own cart; a guest cart still in the cookie is merged into it first, once.
 */

type ServiceCart = inferRouterOutputs<CartRouter>['get'];
export type StorefrontCart = Omit<ServiceCart, 'id' | 'customerId'>;
export type StorefrontCartLine = StorefrontCart['items'][number];

const productId = z.uuid('Unknown product');
/** The cart's 1 to MAX_LINE_QUANTITY units per line (@omnicart/contracts), in the shopper's words. */
const quantity = wordedValue(lineQuantitySchema, { too_small: 'Quantity must be at least 1', too_big: `Quantity must be at most ${MAX_LINE_QUANTITY}` });

export const EMPTY_CART: StorefrontCart = { items: [], subtotal: 0, currency: 'USD', itemCount: 0, updatedAt: null };

function present(cart: ServiceCart): StorefrontCart {
  const { id: _id, customerId: _customerId, ...rest } = cart;
  return rest;
}

/** The guest cart the cookie names is gone (expired, checked out, merged elsewhere). */
export const isGone = (error: unknown) => {
  const status = serviceStatus(error);
  return status === 404 || status === 409;
};

/** Merges per request context: a batch of calls sharing one context merges at most once. */
const merges = new WeakMap<Context, Promise<void>>();

/**
 * A signed-in shopper with a leftover guest cart cookie: merge it into their cart, then drop the
 * cookie. The cart service makes a repeated merge of the same guest cart a no-op (and 404/409 for
 * one already merged elsewhere or checked out), so concurrent requests cannot double lines. When
 * the merge fails for a passing reason (503) the cookie stays and the next request tries again.
 */
export function mergeGuestCart(ctx: Context): Promise<void> {
  const guestCartId = ctx.session ? ctx.cartId() : undefined;
  if (!guestCartId) return Promise.resolve();
  let pending = merges.get(ctx);
  if (!pending) {
    pending = ctx.api.cart.merge
      .mutate({ guestCartId })
      .then(() => ctx.clearCartId())
      .catch(async (error: unknown) => {
        if (isGone(error) || serviceStatus(error) === 400) await ctx.clearCartId();
        else rethrow(error);
      });
    merges.set(ctx, pending);
  }
  return pending;
}

/**
 * The cart id to send to the cart service: signed in → undefined (their own cart, after merging);
 * guest → the cookie's id (undefined when they have none yet).
 */
export async function cartIdForRequest(ctx: Context): Promise<string | undefined> {
  if (ctx.session) {
    await mergeGuestCart(ctx);
    return undefined;
  }
  return ctx.cartId();
}

/** Is the guest cart in the cookie gone (expired, checked out, merged)? Then the cookie is dropped. */
async function dropIfStale(ctx: Context, cartId: string): Promise<boolean> {
  try {
    await ctx.api.cart.get.query({ cartId });
    return false;
  } catch (error) {
    if (!isGone(error)) return false;
    await ctx.clearCartId();
    return true;
  }
}

export async function loadCart(ctx: Context): Promise<StorefrontCart> {
  const cartId = await cartIdForRequest(ctx);
  if (!ctx.session && !cartId) return EMPTY_CART;
  try {
    return present(await ctx.api.cart.get.query(cartId ? { cartId } : {}));
  } catch (error) {
    if (cartId && isGone(error)) {
      await ctx.clearCartId();
      return EMPTY_CART;
    }
    return rethrow(error);
  }
}

/** A line's units and price before a change (best effort, for the remove/update events; null when unknown). */
async function lineBefore(ctx: Context, cartId: string | undefined, id: string): Promise<{ quantity: number; unitPrice: number } | null> {
  try {
    const cart = await ctx.api.cart.get.query(cartId ? { cartId } : {});
    const line = cart.items.find((item) => item.productId === id);
    return line ? { quantity: line.quantity, unitPrice: line.unitPrice } : null;
  } catch {
    return null;
  }
}

/** add_to_cart / remove_from_cart for a change of `delta` units (analytics; fire-and-forget). */
function trackQuantityChange(ctx: Context, id: string, delta: number, unitPrice: number | undefined): void {
  if (delta === 0) return;
  const quantity = Math.min(Math.abs(delta), 999);
  ctx.track(delta > 0 ? 'add_to_cart' : 'remove_from_cart', { productId: id, quantity, ...(unitPrice !== undefined ? { unitPrice } : {}) });
}

export const cartRouter = router({
  get: publicProcedure.query(({ ctx }) => loadCart(ctx)),

  addItem: publicProcedure
    .input(z.object({ productId, quantity: quantity.default(1) }))
    .mutation(async ({ ctx, input }) => {
      const cartId = await cartIdForRequest(ctx);
      const add = async (id: string | undefined) => {
        const cart = await ctx.api.cart.addItem.mutate({ ...input, ...(id ? { cartId: id } : {}) });
        // A guest's first add opens a cart: keep its id (the cookie is the only place it lives).
        // Later adds renew the cookie, so it lives as long as the cart service keeps an active
        // guest cart (30 days after the last change).
        if (!ctx.session && cart.id) await ctx.setCartId(cart.id);
        trackQuantityChange(ctx, input.productId, input.quantity, cart.items.find((item) => item.productId === input.productId)?.unitPrice);
        return present(cart);
      };
      try {
        return await add(cartId);
      } catch (error) {
        // 404 is either "no such product" or a stale cart cookie: only the latter starts a new cart.
        if (cartId && serviceStatus(error) === 404 && (await dropIfStale(ctx, cartId))) return add(undefined).catch(rethrow);
        return rethrow(error);
      }
    }),

  updateItem: publicProcedure.input(z.object({ productId, quantity })).mutation(async ({ ctx, input }) => {
    const cartId = await cartIdForRequest(ctx);
    if (!ctx.session && !cartId) throw new TRPCError({ code: 'NOT_FOUND', message: 'That product is no longer in your cart' });
    try {
      const before = await lineBefore(ctx, cartId, input.productId);
      const cart = await ctx.api.cart.updateItem.mutate({ ...input, ...(cartId ? { cartId } : {}) });
      const after = cart.items.find((item) => item.productId === input.productId);
      if (before) trackQuantityChange(ctx, input.productId, (after?.quantity ?? 0) - before.quantity, after?.unitPrice ?? before.unitPrice);
      return present(cart);
    } catch (error) {
      if (cartId && serviceStatus(error) === 404 && (await dropIfStale(ctx, cartId))) {
        throw new TRPCError({ code: 'NOT_FOUND', message: 'Your cart has expired. Please add the items again.' });
      }
      return rethrow(error);
    }
  }),

  removeItem: publicProcedure.input(z.object({ productId })).mutation(async ({ ctx, input }) => {
    const cartId = await cartIdForRequest(ctx);
    if (!ctx.session && !cartId) return EMPTY_CART;
    try {
      const before = await lineBefore(ctx, cartId, input.productId);
      const cart = await ctx.api.cart.removeItem.mutate({ ...input, ...(cartId ? { cartId } : {}) });
      if (before) trackQuantityChange(ctx, input.productId, -before.quantity, before.unitPrice);
      return present(cart);
    } catch (error) {
      if (cartId && isGone(error)) {
        await ctx.clearCartId();
        return EMPTY_CART;
      }
      return rethrow(error);
    }
  }),

  /** Called by the sign-in page right after signing in, so the header count is right at once. */
  merge: publicProcedure.mutation(async ({ ctx }) => {
    if (!ctx.session) return EMPTY_CART;
    return loadCart(ctx);
  }),
});
