import { TRPCClientError } from '@trpc/client';
import { describe, expect, it, vi } from 'vitest';
import type { BffContext } from '../context';
import { createCallerFactory } from '../trpc';
import { cartRouter, mergeGuestCart } from './cart';

const PRODUCT = '3f0c3f8e-1c1b-4a8e-9a53-0d6f1f5b2a10';
const GUEST_CART = 'guestcartguestcartguestcart12345';

function serviceError(httpStatus: number, message = 'failed') {
  return new TRPCClientError(message, { result: { error: { message, code: -32000, data: { httpStatus, code: 'X' } } } } as never);
}

function cartOf(id: string | null, quantity = 1) {
  return {
    id,
    customerId: null,
    items: [{ productId: PRODUCT, sku: 'S', name: 'N', slug: 's', image: null, unitPrice: 100, quantity, lineTotal: 100 * quantity, available: 5, issue: null }],
    subtotal: 100 * quantity,
    currency: 'USD',
    itemCount: quantity,
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

/** A BFF context whose cookie jar and cart service are in memory. */
function fakeContext(options: { signedIn?: boolean; cookie?: string; cart?: Record<string, ReturnType<typeof vi.fn>> }) {
  let cookie = options.cookie;
  const cart = {
    get: { query: vi.fn() },
    addItem: { mutate: vi.fn() },
    updateItem: { mutate: vi.fn() },
    removeItem: { mutate: vi.fn() },
    merge: { mutate: vi.fn() },
  };
  const ctx = {
    session: options.signedIn ? { id: 'u1', email: 'a@b.c', name: 'A', role: 'customer' as const } : null,
    accessToken: options.signedIn ? 'token' : undefined,
    api: { cart } as unknown as BffContext['api'],
    cartId: () => cookie,
    setCartId: vi.fn(async (id: string) => {
      cookie = id;
    }),
    clearCartId: vi.fn(async () => {
      cookie = undefined;
    }),
    discountCode: () => undefined,
    setDiscountCode: vi.fn(async () => undefined),
    clearDiscountCode: vi.fn(async () => undefined),
    guestOrderToken: () => undefined,
    rememberGuestOrder: vi.fn(async () => undefined),
    track: vi.fn(),
  } satisfies BffContext;
  return { ctx, cart, cookie: () => cookie };
}

const caller = createCallerFactory(cartRouter);

describe('guest cart', () => {
  it('keeps the id of the cart a first add opens, and hides it from the browser', async () => {
    const { ctx, cart, cookie } = fakeContext({});
    cart.addItem.mutate.mockResolvedValue(cartOf('newcartnewcartnewcartnewcart1234'));
    const answer = await caller(ctx).addItem({ productId: PRODUCT, quantity: 1 });
    expect(cart.addItem.mutate).toHaveBeenCalledWith({ productId: PRODUCT, quantity: 1 });
    expect(cookie()).toBe('newcartnewcartnewcartnewcart1234');
    expect(answer).not.toHaveProperty('id');
  });

  it('answers an empty cart without asking the service when there is no cookie', async () => {
    const { ctx, cart } = fakeContext({});
    expect((await caller(ctx).get()).items).toEqual([]);
    expect(cart.get.query).not.toHaveBeenCalled();
  });

  it('drops an expired cart cookie and shows an empty cart', async () => {
    const { ctx, cart, cookie } = fakeContext({ cookie: GUEST_CART });
    cart.get.query.mockRejectedValue(serviceError(404, 'Cart not found'));
    expect((await caller(ctx).get()).items).toEqual([]);
    expect(cookie()).toBeUndefined();
  });

  it('starts a new cart when adding to an expired one, but not when the product is unknown', async () => {
    const stale = fakeContext({ cookie: GUEST_CART });
    stale.cart.addItem.mutate.mockRejectedValueOnce(serviceError(404, 'Cart not found')).mockResolvedValueOnce(cartOf('freshcartfreshcartfreshcart12345'));
    stale.cart.get.query.mockRejectedValue(serviceError(404, 'Cart not found'));
    await caller(stale.ctx).addItem({ productId: PRODUCT, quantity: 1 });
    expect(stale.cart.addItem.mutate).toHaveBeenLastCalledWith({ productId: PRODUCT, quantity: 1 });
    expect(stale.cookie()).toBe('freshcartfreshcartfreshcart12345');

    const unknown = fakeContext({ cookie: GUEST_CART });
    unknown.cart.addItem.mutate.mockRejectedValue(serviceError(404, 'Product not found'));
    unknown.cart.get.query.mockResolvedValue(cartOf(GUEST_CART));
    await expect(caller(unknown.ctx).addItem({ productId: PRODUCT, quantity: 1 })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Product not found' });
    expect(unknown.cookie()).toBe(GUEST_CART);
  });
});

describe('merging the guest cart on sign-in', () => {
  it('merges once per request, then forgets the guest cart', async () => {
    const { ctx, cart, cookie } = fakeContext({ signedIn: true, cookie: GUEST_CART });
    cart.merge.mutate.mockResolvedValue(cartOf('customercartcustomercart12345678', 3));
    cart.get.query.mockResolvedValue(cartOf('customercartcustomercart12345678', 3));
    await Promise.all([mergeGuestCart(ctx), mergeGuestCart(ctx), caller(ctx).get()]);
    expect(cart.merge.mutate).toHaveBeenCalledTimes(1);
    expect(cart.merge.mutate).toHaveBeenCalledWith({ guestCartId: GUEST_CART });
    expect(cookie()).toBeUndefined();
    // The customer's own cart (no cartId) is read after the merge.
    expect(cart.get.query).toHaveBeenCalledWith({});
  });

  it('forgets a guest cart that was already merged or checked out', async () => {
    const { ctx, cart, cookie } = fakeContext({ signedIn: true, cookie: GUEST_CART });
    cart.merge.mutate.mockRejectedValue(serviceError(409, 'That cart was already checked out'));
    cart.get.query.mockResolvedValue(cartOf('customercartcustomercart12345678'));
    await caller(ctx).get();
    expect(cookie()).toBeUndefined();
  });

  it('keeps the cookie to try again when the cart service is down', async () => {
    const { ctx, cart, cookie } = fakeContext({ signedIn: true, cookie: GUEST_CART });
    cart.merge.mutate.mockRejectedValue(serviceError(503, 'unavailable'));
    await expect(caller(ctx).get()).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(cookie()).toBe(GUEST_CART);
    expect(cart.get.query).not.toHaveBeenCalled();
  });

  it('does nothing for a signed-in shopper without a guest cart', async () => {
    const { ctx, cart } = fakeContext({ signedIn: true });
    await mergeGuestCart(ctx);
    expect(cart.merge.mutate).not.toHaveBeenCalled();
  });
});

describe('analytics events', () => {
  it('add → add_to_cart with quantity and unit price; remove → remove_from_cart with the units the line had', async () => {
    const { ctx, cart } = fakeContext({ cookie: GUEST_CART });
    cart.addItem.mutate.mockResolvedValue(cartOf(GUEST_CART, 3));
    await caller(ctx).addItem({ productId: PRODUCT, quantity: 2 });
    expect(ctx.track).toHaveBeenLastCalledWith('add_to_cart', { productId: PRODUCT, quantity: 2, unitPrice: 100 });

    cart.get.query.mockResolvedValue(cartOf(GUEST_CART, 3));
    cart.removeItem.mutate.mockResolvedValue({ ...cartOf(GUEST_CART), items: [] });
    await caller(ctx).removeItem({ productId: PRODUCT });
    expect(ctx.track).toHaveBeenLastCalledWith('remove_from_cart', { productId: PRODUCT, quantity: 3, unitPrice: 100 });
  });

  it('a quantity change is the difference: more → add_to_cart, fewer → remove_from_cart', async () => {
    const { ctx, cart } = fakeContext({ cookie: GUEST_CART });
    cart.get.query.mockResolvedValue(cartOf(GUEST_CART, 2));
    cart.updateItem.mutate.mockResolvedValue(cartOf(GUEST_CART, 5));
    await caller(ctx).updateItem({ productId: PRODUCT, quantity: 5 });
    expect(ctx.track).toHaveBeenLastCalledWith('add_to_cart', { productId: PRODUCT, quantity: 3, unitPrice: 100 });
    cart.get.query.mockResolvedValue(cartOf(GUEST_CART, 5));
    cart.updateItem.mutate.mockResolvedValue(cartOf(GUEST_CART, 1));
    await caller(ctx).updateItem({ productId: PRODUCT, quantity: 1 });
    expect(ctx.track).toHaveBeenLastCalledWith('remove_from_cart', { productId: PRODUCT, quantity: 4, unitPrice: 100 });
  });

  it('records nothing when the change failed', async () => {
    const { ctx, cart } = fakeContext({ cookie: GUEST_CART });
    cart.addItem.mutate.mockRejectedValue(serviceError(409, 'Out of stock'));
    await expect(caller(ctx).addItem({ productId: PRODUCT, quantity: 1 })).rejects.toThrow();
    expect(ctx.track).not.toHaveBeenCalled();
  });
});
