import 'server-only';
import { rethrow, ServiceErrorCause, serviceStatus } from '@omnicart/bff';
import { isDomainErrorCode, text } from '@omnicart/contracts';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { DEFAULT_COUNTRY, isCountryCode } from '@/lib/checkout/countries';
import { placeOrderInput } from '@/lib/checkout/checkout-schema';
import { discountCodeSchema, isCodeRefusal } from '@/lib/checkout/discount-code';
import { paymentMethodForCard } from '@/lib/checkout/test-cards';
import type { BffContext as Context } from '../context';
import { publicProcedure, router } from '../trpc';
import { customerOrder, orderNotFound } from './account';
import { cartIdForRequest, isGone } from './cart';

/**
 * Checkout for guests and signed-in shoppers. The card number is turned into a test payment
 * method id here, on the server, and goes no further; `attemptId` (a uuid the form makes, renewed
 * after a decline) is the orders service's idempotency key, so a double submit is one order and
 * one charge, while a retry with another card after a decline is a new attempt.
 */

function fieldError(field: string, message: string): TRPCError {
  return new TRPCError({
    code: 'BAD_REQUEST',
    message,
    cause: new ServiceErrorCause(message, 'VALIDATION_FAILED', 400, { fieldErrors: { [field]: message } }),
  });
}

const EMPTY_CART_MESSAGE = 'Your cart is empty. Add something before checking out.';

function declineMessage(declineCode: unknown): string {
  return declineCode === 'insufficient_funds'
    ? 'Your card was declined because of insufficient funds. Try another card.'
    : 'Your card was declined. Try another card.';
}

/** The orders service's 402 → a BFF 402 with a message for shoppers (the card field is the one to fix). */
function asDecline(error: unknown): TRPCError | null {
  if (serviceStatus(error) !== 402) return null;
  const data = (error as { data?: { details?: { declineCode?: unknown; order?: { id?: unknown } } } }).data;
  const declineCode = typeof data?.details?.declineCode === 'string' ? data.details.declineCode : null;
  const orderId = typeof data?.details?.order?.id === 'string' ? data.details.order.id : null;
  const message = declineMessage(declineCode);
  return new TRPCError({
    code: 'PAYMENT_REQUIRED',
    message,
    cause: new ServiceErrorCause(message, 'PAYMENT_DECLINED', 402, { declineCode, orderId, fieldErrors: { cardNumber: message } }),
  });
}

/**
 * The orders service's 409 for a code that no longer applies at checkout (used up meanwhile,
 * expired…): the same 409 and details, plus the message as the code field's error, so the form
 * shows it next to the field and nowhere else.
 */
function asCodeRefusal(error: unknown): TRPCError | null {
  if (serviceStatus(error) !== 409) return null;
  const data = (error as { data?: { details?: Record<string, unknown>; domainCode?: unknown } }).data;
  if (!isCodeRefusal(data?.details)) return null;
  const message = error instanceof Error && error.message ? error.message : 'This discount code cannot be used.';
  const domainCode = typeof data?.domainCode === 'string' && isDomainErrorCode(data.domainCode) ? data.domainCode : 'CONFLICT';
  return new TRPCError({
    code: 'CONFLICT',
    message,
    cause: new ServiceErrorCause(message, domainCode, 409, { ...data?.details, fieldErrors: { code: message } }),
  });
}

const zeroQuote = (country: string) => ({
  subtotal: 0,
  discount: 0,
  discounts: [],
  lines: [],
  codeRefusal: null,
  shipping: 0,
  tax: 0,
  total: 0,
  currency: 'USD',
  itemCount: 0,
  freeShippingThreshold: 0,
  country,
});

/**
 * The totals for the shopper's cart, priced by the orders service with `code` (the applied one
 * from the oc_code cookie unless another is being tried). `appliedCode` is the code the cookie
 * holds after the call: the field shows it with a remove link, and checkout sends it when the
 * quote took it (`codeRefusal` null).
 */
async function quote(ctx: Context, country: string, code: string | undefined = ctx.discountCode()) {
  const cartId = await cartIdForRequest(ctx);
  // A guest without a cart has nothing to price (the orders service wants a cart id from guests).
  if (!ctx.session && !cartId) return { ...zeroQuote(country), appliedCode: code ?? null };
  try {
    const answer = await ctx.api.orders.quote.query({ ...(cartId ? { cartId } : {}), country, ...(code ? { code } : {}) });
    return { ...answer, appliedCode: code ?? null };
  } catch (error) {
    // A guest's cart that expired or was checked out: it is empty now.
    if (cartId && isGone(error)) {
      await ctx.clearCartId();
      return { ...zeroQuote(country), appliedCode: code ?? null };
    }
    return rethrow(error);
  }
}

const countryInput = text().refine(isCountryCode, 'Choose a country').default(DEFAULT_COUNTRY);

/**
 * The order for the confirmation page: a guest order by the token this browser received when
 * placing it, else the signed-in shopper's own order. Anything else is 404.
 */
async function confirmationOrder(ctx: Context, orderId: string) {
  const token = ctx.guestOrderToken(orderId);
  if (token) {
    try {
      return await ctx.api.orders.guestGet.mutate({ id: orderId, accessToken: token });
    } catch (error) {
      if (serviceStatus(error) !== 404 && serviceStatus(error) !== 400) return rethrow(error);
    }
  }
  if (!ctx.session) throw orderNotFound();
  return customerOrder(ctx, orderId);
}

/**
 * The checkout funnel's steps (analytics): a placeOrder call carries a valid address and a priced
 * shipping choice, so "address" and "shipping" are complete when it is sent; "payment" and
 * order_placed when the orders service placed the order. checkout_started is recorded when the
 * /checkout page renders (app/checkout/(form)/page.tsx). A retry after a decline records the first
 * two steps again; the funnel counts sessions that reached a step, so that changes nothing.
 */
function trackSteps(ctx: Context): void {
  ctx.track('checkout_step_completed', { step: 'address' });
  ctx.track('checkout_step_completed', { step: 'shipping' });
}

function trackPlaced(ctx: Context, order: { id: string; total?: number; status?: string }): void {
  ctx.track('checkout_step_completed', { step: 'payment' });
  ctx.track('order_placed', { orderId: order.id, ...(typeof order.total === 'number' ? { total: order.total } : {}) });
}

export const checkoutRouter = router({
  quote: publicProcedure
    .input(z.object({ country: countryInput }).default({ country: DEFAULT_COUNTRY }))
    .query(({ ctx, input }) => quote(ctx, input.country)),

  /**
   * Tries a discount code on the cart. One that applies is kept (oc_code) for the next page and
   * checkout, replacing any other; one that does not is not kept, and the answer's `codeRefusal`
   * says why in the shopper's words (promotions' message), with the totals without it.
   */
  applyCode: publicProcedure.input(z.object({ code: discountCodeSchema, country: countryInput })).mutation(async ({ ctx, input }) => {
    const answer = await quote(ctx, input.country, input.code);
    if (answer.codeRefusal) {
      await ctx.clearDiscountCode();
      return { ...answer, appliedCode: null };
    }
    await ctx.setDiscountCode(input.code);
    return answer;
  }),

  /** Takes the applied code off; the answer is the totals without it. */
  removeCode: publicProcedure.input(z.object({ country: countryInput }).default({ country: DEFAULT_COUNTRY })).mutation(async ({ ctx, input }) => {
    await ctx.clearDiscountCode();
    return quote(ctx, input.country, undefined);
  }),

  /** For the confirmation page (server component). */
  order: publicProcedure.input(z.object({ orderId: text().min(1).max(64) })).query(({ ctx, input }) => confirmationOrder(ctx, input.orderId)),

  placeOrder: publicProcedure.input(placeOrderInput).mutation(async ({ ctx, input }) => {
    const card = paymentMethodForCard(input.cardNumber);
    if (!card.ok) throw fieldError('cardNumber', card.message);
    const { shippingAddress, attemptId } = input;
    const paymentMethod = card.paymentMethod;
    // The code the form showed as applied (the totals the shopper saw); orders checks it again.
    const code = input.code ? { code: input.code } : {};

    try {
      if (ctx.session) {
        await cartIdForRequest(ctx); // merges a leftover guest cart first
        trackSteps(ctx);
        const order = await ctx.api.orders.checkout.mutate({ shippingAddress, paymentMethod, ...code, idempotencyKey: attemptId });
        trackPlaced(ctx, order);
        if (input.code) await ctx.clearDiscountCode(); // redeemed: not offered again on the next cart
        return { orderId: order.id, number: order.number, status: order.status };
      }

      if (!input.email) throw fieldError('email', 'Enter your email address');
      const cartId = ctx.cartId();
      if (!cartId) throw new TRPCError({ code: 'BAD_REQUEST', message: EMPTY_CART_MESSAGE });
      trackSteps(ctx);
      const order = await ctx.api.orders.guestCheckout.mutate({ cartId, email: input.email, shippingAddress, paymentMethod, ...code, idempotencyKey: attemptId });
      trackPlaced(ctx, order);
      if (input.code) await ctx.clearDiscountCode();
      // The guest's proof of ownership: the confirmation page reads the order with it.
      await ctx.rememberGuestOrder(order.id, order.guestAccessToken);
      return { orderId: order.id, number: order.number, status: order.status };
    } catch (error) {
      if (error instanceof TRPCError) throw error;
      const decline = asDecline(error);
      if (decline) throw decline;
      const refused = asCodeRefusal(error);
      if (refused) throw refused;
      if (!ctx.session && serviceStatus(error) === 404) {
        // The guest cart expired or is gone: there is nothing to order.
        await ctx.clearCartId();
        throw new TRPCError({ code: 'BAD_REQUEST', message: EMPTY_CART_MESSAGE });
      }
      return rethrow(error);
    }
  }),
});
