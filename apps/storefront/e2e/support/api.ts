/**
 * The platform's REST API (the gateway), used to arrange and to check what the browser did: the
 * admin's view of orders, stock levels, and real product data to shop for.
 */
import { GATEWAY_URL } from './env';

export const ADMIN = { email: 'admin@omnicart.test', password: 'omnicart-admin' };

export interface Money {
  amount: number;
  currency: string;
}
export interface Product {
  id: string;
  sku: string;
  slug: string;
  name: string;
  price: Money;
  brand: string;
  inStock: boolean;
  category: { slug: string; name: string };
}
export interface OrderDiscount {
  kind: 'code' | 'automatic';
  code: string | null;
  name: string;
  label: string;
  amount: number;
}
export interface Order {
  id: string;
  discount?: number;
  discounts?: OrderDiscount[];
  number: string;
  status: string;
  customerId: string | null;
  guestEmail?: string | null;
  total: number;
  subtotal: number;
  shipping: number;
  tax: number;
  currency: string;
  items: { productId: string; quantity: number; discount?: number }[];
  createdAt: string;
}
export interface Stock {
  sku: string;
  onHand: number;
  reserved: number;
  available: number;
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

let adminToken: { token: string; until: number } | undefined;
export async function adminAccessToken(): Promise<string> {
  if (adminToken && adminToken.until > Date.now()) return adminToken.token;
  const login = await call<{ accessToken: string; expiresIn: number }>('/api/v1/users/login', {
    method: 'POST',
    body: JSON.stringify(ADMIN),
  });
  adminToken = { token: login.accessToken, until: Date.now() + (login.expiresIn - 30) * 1000 };
  return login.accessToken;
}

/**
 * In-stock products of a category, one per name (colour variants share a name), cheapest first so a
 * line stays under the free-shipping threshold. Each spec shops in its own category so flows stay
 * independent.
 */
export async function inStockProducts(category: string, limit = 10): Promise<Product[]> {
  const list = await call<{ items: Product[] }>(`/api/v1/products?category=${encodeURIComponent(category)}&inStock=true&sort=price_asc&limit=100`);
  const byName = new Map<string, Product>();
  for (const item of list.items) if (!byName.has(item.name)) byName.set(item.name, item);
  const items = [...byName.values()].slice(0, limit);
  if (items.length === 0) throw new Error(`no in-stock product in category ${category}`);
  return items;
}

export async function product(idOrSlug: string): Promise<Product> {
  return call<Product>(`/api/v1/products/${encodeURIComponent(idOrSlug)}`);
}

export async function order(id: string): Promise<Order> {
  return call<Order>(`/api/v1/orders/${encodeURIComponent(id)}`, { token: await adminAccessToken() });
}

/** Every order (the admin's view), newest first; filtered here, since guests have no customerId to filter by. */
export async function orders(filter: (order: Order) => boolean): Promise<Order[]> {
  const token = await adminAccessToken();
  const found: Order[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: Order[]; nextCursor: string | null } = await call(`/api/v1/orders?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token });
    found.push(...page.items.filter(filter));
    cursor = page.nextCursor;
  } while (cursor);
  return found;
}

export async function stock(sku: string): Promise<Stock> {
  return call<Stock>(`/api/v1/inventory/${encodeURIComponent(sku)}`, { token: await adminAccessToken() });
}

export async function setStock(sku: string, onHand: number, reason = 'e2e'): Promise<Stock> {
  return call<Stock>(`/api/v1/inventory/${encodeURIComponent(sku)}`, {
    method: 'PUT',
    token: await adminAccessToken(),
    body: JSON.stringify({ onHand, reason }),
  });
}

/** The customer a storefront account is (for the admin order filter). */
export async function userId(email: string, password: string): Promise<string> {
  const login = await call<{ user: { id: string } }>('/api/v1/users/login', { method: 'POST', body: JSON.stringify({ email, password }) });
  return login.user.id;
}

/**
 * A paid guest order of one unit of each product, through the gateway (cart, then guest checkout
 * with the Stripe test card pm_card_visa): an order history for recommendations to learn from.
 */
export async function guestOrder(productIds: string[], email: string, code?: string): Promise<Order> {
  let cartId: string | undefined;
  for (const productId of productIds) {
    const cart: { id: string } = await call('/api/v1/cart/items', { method: 'POST', body: JSON.stringify({ ...(cartId ? { cartId } : {}), productId, quantity: 1 }) });
    cartId = cart.id;
  }
  return call<Order>('/api/v1/orders/guest-checkout', {
    method: 'POST',
    body: JSON.stringify({
      cartId,
      email,
      shippingAddress: { name: 'Ada Shopper', line1: '1 Main Street', city: 'Springfield', postalCode: '12345', country: 'US' },
      paymentMethod: 'pm_card_visa',
      ...(code ? { code } : {}),
      idempotencyKey: crypto.randomUUID(),
    }),
  });
}

export interface Promotion {
  id: string;
  kind: 'code' | 'automatic';
  name: string;
  code: string | null;
  label: string;
  state: string;
}

/** Creates a promotion through the admin REST API (demo admin: discounts:write), e.g. an expired code. */
export async function createPromotion(input: Record<string, unknown>): Promise<Promotion> {
  return call<Promotion>('/api/v1/promotions', { method: 'POST', token: await adminAccessToken(), body: JSON.stringify(input) });
}

/** Switches a promotion off (the end of a test that made one apply by itself). */
export async function deactivatePromotion(id: string): Promise<Promotion> {
  return call<Promotion>(`/api/v1/promotions/${encodeURIComponent(id)}`, { method: 'PATCH', token: await adminAccessToken(), body: JSON.stringify({ active: false }) });
}

export interface RecommendationsReportRow {
  shelf: string;
  impressions: number;
  clicks: number;
}

/** The analytics recommendations report (admin): impressions and clicks per shelf from yesterday to tomorrow (store days). */
export async function recommendationsReport(): Promise<RecommendationsReportRow[]> {
  const day = 24 * 60 * 60 * 1000;
  const from = new Date(Date.now() - day).toISOString().slice(0, 10);
  const to = new Date(Date.now() + day).toISOString().slice(0, 10);
  const report = await call<{ current: { shelves: RecommendationsReportRow[] } }>(`/api/v1/analytics/reports/recommendations?from=${from}&to=${to}`, {
    token: await adminAccessToken(),
  });
  return report.current.shelves;
}

interface ShelfAnswer {
  fallback: boolean;
  items: Array<{ productId: string; reason: string }>;
}

/** Recommendations' "also bought" answer for a product (public, through the gateway). */
export async function alsoBought(productId: string, limit = 24): Promise<ShelfAnswer> {
  return call<ShelfAnswer>(`/api/v1/recommendations/products/${encodeURIComponent(productId)}/also-bought?limit=${limit}`);
}

/** Trending filler in a shelf answer (recommendations' wording), as the storefront tells it apart. */
export const isTrendingFiller = (reason: string) => /^(trending\b|popular lately|from the catalogue)/i.test(reason);

/**
 * Two in-stock products of a category where the first has no "also bought" partner of its own yet
 * (npm start seeds a demo order history), so a pair bought together is its only one afterwards.
 */
export async function unpairedProducts(categories: string[]): Promise<[Product, Product]> {
  for (const category of categories) {
    const products = await inStockProducts(category, 30).catch((): Product[] => []);
    for (const candidate of products) {
      const answer = await alsoBought(candidate.id);
      if (answer.items.some((item) => !isTrendingFiller(item.reason))) continue;
      const partner = products.find((other) => other.id !== candidate.id);
      if (partner) return [candidate, partner];
    }
  }
  throw new Error(`no product without "also bought" partners in ${categories.join(', ')}`);
}
