import { outboxEvent } from '../events/index.js';
import type { AuthUser } from '../runtime/auth.js';
import { DomainError } from '../runtime/errors.js';
import type { PricedProduct, ProductPricing } from './clients.js';
import { cartUpdated } from './events.js';
import { priceLines } from './pricing.js';
import type { Announce, CartRef, CartRepository, CartSnapshot, ChangeResult, LineChange } from './repository.js';
import {
  CURRENCY,
  MAX_CART_LINES,
  MAX_LINE_QUANTITY,
  type AddItemInput,
  type CartDto,
  type CheckedOut,
  type CheckoutCart,
  type ForCheckoutInput,
  type MarkCheckedOutInput,
  type RemoveItemInput,
  type UpdateItemInput,
} from './schemas.js';

/**
 * Cart logic, framework-free. Who may use which cart:
 * - a guest addresses a guest cart by its opaque id (the first add without one creates it);
 * - a signed-in customer without a cart id uses their own open cart (created by the first add);
 *   with a cart id, it must be their own cart or a guest cart;
 * - anything else (another customer's cart, a closed, merged or expired cart) is 404, never 403,
 *   so ids reveal nothing.
 * Every answer is priced from catalog at the time of the call (see pricing.ts).
 */
export interface CartService {
  get(user: AuthUser | null, cartId?: string): Promise<CartDto>;
  addItem(user: AuthUser | null, input: AddItemInput): Promise<CartDto>;
  updateItem(user: AuthUser | null, input: UpdateItemInput): Promise<CartDto>;
  removeItem(user: AuthUser | null, input: RemoveItemInput): Promise<CartDto>;
  clear(user: AuthUser | null, cartId?: string): Promise<CartDto>;
  merge(user: AuthUser, guestCartId: string): Promise<CartDto>;
  forCheckout(input: ForCheckoutInput): Promise<CheckoutCart>;
  markCheckedOut(input: MarkCheckedOutInput): Promise<CheckedOut>;
  /** Deletes guest carts idle for 30 days; returns how many. */
  sweepExpired(): Promise<number>;
}

const cartNotFound = () => new DomainError('NOT_FOUND', 'Cart not found');

/** The cart a request addresses; null for a guest without a cart id (no cart yet). */
function refOf(user: AuthUser | null, cartId: string | undefined): Exclude<CartRef, { by: 'new-guest' }> | null {
  if (cartId !== undefined) return { by: 'token', token: cartId, callerId: user?.id ?? null };
  return user ? { by: 'customer', customerId: user.id } : null;
}

export interface CartServiceOptions {
  /** Called after a commit that wrote outbox rows (the relay publishes them soon). */
  outboxWritten?: () => void;
}

/**
 * `cart.cart_updated` for each changed cart, priced with `products` (what a write fetched before
 * its transaction; a line added meanwhile by someone else counts as unpriced), or with the given
 * subtotal when the change priced nothing (closing a cart at checkout: the order's subtotal).
 */
function announceCarts(products: PricedProduct[] | null, subtotal: number | null = null): Announce {
  return (changed) =>
    changed.map(({ cart, lines }) => {
      const priced = products ? priceLines(lines, products) : null;
      return outboxEvent(cartUpdated, {
        cartId: cart.id,
        customerId: cart.customerId,
        status: cart.status,
        lines: lines.map(({ productId, quantity }) => ({ productId, quantity })),
        lineCount: lines.length,
        itemCount: priced ? priced.itemCount : lines.reduce((sum, line) => sum + line.quantity, 0),
        subtotal: priced ? priced.subtotal : subtotal,
        currency: CURRENCY,
        orderId: cart.orderId,
      });
    });
}

export function createCartService(repository: CartRepository, pricing: ProductPricing, options: CartServiceOptions = {}): CartService {
  const outboxWritten = options.outboxWritten ?? (() => undefined);

  /** Current prices of these products, reusing `known` (fetched earlier in this request) where it covers them. */
  async function pricesOf(ids: Iterable<string>, known: PricedProduct[] = []): Promise<PricedProduct[]> {
    const have = new Set(known.map((product) => product.id));
    const missing = [...new Set(ids)].filter((id) => !have.has(id));
    return missing.length ? [...known, ...(await pricing.byIds(missing))] : known;
  }

  /** The cart as the API answers it, priced from the catalog now. */
  async function present(snapshot: CartSnapshot | null, user: AuthUser | null): Promise<CartDto> {
    if (!snapshot) {
      return { id: null, customerId: user?.id ?? null, items: [], subtotal: 0, currency: CURRENCY, itemCount: 0, updatedAt: null };
    }
    const products = snapshot.lines.length ? await pricing.byIds(snapshot.lines.map((line) => line.productId)) : [];
    const priced = priceLines(snapshot.lines, products);
    return {
      id: snapshot.cart.token,
      customerId: snapshot.cart.customerId,
      items: priced.items,
      subtotal: priced.subtotal,
      currency: priced.currency,
      itemCount: priced.itemCount,
      updatedAt: snapshot.cart.updatedAt,
    };
  }

  function snapshotOrThrow(result: ChangeResult, productId?: string): CartSnapshot | null {
    if (result.ok) return result.snapshot;
    switch (result.reason) {
      case 'cart_not_found':
        throw cartNotFound();
      case 'line_not_found':
        throw new DomainError('NOT_FOUND', productId ? `Product ${productId} is not in the cart` : 'That product is not in the cart');
      case 'too_many_lines':
        throw new DomainError('VALIDATION_FAILED', `A cart holds at most ${MAX_CART_LINES} different products`, { maxLines: MAX_CART_LINES });
      case 'quantity_exceeded':
        throw new DomainError(
          'VALIDATION_FAILED',
          `quantity: a cart line holds at most ${MAX_LINE_QUANTITY} units (this line already has ${result.currentQuantity})`,
          { maxQuantity: MAX_LINE_QUANTITY, currentQuantity: result.currentQuantity },
        );
    }
  }

  /** A line above the product's maximum per order (catalog's maxPerOrder): 400 naming it. */
  function perOrderLimit(limit: { name: string; max: number }, productId: string, currentQuantity: number | null): DomainError {
    return new DomainError(
      'VALIDATION_FAILED',
      `quantity: ${limit.name} is limited to ${limit.max} per order${currentQuantity ? ` (this line already has ${currentQuantity})` : ''}`,
      { productId, limit: 'perOrder', maxQuantity: limit.max, ...(currentQuantity !== null ? { currentQuantity } : {}) },
    );
  }

  /** The lines a cart holds now (none for a cart that does not exist yet or cannot be addressed). */
  async function currentLines(ref: CartRef): Promise<string[]> {
    if (ref.by === 'new-guest') return [];
    const loaded = await repository.load(ref);
    return loaded.ok && loaded.snapshot ? loaded.snapshot.lines.map((line) => line.productId) : [];
  }

  async function change(user: AuthUser | null, cartId: string | undefined, requested: LineChange, known: PricedProduct[] = []): Promise<CartDto> {
    let lineChange = requested;
    const ref: CartRef | null = refOf(user, cartId) ?? (lineChange.kind === 'add' ? { by: 'new-guest' } : null);
    if (!ref) {
      // A guest without a cart: nothing to change or remove.
      if (lineChange.kind === 'set') throw cartNotFound();
      return present(null, null);
    }
    // Priced before the write, so the event it writes carries the subtotal without its transaction
    // ever waiting on the catalog. (The answer is priced again after the write, as every read is.)
    const products = await pricesOf([...(await currentLines(ref)), ...('productId' in lineChange ? [lineChange.productId] : [])], known);
    // The product's per-order maximum caps its line (checkout enforces it too, with the per-customer one).
    let perOrder: { name: string; max: number } | null = null;
    if (lineChange.kind === 'add' || lineChange.kind === 'set') {
      const productId = lineChange.productId;
      const product = products.find((p) => p.id === productId);
      const max = product?.maxPerOrder ?? null;
      if (product && max !== null && max < MAX_LINE_QUANTITY) {
        perOrder = { name: product.name, max };
        if (lineChange.quantity > max) throw perOrderLimit(perOrder, productId, null);
        if (lineChange.kind === 'add') lineChange = { ...lineChange, max };
      }
    }
    const result = await repository.change(ref, lineChange, announceCarts(products));
    if (!result.ok && result.reason === 'quantity_exceeded' && perOrder && 'productId' in lineChange) {
      throw perOrderLimit(perOrder, lineChange.productId, result.currentQuantity);
    }
    const snapshot = snapshotOrThrow(result, 'productId' in lineChange ? lineChange.productId : undefined);
    if (snapshot) outboxWritten();
    try {
      return await present(snapshot, user);
    } catch (error) {
      // The change is saved; only pricing the answer failed. Say so, so a client reloads the cart
      // instead of retrying (a retried add would add the units twice).
      if (error instanceof DomainError && error.code === 'UNAVAILABLE') {
        throw new DomainError('UNAVAILABLE', `The cart was updated, but current prices could not be loaded: reload the cart. ${error.message}`, {
          applied: true,
          cartId: snapshot?.cart.token ?? null,
        });
      }
      throw error;
    }
  }

  return {
    async get(user, cartId) {
      const ref = refOf(user, cartId);
      if (!ref) return present(null, null);
      const result = await repository.load(ref);
      if (!result.ok) throw cartNotFound();
      return present(result.snapshot, user);
    },

    async addItem(user, input) {
      // Only what is on sale can be added; stock is not checked here (lines that ran out are
      // flagged on every read, and checkout reserves the stock).
      // One catalog call checks the product and prices the cart's lines for the event (see change()).
      const ref = refOf(user, input.cartId);
      const known = await pricing.byIds([input.productId, ...(ref ? (await currentLines(ref)).filter((id) => id !== input.productId) : [])]);
      const product = known.find((p) => p.id === input.productId);
      if (!product || product.status === 'draft') throw new DomainError('NOT_FOUND', `Product ${input.productId} not found`);
      if (product.status === 'archived') {
        throw new DomainError('CONFLICT', `Product ${input.productId} is archived and can no longer be added to a cart`);
      }
      return change(user, input.cartId, { kind: 'add', productId: input.productId, quantity: input.quantity }, known);
    },

    updateItem(user, input) {
      return change(user, input.cartId, { kind: 'set', productId: input.productId, quantity: input.quantity });
    },

    removeItem(user, input) {
      return change(user, input.cartId, { kind: 'remove', productId: input.productId });
    },

    clear(user, cartId) {
      return change(user, cartId, { kind: 'clear' });
    },

    async merge(user, guestCartId) {
      // Both carts priced before the write, as in change().
      const guest = await repository.load({ by: 'token', token: guestCartId, callerId: null });
      const ids = [...(await currentLines({ by: 'customer', customerId: user.id })), ...(guest.ok && guest.snapshot ? guest.snapshot.lines.map((line) => line.productId) : [])];
      const products = await pricesOf(ids);
      const result = await repository.merge(user.id, guestCartId, announceCarts(products));
      if (!result.ok) {
        if (result.reason === 'checked_out') throw new DomainError('INVALID_STATE', 'That cart was already checked out');
        throw cartNotFound();
      }
      outboxWritten();
      return present(result.snapshot, user);
    },

    async forCheckout(input) {
      const snapshot = await repository.forCheckout({ token: input.cartId, customerId: input.customerId });
      if (!snapshot) throw cartNotFound();
      return {
        cartId: snapshot.cart.token,
        customerId: snapshot.cart.customerId,
        items: snapshot.lines.map(({ productId, quantity }) => ({ productId, quantity })),
      };
    },

    async markCheckedOut(input) {
      const result = await repository.markCheckedOut(input.cartId, input.orderId, announceCarts(null, input.subtotal ?? null));
      if (result.ok) {
        outboxWritten();
        return { cartId: result.token, status: 'checked_out', orderId: result.orderId };
      }
      if (result.reason === 'cart_not_found') throw cartNotFound();
      if (result.reason === 'merged') throw new DomainError('INVALID_STATE', 'The cart was merged into another cart');
      throw new DomainError('INVALID_STATE', 'The cart was already checked out by another order', { orderId: result.orderId });
    },

    sweepExpired() {
      return repository.sweepExpired();
    },
  };
}
