import { authedProcedure, internalProcedure, publicProcedure, router } from '../runtime/trpc.js';
import {
  addItemInput,
  cartSchema,
  checkedOutSchema,
  checkoutCartSchema,
  clearCartInput,
  forCheckoutInput,
  getCartInput,
  markCheckedOutInput,
  mergeCartInput,
  removeItemInput,
  updateItemInput,
} from './schemas.js';
import type { CartService } from './service.js';

const TAGS = ['cart'];
const CART_DESCRIPTION =
  'Guests pass `cartId` (the id the first add returned); signed-in customers may omit it and get their own cart. ' +
  "Another customer's cart, or a closed or expired one, is 404. Prices are the catalog's current prices.";

/** Thin tRPC router: validate, call the service. REST paths are relative to /api/v1. */
export function createCartRouter(service: CartService) {
  return router({
    get: publicProcedure
      .meta({
        openapi: {
          method: 'GET',
          path: '/cart',
          tags: TAGS,
          summary: 'The cart, priced now',
          description: `${CART_DESCRIPTION} Without a cart yet: an empty cart with id null.`,
          errorResponses: [400, 404, 503],
        },
      })
      .input(getCartInput)
      .output(cartSchema)
      .query(({ input, ctx }) => service.get(ctx.user, input.cartId)),

    addItem: publicProcedure
      .meta({
        openapi: {
          method: 'POST',
          path: '/cart/items',
          tags: TAGS,
          summary: 'Add units of a product',
          description:
            `${CART_DESCRIPTION} Adds to the line's quantity (at most 99 per line, 100 lines per cart: 400). ` +
            'A guest without cartId gets a new cart: keep its id. Unknown product 404, archived product 409.',
          errorResponses: [400, 404, 409, 503],
        },
      })
      .input(addItemInput)
      .output(cartSchema)
      .mutation(({ input, ctx }) => service.addItem(ctx.user, input)),

    updateItem: publicProcedure
      .meta({
        openapi: {
          method: 'PUT',
          path: '/cart/items/{productId}',
          tags: TAGS,
          summary: "Set a line's quantity",
          description: `${CART_DESCRIPTION} quantity 1-99; a product not in the cart is 404.`,
          errorResponses: [400, 404, 503],
        },
      })
      .input(updateItemInput)
      .output(cartSchema)
      .mutation(({ input, ctx }) => service.updateItem(ctx.user, input)),

    removeItem: publicProcedure
      .meta({
        openapi: {
          method: 'DELETE',
          path: '/cart/items/{productId}',
          tags: TAGS,
          summary: 'Remove a line',
          description: `${CART_DESCRIPTION} Removing a product that is not in the cart changes nothing.`,
          errorResponses: [400, 404, 503],
        },
      })
      .input(removeItemInput)
      .output(cartSchema)
      .mutation(({ input, ctx }) => service.removeItem(ctx.user, input)),

    clear: publicProcedure
      .meta({
        openapi: {
          method: 'DELETE',
          path: '/cart',
          tags: TAGS,
          summary: 'Remove every line',
          description: CART_DESCRIPTION,
          errorResponses: [400, 404, 503],
        },
      })
      .input(clearCartInput)
      .output(cartSchema)
      .mutation(({ input, ctx }) => service.clear(ctx.user, input.cartId)),

    merge: authedProcedure
      .meta({
        openapi: {
          method: 'POST',
          path: '/cart/merge',
          tags: TAGS,
          summary: "Merge a guest cart into the signed-in customer's cart",
          description:
            'Call on sign-in with the guest cart id. Quantities of products in both carts are summed (capped at 99); ' +
            "the guest cart is closed. Merging the same cart again changes nothing; another customer's cart is 404.",
          protect: true,
          errorResponses: [400, 401, 404, 409, 503],
        },
      })
      .input(mergeCartInput)
      .output(cartSchema)
      .mutation(({ input, ctx }) => service.merge(ctx.user, input.guestCartId)),

    forCheckout: internalProcedure
      .input(forCheckoutInput)
      .output(checkoutCartSchema)
      .query(({ input }) => service.forCheckout(input)),

    markCheckedOut: internalProcedure
      .input(markCheckedOutInput)
      .output(checkedOutSchema)
      .mutation(({ input }) => service.markCheckedOut(input)),
  });
}

export type CartRouter = ReturnType<typeof createCartRouter>;
