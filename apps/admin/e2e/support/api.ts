/**
 * The platform's REST API (the gateway), used to arrange what the admin then shows: guest orders
 * placed exactly as the storefront places them (a guest cart, then guest checkout), and the
 * orders service's own view to check what the admin did.
 */
import { randomUUID } from 'node:crypto';
import { GATEWAY_URL } from './env';

export const OWNER = { email: 'admin@omnicart.test', password: 'omnicart-admin' };
export const CUSTOMER = { email: 'demo@omnicart.test', password: 'omnicart-demo' };

export interface Order {
  id: string;
  number: string;
  status: string;
  total: number;
  amountRefunded: number;
  currency: string;
  guestEmail: string | null;
  statusHistory: { to: string; note: string | null }[];
  carrier: string | null;
  trackingNumber: string | null;
  subtotal: number;
  discount: number;
  discounts: { promotionId: string; code: string | null; name: string; label: string; amount: number }[];
  items: { productId: string; discount: number }[];
}

async function call<T>(path: string, init: RequestInit & { token?: string } = {}): Promise<T> {
  const headers = new Headers(init.headers);
  if (init.body) headers.set('content-type', 'application/json');
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  const response = await fetch(GATEWAY_URL + path, { ...init, headers });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : null) as T;
}

let ownerToken: { token: string; until: number } | undefined;
async function ownerAccessToken(): Promise<string> {
  if (ownerToken && ownerToken.until > Date.now()) return ownerToken.token;
  const login = await call<{ accessToken: string; expiresIn: number }>('/api/v1/users/login', { method: 'POST', body: JSON.stringify(OWNER) });
  ownerToken = { token: login.accessToken, until: Date.now() + (login.expiresIn - 30) * 1000 };
  return login.accessToken;
}

/** A cheap in-stock product (one unit keeps the order under most totals). */
async function inStockProduct(offset: number): Promise<{ id: string; name: string }> {
  const list = await call<{ items: { id: string; name: string }[] }>('/api/v1/products?inStock=true&sort=price_asc&limit=50');
  const product = list.items[offset % Math.max(1, list.items.length)];
  if (!product) throw new Error('no in-stock product');
  return product;
}

/**
 * Places a paid guest order through the gateway, as the storefront's guest checkout does; with
 * `code`, the discount code the shopper typed (checkout answers 409 when it does not apply).
 */
export async function placeGuestOrder(email = `guest-${randomUUID().slice(0, 8)}@example.com`, quantity = 2, code?: string): Promise<Order & { email: string }> {
  const product = await inStockProduct(Math.floor(Math.random() * 50));
  const cart = await call<{ id: string }>('/api/v1/cart/items', { method: 'POST', body: JSON.stringify({ productId: product.id, quantity }) });
  const placed = await call<{ id: string; status: string }>('/api/v1/orders/guest-checkout', {
    method: 'POST',
    headers: { 'idempotency-key': randomUUID() },
    body: JSON.stringify({
      cartId: cart.id,
      email,
      shippingAddress: { name: 'Avery Guest', line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' },
      paymentMethod: 'pm_card_visa',
      ...(code ? { code } : {}),
    }),
  });
  if (placed.status !== 'paid') throw new Error(`guest order ${placed.id} is ${placed.status}, not paid`);
  return { ...(await order(placed.id)), email };
}

export async function order(id: string): Promise<Order> {
  return call<Order>(`/api/v1/orders/${encodeURIComponent(id)}`, { token: await ownerAccessToken() });
}

/** Signs in through the gateway's REST API (what any API client does) and answers the access token. */
export async function accessTokenOf(account: { email: string; password: string }): Promise<string> {
  const login = await call<{ accessToken: string }>('/api/v1/users/login', { method: 'POST', body: JSON.stringify(account) });
  return login.accessToken;
}

/** The gateway's raw answer to a request with this token (for refusals: the status, not an exception). */
export async function rawCall(path: string, init: RequestInit & { token: string }): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.body) headers.set('content-type', 'application/json');
  headers.set('authorization', `Bearer ${init.token}`);
  return fetch(GATEWAY_URL + path, { ...init, headers });
}

/** A SKU of an in-stock product (the inventory's seed). */
export async function someSku(): Promise<string> {
  const list = await call<{ items: { sku: string }[] }>('/api/v1/inventory?pageSize=100&sort=available_desc', { token: await ownerAccessToken() });
  const sku = list.items[Math.floor(Math.random() * list.items.length)]?.sku;
  if (!sku) throw new Error('no SKU in the inventory');
  return sku;
}

export interface Stock {
  sku: string;
  onHand: number;
  reserved: number;
  available: number;
}

export async function stock(sku: string): Promise<Stock> {
  return call<Stock>(`/api/v1/inventory/${encodeURIComponent(sku)}`, { token: await ownerAccessToken() });
}

export async function setStock(sku: string, onHand: number, reason = 'e2e: restore'): Promise<Stock> {
  return call<Stock>(`/api/v1/inventory/${encodeURIComponent(sku)}`, { method: 'PUT', token: await ownerAccessToken(), body: JSON.stringify({ onHand, reason }) });
}

/** Active, in-stock products of a category as the storefront lists them (id, SKU, slug, name). */
export async function inStockProducts(category: string, limit = 10): Promise<{ id: string; sku: string; slug: string; name: string }[]> {
  const list = await call<{ items: { id: string; sku: string; slug: string; name: string }[] }>(
    `/api/v1/products?category=${encodeURIComponent(category)}&inStock=true&limit=${limit}`,
  );
  if (list.items.length === 0) throw new Error(`no in-stock product in ${category}`);
  return list.items;
}

export interface Message {
  id: string;
  template: string;
  channel: 'email' | 'sms';
  state: string;
  recipient: string;
  orderId: string | null;
}

/** The order's messages in the delivery log (GET /notifications/messages?orderId=…), waiting until `template` is there. */
export async function orderMessage(orderId: string, template = 'order_confirmation', timeoutMs = 30_000): Promise<Message> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const page = await call<{ items: Message[] }>(`/api/v1/notifications/messages?orderId=${encodeURIComponent(orderId)}&pageSize=100`, { token: await ownerAccessToken() });
    const found = page.items.find((message) => message.template === template && message.channel === 'email');
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no ${template} e-mail for order ${orderId} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

export interface Promotion {
  id: string;
  name: string;
  code: string | null;
  used: number;
  stats: { redemptions: number; revenue: number; discountCost: number };
}

/** Creates a promotion through the gateway as the owner (POST /promotions), e.g. for pages to audit. */
export async function createPromotion(input: Record<string, unknown>): Promise<Promotion> {
  return call<Promotion>('/api/v1/promotions', { method: 'POST', token: await ownerAccessToken(), body: JSON.stringify(input) });
}

/** The promotion as promotions answers staff (GET /promotions/{id}). */
export async function promotion(id: string): Promise<Promotion> {
  return call<Promotion>(`/api/v1/promotions/${encodeURIComponent(id)}`, { token: await ownerAccessToken() });
}
