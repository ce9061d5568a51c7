import { TRPCClientError } from '@trpc/client';
import { describe, expect, it, vi } from 'vitest';
import type { BffContext } from '../context';
import { createCallerFactory } from '../trpc';
import { checkoutRouter } from './checkout';

const GUEST_CART = 'guestcartguestcartguestcart12345';
const ATTEMPT = '6f1f5b2a-1c1b-4a8e-9a53-0d6f3f0c3f8e';
const ORDER = { id: '0d6f1f5b-1c1b-4a8e-9a53-3f0c3f8e2a10', number: 'OC-00000042', status: 'paid' };
const address = { name: 'Jane', line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' as const };

function serviceError(httpStatus: number, details?: Record<string, unknown>, message = 'Payment declined: Your card was declined.', domainCode = 'PAYMENT_DECLINED') {
  return new TRPCClientError(message, {
    result: { error: { message: 'x', code: -32000, data: { httpStatus, code: 'BAD_REQUEST', domainCode, details } } },
  } as never);
}

function fakeContext(signedIn: boolean, withCart = true, appliedCode?: string) {
  let cookie: string | undefined = withCart ? GUEST_CART : undefined;
  let codeCookie: string | undefined = appliedCode;
  const orders = { checkout: { mutate: vi.fn() }, guestCheckout: { mutate: vi.fn() }, quote: { query: vi.fn() } };
  const cart = { merge: { mutate: vi.fn() } };
  const ctx = {
    session: signedIn ? { id: 'u1', email: 'a@b.c', name: 'A', role: 'customer' as const } : null,
    accessToken: signedIn ? 'token' : undefined,
    api: { orders, cart } as unknown as BffContext['api'],
    cartId: () => cookie,
    setCartId: vi.fn(async () => undefined),
    clearCartId: vi.fn(async () => {
      cookie = undefined;
    }),
    discountCode: () => codeCookie,
    setDiscountCode: vi.fn(async (code: string) => {
      codeCookie = code;
    }),
    clearDiscountCode: vi.fn(async () => {
      codeCookie = undefined;
    }),
    guestOrderToken: () => undefined,
    rememberGuestOrder: vi.fn(async () => undefined),
    track: vi.fn(),
  } satisfies BffContext;
  return { ctx, orders, cart };
}

const caller = createCallerFactory(checkoutRouter);
const input = (card: string, email?: string) => ({ ...(email ? { email } : {}), shippingAddress: address, cardNumber: card, expiry: '12/40', cvc: '123', attemptId: ATTEMPT });

describe('checkout.placeOrder', () => {
  it('maps the card on the server and uses the attempt id as the idempotency key (guest)', async () => {
    const { ctx, orders } = fakeContext(false);
    orders.guestCheckout.mutate.mockResolvedValue({ ...ORDER, guestAccessToken: 'secret' });
    await expect(caller(ctx).placeOrder(input('4242 4242 4242 4242', 'Jane@Example.com'))).resolves.toEqual({ orderId: ORDER.id, number: ORDER.number, status: 'paid' });
    expect(orders.guestCheckout.mutate).toHaveBeenCalledWith({
      cartId: GUEST_CART,
      email: 'jane@example.com',
      shippingAddress: { ...address, line2: undefined },
      paymentMethod: 'pm_card_visa',
      idempotencyKey: ATTEMPT,
    });
    expect(ctx.rememberGuestOrder).toHaveBeenCalledWith(ORDER.id, 'secret');
  });

  it('orders the signed-in shopper’s own cart with their token', async () => {
    const { ctx, orders } = fakeContext(true, false);
    orders.checkout.mutate.mockResolvedValue(ORDER);
    await caller(ctx).placeOrder(input('4000000000000002'));
    expect(orders.checkout.mutate).toHaveBeenCalledWith({ shippingAddress: { ...address, line2: undefined }, paymentMethod: 'pm_card_chargeDeclined', idempotencyKey: ATTEMPT });
  });

  it('wants an email from guests and refuses cards that are not test cards', async () => {
    const { ctx, orders } = fakeContext(false);
    await expect(caller(ctx).placeOrder(input('4242424242424242'))).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'Enter your email address' });
    await expect(caller(ctx).placeOrder(input('5555555555554444', 'a@b.co'))).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(orders.guestCheckout.mutate).not.toHaveBeenCalled();
  });

  it('turns a decline into a 402 a shopper can read', async () => {
    const { ctx, orders } = fakeContext(false);
    orders.guestCheckout.mutate.mockRejectedValueOnce(serviceError(402, { declineCode: 'generic_decline', order: { id: ORDER.id } }));
    await expect(caller(ctx).placeOrder(input('4000000000000002', 'a@b.co'))).rejects.toMatchObject({ code: 'PAYMENT_REQUIRED', message: 'Your card was declined. Try another card.' });
    orders.guestCheckout.mutate.mockRejectedValueOnce(serviceError(402, { declineCode: 'insufficient_funds' }));
    await expect(caller(ctx).placeOrder(input('4000000000009995', 'a@b.co'))).rejects.toMatchObject({
      code: 'PAYMENT_REQUIRED',
      message: 'Your card was declined because of insufficient funds. Try another card.',
    });
  });

  it('says the cart is empty when a guest has none', async () => {
    const { ctx } = fakeContext(false, false);
    await expect(caller(ctx).placeOrder(input('4242424242424242', 'a@b.co'))).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/cart is empty/) });
  });
});

describe('checkout.quote', () => {
  it('quotes zeros for a guest without a cart, and the cart for the country otherwise', async () => {
    const none = fakeContext(false, false);
    expect(await caller(none.ctx).quote({ country: 'DE' })).toMatchObject({ total: 0, country: 'DE' });
    expect(none.orders.quote.query).not.toHaveBeenCalled();

    const guest = fakeContext(false);
    guest.orders.quote.query.mockResolvedValue({ subtotal: 1, shipping: 2, tax: 3, total: 6, currency: 'USD', itemCount: 1, freeShippingThreshold: 5000, country: 'US' });
    await caller(guest.ctx).quote();
    expect(guest.orders.quote.query).toHaveBeenCalledWith({ cartId: GUEST_CART, country: 'US' });
  });
});

const QUOTE = { subtotal: 5000, discount: 0, discounts: [], lines: [], codeRefusal: null, shipping: 499, tax: 400, total: 5899, currency: 'USD', itemCount: 1, freeShippingThreshold: 7500, country: 'US' };
const WELCOME = { promotionId: 'p1', kind: 'code' as const, code: 'WELCOME10', name: 'Welcome', label: '10 % off', amount: 500 };
const EXPIRED = { code: 'OLD5', reason: 'expired', message: 'This code has expired' };

describe('discount codes', () => {
  it('a code that applies is priced, kept in the oc_code cookie, and used by the next quote', async () => {
    const { ctx, orders } = fakeContext(false);
    orders.quote.query.mockResolvedValue({ ...QUOTE, discount: 500, discounts: [WELCOME], lines: [{ productId: 'p', discount: 500 }], total: 5399 });
    const answer = await caller(ctx).applyCode({ code: ' welcome10 ', country: 'US' });
    expect(orders.quote.query).toHaveBeenCalledWith({ cartId: GUEST_CART, country: 'US', code: 'WELCOME10' });
    expect(answer).toMatchObject({ appliedCode: 'WELCOME10', discount: 500, codeRefusal: null });
    expect(ctx.setDiscountCode).toHaveBeenCalledWith('WELCOME10');

    await caller(ctx).quote({ country: 'DE' });
    expect(orders.quote.query).toHaveBeenLastCalledWith({ cartId: GUEST_CART, country: 'DE', code: 'WELCOME10' });
  });

  it('a code that does not apply is not kept, and the answer carries the reason in the shopper’s words', async () => {
    const { ctx, orders } = fakeContext(false, true, 'WELCOME10');
    orders.quote.query.mockResolvedValue({ ...QUOTE, codeRefusal: EXPIRED });
    const answer = await caller(ctx).applyCode({ code: 'old5', country: 'US' });
    expect(answer).toMatchObject({ appliedCode: null, codeRefusal: EXPIRED, total: QUOTE.total });
    expect(ctx.setDiscountCode).not.toHaveBeenCalled();
    expect(ctx.discountCode()).toBeUndefined();
  });

  it('refuses a blank or malformed code before asking the services', async () => {
    const { ctx, orders } = fakeContext(false);
    await expect(caller(ctx).applyCode({ code: '   ', country: 'US' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('Enter a discount code') });
    await expect(caller(ctx).applyCode({ code: 'TEN OFF', country: 'US' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(orders.quote.query).not.toHaveBeenCalled();
  });

  it('removeCode drops the cookie and quotes without a code', async () => {
    const { ctx, orders } = fakeContext(true, false, 'WELCOME10');
    orders.quote.query.mockResolvedValue(QUOTE);
    expect(await caller(ctx).removeCode({ country: 'US' })).toMatchObject({ appliedCode: null });
    expect(orders.quote.query).toHaveBeenCalledWith({ country: 'US' });
    expect(ctx.discountCode()).toBeUndefined();
  });

  it('checkout sends the applied code (customer and guest) and forgets it once the order is placed', async () => {
    const customer = fakeContext(true, false, 'WELCOME10');
    customer.orders.checkout.mutate.mockResolvedValue(ORDER);
    await caller(customer.ctx).placeOrder({ ...input('4242424242424242'), code: 'welcome10' });
    expect(customer.orders.checkout.mutate).toHaveBeenCalledWith(expect.objectContaining({ code: 'WELCOME10', idempotencyKey: ATTEMPT }));
    expect(customer.ctx.discountCode()).toBeUndefined();

    const guest = fakeContext(false, true, 'WELCOME10');
    guest.orders.guestCheckout.mutate.mockResolvedValue({ ...ORDER, guestAccessToken: 'secret' });
    await caller(guest.ctx).placeOrder({ ...input('4242424242424242', 'a@b.co'), code: 'WELCOME10' });
    expect(guest.orders.guestCheckout.mutate).toHaveBeenCalledWith(expect.objectContaining({ cartId: GUEST_CART, code: 'WELCOME10' }));
  });

  it('a code refused at checkout is a 409 with its reason and the message as the code field’s error', async () => {
    const { ctx, orders } = fakeContext(false, true, 'WELCOME10');
    orders.guestCheckout.mutate.mockRejectedValue(serviceError(409, { reason: 'usage_limit_reached' }, 'This code has reached its usage limit', 'CONFLICT'));
    await expect(caller(ctx).placeOrder({ ...input('4242424242424242', 'a@b.co'), code: 'WELCOME10' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'This code has reached its usage limit',
      cause: { httpStatus: 409, details: { reason: 'usage_limit_reached', fieldErrors: { code: 'This code has reached its usage limit' } } },
    });
    // Kept: the shopper sees it with its message and may remove it.
    expect(ctx.discountCode()).toBe('WELCOME10');
  });

  it('other 409s (stock, an order in progress) keep their own meaning', async () => {
    const { ctx, orders } = fakeContext(false);
    orders.guestCheckout.mutate.mockRejectedValue(serviceError(409, { reason: 'order_pending', orderId: ORDER.id }, 'This cart already has an order', 'CONFLICT'));
    const failure = await caller(ctx)
      .placeOrder(input('4242424242424242', 'a@b.co'))
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'CONFLICT', cause: { details: { reason: 'order_pending', orderId: ORDER.id } } });
    expect((failure as { cause: { details: Record<string, unknown> } }).cause.details.fieldErrors).toBeUndefined();
  });
});

describe('checkout analytics', () => {
  it('a placed order records the address, shipping and payment steps and order_placed', async () => {
    const { ctx, orders } = fakeContext(false);
    orders.guestCheckout.mutate.mockResolvedValue({ ...ORDER, total: 1234, guestAccessToken: 'secret' });
    await caller(ctx).placeOrder(input('4242 4242 4242 4242', 'guest@example.com'));
    expect(ctx.track.mock.calls).toEqual([
      ['checkout_step_completed', { step: 'address' }],
      ['checkout_step_completed', { step: 'shipping' }],
      ['checkout_step_completed', { step: 'payment' }],
      ['order_placed', { orderId: ORDER.id, total: 1234 }],
    ]);
  });

  it('a declined card completes address and shipping only', async () => {
    const { ctx, orders } = fakeContext(true, false);
    orders.checkout.mutate.mockRejectedValue(serviceError(402, { declineCode: 'card_declined' }));
    await expect(caller(ctx).placeOrder(input('4000 0000 0000 0002'))).rejects.toThrow();
    expect(ctx.track.mock.calls.map(([type, props]) => [type, props])).toEqual([
      ['checkout_step_completed', { step: 'address' }],
      ['checkout_step_completed', { step: 'shipping' }],
    ]);
  });
});
