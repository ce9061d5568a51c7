import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { AuthUser } from '../runtime/auth.js';
import { DomainError } from '../runtime/errors.js';
import type { CatalogFacts, ContactBook } from './clients.js';
import type { Notifier } from './notifier.js';
import type { MessagePlan } from './plans.js';
import type { AlertsRepository, CartFacts, ContactRow, ProductFacts } from './repository.js';

/**
 * Alerts and reminders, which no peer ships out of the box:
 * - back in stock: an e-mail when a product's availability goes from 0 to more (signed-in: one
 *   click; guests confirm their address first, double opt-in), once per request;
 * - price drop: a signed-in shopper watching a product gets one e-mail when the price falls below
 *   their reference (the price when they started, then the last alerted price);
 * - abandoned cart: one reminder per cart state to a customer who opted in to marketing, once the
 *   cart has been untouched for ABANDONED_CART_AFTER; never after it was ordered.
 */

const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');
const PRODUCT_UNAVAILABLE = 'This product cannot be found or is no longer sold';

export interface StockAlertResultDto {
  productId: string;
  /** active: the e-mail goes when it is back; pending: confirm the address from the e-mail just sent. */
  status: 'active' | 'pending';
}

export interface PriceWatchDto {
  productId: string;
  productName: string | null;
  productSlug: string | null;
  referencePrice: number;
  currentPrice: number | null;
  currency: string;
  createdAt: string;
}

export function createAlerts(deps: {
  alerts: AlertsRepository;
  contacts: ContactBook;
  catalog: CatalogFacts;
  notifier: Notifier;
  abandonedAfterMs: number;
  kick: () => void;
  now?: () => Date;
}) {
  const { alerts, notifier } = deps;
  const now = deps.now ?? (() => new Date());
  const productUrl = (product: Pick<ProductFacts, 'slug'>) => `${notifier.links.storefrontUrl}/products/${encodeURIComponent(product.slug)}`;

  /** The catalog's current facts, kept in the read model (refused when it is not for sale). */
  async function sellableProduct(productId: string): Promise<ProductFacts> {
    const [product] = await deps.catalog.products([productId]);
    if (!product || product.status !== 'active') throw new DomainError('NOT_FOUND', PRODUCT_UNAVAILABLE);
    await alerts.saveProduct(product);
    return product;
  }

  return {
    // ---- the API -------------------------------------------------------------------------------

    /** "E-mail me when it's back": signed in, the account's address at once; a guest confirms first. */
    async requestStockAlert(user: AuthUser | null, input: { productId: string; email?: string | undefined }): Promise<StockAlertResultDto> {
      const contact = user ? await deps.contacts.findContact(user.id) : null;
      const email = (user ? (contact?.email ?? user.email) : input.email)?.toLowerCase();
      if (!email) throw new DomainError('VALIDATION_FAILED', 'email: Enter your e-mail address to be told when it is back');
      const product = await sellableProduct(input.productId);
      if (product.available > 0) throw new DomainError('CONFLICT', 'This product is in stock now: add it to your cart');
      const token = user ? null : randomBytes(32).toString('base64url');
      const alert = await alerts.upsertStockAlert({
        id: randomUUID(),
        productId: product.productId,
        email,
        userId: user?.id ?? null,
        status: user ? 'active' : 'pending',
        confirmTokenHash: token ? hashToken(token) : null,
      });
      if (alert.status === 'pending' && token) {
        const confirmUrl = `${notifier.links.storefrontUrl}/stock-alerts/confirm?token=${encodeURIComponent(token)}`;
        await notifier.deliver({ id: `stock-alert-confirm:${hashToken(token)}`, type: 'notifications.stock_alert_requested' }, [
          { channel: 'email', template: 'back_in_stock_confirm', data: { productName: product.name, confirmUrl }, recipient: email, userId: null, orderId: null, kind: 'transactional' },
        ]);
      }
      return { productId: product.productId, status: alert.status === 'pending' ? 'pending' : 'active' };
    },

    /** The guest's confirmation link: the alert becomes active (the link works once). */
    async confirmStockAlert(token: string): Promise<{ productId: string; productName: string | null; status: 'active' }> {
      const alert = await alerts.confirmStockAlert(hashToken(token));
      if (!alert) throw new DomainError('VALIDATION_FAILED', 'This confirmation link is invalid or was already used');
      const product = await alerts.product(alert.productId);
      return { productId: alert.productId, productName: product?.name ?? null, status: 'active' };
    },

    async watchPrice(user: AuthUser, productId: string): Promise<PriceWatchDto> {
      const product = await sellableProduct(productId);
      const watch = await alerts.watchPrice({ id: randomUUID(), productId, userId: user.id, referencePrice: product.priceAmount, currency: product.currency });
      return {
        productId,
        productName: product.name,
        productSlug: product.slug,
        referencePrice: watch.referencePrice,
        currentPrice: product.priceAmount,
        currency: watch.currency,
        createdAt: watch.createdAt.toISOString(),
      };
    },

    async unwatchPrice(user: AuthUser, productId: string): Promise<void> {
      if (!(await alerts.unwatchPrice(productId, user.id))) throw new DomainError('NOT_FOUND', 'You are not watching the price of this product');
    },

    async priceWatches(user: AuthUser): Promise<{ items: PriceWatchDto[] }> {
      const watches = await alerts.priceWatchesOf(user.id);
      return {
        items: watches.map((watch) => ({
          productId: watch.productId,
          productName: watch.product?.name ?? null,
          productSlug: watch.product?.slug ?? null,
          referencePrice: watch.referencePrice,
          currentPrice: watch.product?.priceAmount ?? null,
          currency: watch.currency,
          createdAt: watch.createdAt.toISOString(),
        })),
      };
    },

    // ---- events -----------------------------------------------------------------------------------

    /** inventory.stock_changed: from 0 to more → each active alert of the product gets its e-mail, once. */
    async stockChanged(event: { id: string; type: string }, stock: { sku: string; available: number; version: number }): Promise<number> {
      const moved = await alerts.applyStock(stock.sku, stock.available, stock.version);
      if (!moved || moved.before > 0 || stock.available <= 0) return 0;
      const product = await alerts.product(moved.productId);
      if (!product || product.status !== 'active') return 0;
      const waiting = await alerts.activeStockAlerts(product.productId);
      const fired = [];
      for (const alert of waiting) {
        const plan: MessagePlan = {
          channel: 'email',
          template: 'back_in_stock',
          data: { productName: product.name, productUrl: productUrl(product) },
          recipient: alert.email,
          userId: alert.userId,
          orderId: null,
          kind: 'transactional',
        };
        const [message] = await notifier.compose(event, [plan]);
        fired.push({ alertId: alert.id, message: message! });
      }
      const written = await alerts.fireStockAlerts(fired);
      if (written > 0) deps.kick();
      return written;
    },

    /** catalog.product_updated of a product we follow: new facts; a lower price alerts the watchers above it. */
    async productUpdated(
      event: { id: string; type: string },
      product: { productId: string; sku: string; slug: string; name: string; price: { amount: number; currency: string }; previousPrice: { amount: number }; status: string },
    ): Promise<number> {
      const followed = await alerts.updateProduct(product.productId, {
        sku: product.sku,
        slug: product.slug,
        name: product.name,
        priceAmount: product.price.amount,
        currency: product.price.currency,
        status: product.status,
      });
      if (!followed || product.status !== 'active' || product.price.amount >= product.previousPrice.amount) return 0;
      const watches = await alerts.watchesAbove(product.productId, product.price.amount);
      const fired = [];
      for (const watch of watches) {
        const contact = await deps.contacts.findContact(watch.userId);
        if (!contact) continue;
        const plan: MessagePlan = {
          channel: 'email',
          template: 'price_drop',
          data: { productName: product.name, productUrl: productUrl(product), currency: product.price.currency, oldPrice: watch.referencePrice, newPrice: product.price.amount },
          recipient: contact.email,
          userId: contact.userId,
          orderId: null,
          kind: 'marketing',
        };
        const [message] = await notifier.compose(event, [plan], [contact]);
        fired.push({ watchId: watch.id, fromPrice: watch.referencePrice, toPrice: product.price.amount, message: message! });
      }
      const written = await alerts.firePriceDrops(fired);
      if (written > 0) deps.kick();
      return written;
    },

    /** catalog.product_archived: alerts and watches of it never fire (the facts say archived). */
    async productArchived(productId: string): Promise<void> {
      await alerts.updateProduct(productId, { status: 'archived' });
    },

    async cartUpdated(cart: CartFacts): Promise<void> {
      await alerts.saveCart(cart);
    },

    // ---- the abandoned-cart job ---------------------------------------------------------------------

    /** One round: reminders for carts untouched long enough (at most `limit`). Resolves to how many were queued. */
    async remindAbandonedCarts(limit = 100): Promise<number> {
      const carts = await alerts.abandonedCarts(new Date(now().getTime() - deps.abandonedAfterMs), limit);
      let queued = 0;
      for (const cart of carts) {
        const contact: ContactRow | null = cart.customerId ? await deps.contacts.findContact(cart.customerId) : null;
        // Without marketing consent there is no reminder; the state is marked so it is not looked at again.
        if (!contact || !contact.marketingEmail || contact.disabled) {
          await alerts.remindCart(cart.cartId, cart.stateHash, null);
          continue;
        }
        const facts = new Map((await deps.catalog.products(cart.lines.map((line) => line.productId))).map((product) => [product.productId, product]));
        const lines = cart.lines
          .map((line) => ({ line, product: facts.get(line.productId) }))
          .filter((entry): entry is { line: CartFacts['lines'][number]; product: ProductFacts } => entry.product !== undefined && entry.product.status === 'active')
          .map(({ line, product }) => ({ name: product.name, quantity: line.quantity, unitPrice: product.priceAmount }));
        if (lines.length === 0) {
          await alerts.remindCart(cart.cartId, cart.stateHash, null);
          continue;
        }
        const subtotal = lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
        const plan: MessagePlan = {
          channel: 'email',
          template: 'abandoned_cart',
          data: { name: contact.name, cartUrl: `${notifier.links.storefrontUrl}/cart`, currency: cart.currency, lines, subtotal },
          recipient: contact.email,
          userId: contact.userId,
          orderId: null,
          kind: 'marketing',
        };
        const [message] = await notifier.compose({ id: `abandoned-cart:${cart.cartId}:${cart.stateHash}`, type: 'notifications.cart_abandoned' }, [plan], [contact]);
        if (await alerts.remindCart(cart.cartId, cart.stateHash, message!)) queued++;
      }
      if (queued > 0) deps.kick();
      return queued;
    },
  };
}

export type Alerts = ReturnType<typeof createAlerts>;

/** A cart state's fingerprint: the same lines in any order give the same hash. */
export function cartStateHash(lines: ReadonlyArray<{ productId: string; quantity: number }>): string {
  const canonical = [...lines]
    .sort((a, b) => a.productId.localeCompare(b.productId))
    .map((line) => `${line.productId}:${line.quantity}`)
    .join(',');
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}
