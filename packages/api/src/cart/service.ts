import type { AuthUser } from '../runtime/auth.js';
import { DomainError } from '../runtime/errors.js';
import { priceLines, type ProductPricing } from './pricing.js';
import type { CartRef, CartRepository, CartSnapshot, ChangeResult, LineChange } from './repository.js';
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

export function createCartService(repository: CartRepository, pricing: ProductPricing): CartService {
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

  async function change(user: AuthUser | null, cartId: string | undefined, lineChange: LineChange): Promise<CartDto> {
    const ref: CartRef | null = refOf(user, cartId) ?? (lineChange.kind === 'add' ? { by: 'new-guest' } : null);
    if (!ref) {
      // A guest without a cart: nothing to change or remove.
      if (lineChange.kind === 'set') throw cartNotFound();
      return present(null, null);
    }
    const result = await repository.change(ref, lineChange);
    const snapshot = snapshotOrThrow(result, 'productId' in lineChange ? lineChange.productId : undefined);
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
      const [product] = (await pricing.byIds([input.productId])).filter((p) => p.id === input.productId);
      if (!product || product.status === 'draft') throw new DomainError('NOT_FOUND', `Product ${input.productId} not found`);
      if (product.status === 'archived') {
        throw new DomainError('CONFLICT', `Product ${input.productId} is archived and can no longer be added to a cart`);
      }
      return change(user, input.cartId, { kind: 'add', productId: input.productId, quantity: input.quantity });
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
      const result = await repository.merge(user.id, guestCartId);
      if (!result.ok) {
        if (result.reason === 'checked_out') throw new DomainError('INVALID_STATE', 'That cart was already checked out');
        throw cartNotFound();
      }
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
      const result = await repository.markCheckedOut(input.cartId, input.orderId);
      if (result.ok) return { cartId: result.token, status: 'checked_out', orderId: result.orderId };
      if (result.reason === 'cart_not_found') throw cartNotFound();
      if (result.reason === 'merged') throw new DomainError('INVALID_STATE', 'The cart was merged into another cart');
      throw new DomainError('INVALID_STATE', 'The cart was already checked out by another order', { orderId: result.orderId });
    },

    sweepExpired() {
      return repository.sweepExpired();
    },
  };
}
