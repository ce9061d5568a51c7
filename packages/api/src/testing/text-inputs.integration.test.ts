import { isStaffAccess } from '../runtime/trpc.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORABLE_TEXT_MESSAGE } from '@omnicart/contracts';
import { DOMAIN_NAMES } from '../platform/index.js';
import { startTestPlatform, type TestPlatform } from './platform.js';
import { ANY_KEY, apiProcedures, stringFields, type ApiProcedure, type StringField } from './text-inputs.test-support.js';

/**
 * A NUL character or an unpaired UTF-16 surrogate in any text a client sends is a 400 naming the
 * field, and nothing is written: every public, customer and admin procedure of every domain
 * (found from the registry's routers, so a procedure added later is covered, and one without a
 * valid input below fails here), every string field of its input schema, over REST (the JSON
 * body, or the query string and path for reads) and over tRPC (POST for mutations, GET ?input=
 * for queries), through the gateway to real services on a real database.
 */

const NUL = 'bad\u0000text';
const LONE_HIGH = 'bad\uD800text';
const LONE_LOW = '\uDFFFbad';

interface Fixtures {
  customerId: string;
  productId: string;
  sku: string;
  slug: string;
  customerCartId: string;
  guestCartId: string;
  categorySlug: string;
  categoryId: string;
}

const ADDRESS = { name: 'Jane Doe', line1: '1 Main Street', line2: 'Flat 2', city: 'Springfield', postalCode: '12345', country: 'US' };
const SOME_UUID = '5e8c2a1f-9b7d-4c3e-a6f0-2d4b8e1c7a93';

/**
 * A valid input of each procedure that takes text, with every optional text field present (the
 * test checks each against the procedure's own input schema before using it). A new procedure
 * that takes text needs a line here: the test says which.
 */
const VALID_INPUTS: Record<string, (f: Fixtures) => Record<string, unknown>> = {
  'identity.register': () => ({ email: 'text-rule@example.com', password: 'long-enough-password', name: 'Text Rule' }),
  'identity.login': () => ({ email: 'demo@omnicart.test', password: 'omnicart-demo' }),
  'identity.refresh': () => ({ refreshToken: 'q3J9w1uWl0yQm8kXc2fY7bHn4vT6rE5sA0dG1hJ2kL8' }),
  'identity.logout': () => ({ refreshToken: 'q3J9w1uWl0yQm8kXc2fY7bHn4vT6rE5sA0dG1hJ2kL8' }),
  'identity.requestPasswordReset': () => ({ email: 'text-rule-reset@example.com' }),
  'identity.confirmPasswordReset': () => ({ token: 'Zr4bT0qk3V9mXe1s8uWc5yH2aB7nE0fG6iL1oQ3pR9d', password: 'long-enough-password' }),
  'identity.byId': (f) => ({ id: f.customerId }),
  'identity.list': () => ({ q: 'demo' }),
  'identity.listStaff': () => ({ q: 'admin' }),
  'identity.exportUsers': () => ({ q: 'demo', sort: 'email_asc', limit: 10 }),
  'identity.inviteStaff': () => ({ email: 'text-invite@example.com', name: 'Text Invite', staffRole: 'analyst' }),
  'identity.revokeInvitation': () => ({ id: '5c2d8e1a-4b3f-4e6a-9d7c-1a2b3c4d5e6f' }),
  'identity.invitation': () => ({ token: 'k2Vq0x9Jm3d8ZP1s7u4Wc5rT6yH0aB2nE8fG1iL3oQ4' }),
  'identity.acceptInvitation': () => ({ token: 'k2Vq0x9Jm3d8ZP1s7u4Wc5rT6yH0aB2nE8fG1iL3oQ4', password: 'long-enough-password' }),
  'identity.update': (f) => ({ id: f.customerId, name: 'Demo Shopper', email: 'demo@omnicart.test', password: 'omnicart-demo' }),
  'audit.list': () => ({ actorId: SOME_UUID, actorEmail: 'admin@omnicart.test', entityId: 'HPH-00001', from: '2026-12-01', to: '2026-12-07' }),
  'audit.export': () => ({ actorId: SOME_UUID, actorEmail: 'admin@omnicart.test', entityId: 'HPH-00001', from: '2026-12-01', to: '2026-12-07', limit: 10 }),
  'audit.forEntity': () => ({ entityType: 'stock', entityId: 'HPH-00001' }),
  'audit.deadLetters.list': () => ({ consumer: 'catalog.availability', type: 'inventory.stock_changed', before: '12' }),
  'audit.deadLetters.get': () => ({ id: '12' }),
  'audit.deadLetters.replay': () => ({ id: '12' }),
  'audit.deadLetters.discard': () => ({ id: '12', reason: 'test data, nothing to apply' }),
  'notifications.updatePreferences': () => ({ marketingEmail: false, smsOptIn: true, phone: '+14155550123' }),
  'notifications.customerPreferences': (f) => ({ userId: f.customerId }),
  'notifications.unsubscribe': () => ({ token: `u1.${SOME_UUID}.1.q2v7Yb4cX9mZ0aQwErTyUiOpAsDfGhJkLzXcVbNm123`, campaignId: SOME_UUID }),
  'notifications.requestStockAlert': (f) => ({ productId: f.productId, email: 'text-rule-alert@example.com' }),
  'notifications.confirmStockAlert': () => ({ token: 'Zr4bT0qk3V9mXe1s8uWc5yH2aB7nE0fG6iL1oQ3pR9d' }),
  'notifications.watchPrice': (f) => ({ productId: f.productId }),
  'notifications.unwatchPrice': (f) => ({ productId: f.productId }),
  'notifications.messages': (f) => ({ template: 'order_confirmation', recipient: 'demo@omnicart.test', userId: f.customerId, orderId: SOME_UUID, from: '2026-12-01', to: '2026-12-07' }),
  'notifications.message': () => ({ id: SOME_UUID }),
  'notifications.resend': () => ({ id: SOME_UUID }),
  'notifications.campaign': () => ({ id: SOME_UUID }),
  // The segment that has a text field (the category), so a NUL in it is seen.
  'notifications.createCampaign': (f) => ({ name: 'Text rule', subject: 'Text rule', bodyMarkdown: 'Hello', ctaLabel: 'Shop', ctaUrl: 'https://shop.example/', segment: { kind: 'bought_in_category', categoryId: f.categoryId }, promotion: { promotionId: SOME_UUID, codes: 'unique' } }),
  'notifications.updateCampaign': (f) => ({ id: SOME_UUID, name: 'Text rule', subject: 'Text rule', bodyMarkdown: 'Hello', ctaLabel: 'Shop', ctaUrl: 'https://shop.example/', segment: { kind: 'bought_in_category', categoryId: f.categoryId }, promotion: { promotionId: SOME_UUID, codes: 'unique' } }),
  'notifications.previewCampaign': (f) => ({ name: 'Text rule', subject: 'Text rule', bodyMarkdown: 'Hello', ctaLabel: 'Shop', ctaUrl: 'https://shop.example/', segment: { kind: 'bought_in_category', categoryId: f.categoryId }, promotion: { promotionId: SOME_UUID, codes: 'unique' } }),
  'notifications.testCampaign': () => ({ id: SOME_UUID, email: 'text-rule-campaign@example.com' }),
  'notifications.scheduleCampaign': () => ({ id: SOME_UUID, sendAt: '2030-01-01T09:00:00Z' }),
  'notifications.cancelCampaign': () => ({ id: SOME_UUID }),
  'recommendations.alsoBought': (f) => ({ productId: f.productId, limit: 4 }),
  'recommendations.similar': (f) => ({ productId: f.productId, limit: 4 }),
  'recommendations.boughtTogether': (f) => ({ productIds: [f.productId], limit: 4 }),
  'recommendations.forYou': () => ({ visitorId: SOME_UUID, limit: 4 }),
  'recommendations.trending': (f) => ({ categoryId: f.categoryId, limit: 4 }),
  'catalog.productFactsPage': () => ({ after: SOME_UUID, limit: 10 }),
  'analytics.salesOverview': () => ({ from: '2026-12-01', to: '2026-12-07' }),
  'analytics.topProducts': () => ({ from: '2026-12-01', to: '2026-12-07' }),
  'analytics.topCategories': () => ({ from: '2026-12-01', to: '2026-12-07' }),
  'analytics.funnel': () => ({ from: '2026-12-01', to: '2026-12-07' }),
  'analytics.search': () => ({ from: '2026-12-01', to: '2026-12-07' }),
  'analytics.retention': () => ({ from: '2026-12-01', to: '2026-12-07' }),
  'analytics.recommendations': () => ({ from: '2026-12-01', to: '2026-12-07' }),
  'analytics.promotions': () => ({ from: '2026-12-01', to: '2026-12-07' }),
  'analytics.reportCsv': () => ({ report: 'sales', from: '2026-12-01', to: '2026-12-07' }),
  'catalog.list': (f) => ({
    q: 'headphones',
    category: f.categorySlug,
    brand: ['Sonora'],
    colour: ['Black'],
    size: ['One Size'],
    material: ['Aluminium'],
    cursor: 'abc',
  }),
  'catalog.byIds': (f) => ({ ids: [f.productId] }),
  'catalog.changesSince': () => ({ cursor: '1.2' }),
  'catalog.byIdOrSlug': (f) => ({ idOrSlug: f.slug }),
  'catalog.create': (f) => ({
    sku: 'TEXT-RULE-1',
    slug: 'text-rule-product',
    name: 'Text Rule Product',
    description: 'A product the text rule test never creates.',
    price: { amount: 1999, currency: 'USD' },
    category: f.categorySlug,
    brand: 'Sonora',
    attributes: { colour: 'Black' },
    images: [{ url: '/images/products/text-rule-product.svg', alt: 'Text rule product' }],
  }),
  'catalog.update': (f) => ({
    id: f.productId,
    sku: f.sku,
    slug: f.slug,
    name: 'Renamed Product',
    description: 'A new description.',
    category: f.categorySlug,
    brand: 'Sonora',
    attributes: { colour: 'Black' },
    images: [{ url: '/images/products/renamed-product.svg', alt: 'Renamed product' }],
  }),
  'catalog.archive': (f) => ({ id: f.productId }),
  'catalog.restore': (f) => ({ id: f.productId }),
  'catalog.search': (f) => ({ q: f.sku, status: 'active', category: f.categorySlug, inStock: true, minPrice: 1, maxPrice: 100_000, sort: 'name_asc', page: 1, pageSize: 10 }),
  'catalog.bulkPreview': (f) => ({ ids: [f.productId], action: { kind: 'move_category', category: f.categorySlug } }),
  'catalog.bulkApply': (f) => ({ action: { kind: 'move_category', category: f.categorySlug }, items: [{ id: f.productId, updatedAt: '2026-01-01T12:00:00.000Z' }] }),
  'catalog.createCategory': () => ({ name: 'Text Rule Category', slug: 'text-rule-category', parentId: SOME_UUID }),
  'catalog.updateCategory': () => ({ id: SOME_UUID, name: 'Renamed Category', slug: 'renamed-category' }),
  'catalog.moveCategory': () => ({ id: SOME_UUID, parentId: SOME_UUID }),
  'catalog.reorderCategory': () => ({ id: SOME_UUID, position: 1 }),
  'catalog.deleteCategory': () => ({ id: SOME_UUID }),
  'catalog.importPreview': (f) => ({ csv: `sku,name,price,category\nTEXT-RULE-2,Text Rule,1.00,${f.categorySlug}\n`, importId: SOME_UUID }),
  'catalog.importApply': (f) => ({ csv: `sku,name,price,category\nTEXT-RULE-2,Text Rule,1.00,${f.categorySlug}\n`, importId: SOME_UUID }),
  'catalog.importProgress': () => ({ importId: SOME_UUID }),
  'catalog.exportPage': (f) => ({ after: f.sku, status: 'active', category: f.categorySlug }),
  'inventory.getStock': (f) => ({ sku: f.sku }),
  'inventory.setStock': (f) => ({ sku: f.sku, onHand: 7, reason: 'stock count' }),
  'inventory.movements': (f) => ({ sku: f.sku, cursor: '1' }),
  'inventory.list': (f) => ({ q: f.sku.slice(0, 3), lowStock: true, sort: 'available_asc', page: 1, pageSize: 10 }),
  'cart.get': (f) => ({ cartId: f.guestCartId }),
  'cart.addItem': (f) => ({ cartId: f.guestCartId, productId: f.productId, quantity: 1 }),
  'cart.updateItem': (f) => ({ cartId: f.guestCartId, productId: f.productId, quantity: 2 }),
  'cart.removeItem': (f) => ({ cartId: f.guestCartId, productId: f.productId }),
  'cart.clear': (f) => ({ cartId: f.guestCartId }),
  'cart.merge': (f) => ({ guestCartId: f.guestCartId }),
  'orders.create': (f) => ({ items: [{ productId: f.productId, quantity: 1 }], shippingAddress: ADDRESS, paymentMethod: 'pm_card_visa', code: 'WELCOME10' }),
  'orders.checkout': (f) => ({ cartId: f.customerCartId, shippingAddress: ADDRESS, paymentMethod: 'pm_card_visa', code: 'WELCOME10', idempotencyKey: 'text-rule-checkout' }),
  'orders.quote': (f) => ({ cartId: f.guestCartId, country: 'US', code: 'WELCOME10' }),
  'orders.guestCheckout': (f) => ({
    cartId: f.guestCartId,
    email: 'guest@example.com',
    shippingAddress: ADDRESS,
    paymentMethod: 'pm_card_visa',
    code: 'WELCOME10',
    idempotencyKey: 'text-rule-guest-checkout',
  }),
  'orders.guestGet': () => ({ id: SOME_UUID, accessToken: 'not-a-real-token' }),
  'orders.list': (f) => ({ cursor: 'abc', customerId: f.customerId, from: '2026-01-01', to: '2026-12-31' }),
  'orders.get': () => ({ id: SOME_UUID }),
  'orders.updateStatus': () => ({ id: SOME_UUID, status: 'fulfilled', note: 'text rule test', carrier: 'UPS', trackingNumber: '1Z999AA10123456784' }),
  'orders.summary': () => ({ from: '2026-01-01', to: '2026-01-31' }),
  'orders.export': (f) => ({ q: 'OC-0000', from: '2026-01-01', to: '2026-12-31', customerId: f.customerId, sort: 'created_desc', limit: 10 }),
  'orders.updateSettings': () => ({
    storeName: 'Text Rule Store',
    timeZone: 'Europe/Berlin',
    shippingFlatCents: 499,
    freeShippingThresholdCents: 5000,
    defaultTaxRate: 0,
    taxRates: [{ country: 'US', rate: 0.0725 }],
    version: 0,
  }),
  'orders.search': (f) => ({ q: 'OC-0000', from: '2026-01-01', to: '2026-12-31', customerId: f.customerId, sort: 'total_desc', page: 1, pageSize: 10 }),
  'payments.byOrder': () => ({ orderId: SOME_UUID }),
  'promotions.list': () => ({ q: 'summer', kind: 'code', state: 'active' }),
  'promotions.create': (f) => ({
    kind: 'code',
    name: 'Text Rule Promotion',
    discountType: 'percent',
    percentOff: 10,
    scope: 'categories',
    categoryIds: [f.categoryId],
    startsAt: '2026-12-01T00:00',
    endsAt: '2026-12-31T00:00',
    code: 'TEXTRULE10',
  }),
  'promotions.update': () => ({ id: SOME_UUID, name: 'Text Rule Promotion', startsAt: '2026-12-01T00:00', endsAt: '2026-12-31T00:00' }),
  'promotions.generateCodes': () => ({ id: SOME_UUID, count: 1, prefix: 'TEXT' }),
  'promotions.get': () => ({ id: SOME_UUID }),
  'promotions.codes': () => ({ id: SOME_UUID, batchId: SOME_UUID }),
  'promotions.exportCodes': () => ({ id: SOME_UUID, batchId: SOME_UUID }),
};

type Json = Record<string, unknown>;
type Answer = { status: number; body: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** `base` with the string at `field` (or a key of the record there) replaced by `bad`; returns the field's name as an error names it. */
function withBadText(base: Json, field: StringField, bad: string): { input: Json; named: string } {
  const input = structuredClone(base);
  const names: string[] = [];
  let parent: Record<string | number, unknown> = input;
  const segments = field.path;
  for (let index = 0; index < segments.length; index += 1) {
    let segment = segments[index] as string | number;
    if (segment === ANY_KEY) segment = Object.keys(parent)[0] ?? 'key';
    names.push(String(segment));
    if (index === segments.length - 1 && !field.isKey) {
      parent[segment] = bad;
    } else {
      parent[segment] ??= typeof segments[index + 1] === 'number' ? [] : {};
      parent = parent[segment] as Record<string | number, unknown>;
    }
  }
  if (field.isKey) {
    // A record: its first key made bad (the error names the record, then the key).
    const [key, value] = Object.entries(parent)[0] ?? ['key', 'value'];
    for (const existing of Object.keys(parent)) delete parent[existing];
    parent[`${key}${bad}`] = value;
  }
  return { input, named: names.join('.') };
}

interface Case {
  label: string;
  procedure: ApiProcedure;
  field: StringField;
  bad: string;
}

let platform: TestPlatform;
let fixtures: Fixtures;
const tokens: Record<string, string | undefined> = {};

async function api(method: string, path: string, body?: unknown, token?: string): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${platform.gatewayUrl}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: kept as text for the failure message
  }
  return { status: response.status, body: parsed };
}

/** Every table of the domains' own data (not the event plumbing the relay and consumers keep moving). */
async function dataDigest(): Promise<Record<string, string>> {
  const { rows } = await platform.pool.query<{ table_schema: string; table_name: string }>(
    `SELECT table_schema, table_name FROM information_schema.tables
      WHERE table_schema IN ('identity', 'catalog', 'inventory', 'cart', 'orders', 'payments') AND table_type = 'BASE TABLE'
        AND table_name NOT IN ('outbox_events', 'processed_events', 'webhook_events', '_prisma_migrations')
      ORDER BY 1, 2`,
  );
  const digest: Record<string, string> = {};
  for (const { table_schema: schema, table_name: table } of rows) {
    const result = await platform.pool.query<{ n: string; md5: string | null }>(
      `SELECT count(*)::text AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS md5 FROM "${schema}"."${table}" t`,
    );
    digest[`${schema}.${table}`] = `${result.rows[0]?.n}:${result.rows[0]?.md5}`;
  }
  return digest;
}

/** The digest once background work (the catalog catching up with the seed's stock events…) has settled. */
async function settledDigest(): Promise<Record<string, string>> {
  let previous = await dataDigest();
  for (let attempt = 0; attempt < 40; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const next = await dataDigest();
    if (JSON.stringify(next) === JSON.stringify(previous)) return next;
    previous = next;
  }
  return previous;
}

function tokenFor(procedure: ApiProcedure): string | undefined {
  if (isStaffAccess(procedure.access)) return tokens.admin;
  if (procedure.access === 'authenticated') return tokens.customer;
  // Public procedures as an anonymous caller (the cart is a guest cart).
  return undefined;
}

/** The REST request for an input: path parameters in the path, the rest in the body (writes) or the query string (reads). */
function restRequest(procedure: ApiProcedure, input: Json): { method: string; path: string; body?: Json } {
  const rest = procedure.rest as { method: string; path: string };
  const restInput = { ...input };
  const path = rest.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = restInput[name];
    delete restInput[name];
    return encodeURIComponent(String(value));
  });
  if (['POST', 'PUT', 'PATCH'].includes(rest.method)) return { method: rest.method, path: `/api/v1${path}`, body: restInput };
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(restInput)) {
    for (const item of Array.isArray(value) ? value : [value]) query.append(name, String(item));
  }
  const search = query.toString();
  return { method: rest.method, path: `/api/v1${path}${search ? `?${search}` : ''}` };
}

async function login(email: string, password: string): Promise<string> {
  const response = await api('POST', '/api/v1/users/login', { email, password });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.accessToken as string;
}

const errorMessage = (body: Answer['body']): string => String(body?.error?.message ?? JSON.stringify(body));

beforeAll(async () => {
  // Every domain in this process (the test sends nothing that reaches Stripe).
  platform = await startTestPlatform({ domains: DOMAIN_NAMES, catalogProducts: 20, env: { UPSTREAM_TIMEOUT_MS: '30000' } });
  tokens.admin = await login('admin@omnicart.test', 'omnicart-admin');
  tokens.customer = await login('demo@omnicart.test', 'omnicart-demo');
  const me = await api('GET', '/api/v1/users/me', undefined, tokens.customer);
  const products = await api('GET', '/api/v1/products?limit=1&inStock=true');
  const product = products.body.items[0];
  const customerCart = await api('POST', '/api/v1/cart/items', { productId: product.id, quantity: 1 }, tokens.customer);
  const guestCart = await api('POST', '/api/v1/cart/items', { productId: product.id, quantity: 1 });
  expect([me.status, products.status, customerCart.status, guestCart.status]).toEqual([200, 200, 200, 200]);
  fixtures = {
    customerId: me.body.id,
    productId: product.id,
    sku: product.sku,
    slug: product.slug,
    categorySlug: product.category.slug,
    categoryId: product.category.id,
    customerCartId: customerCart.body.id,
    guestCartId: guestCart.body.id,
  };
}, 180_000);

afterAll(async () => {
  await platform?.stop();
});

describe('NUL and unpaired surrogates in any text input', () => {
  it('are a 400 naming the field on every route that takes text, over REST and tRPC, and nothing is written', async () => {
    const procedures = (await apiProcedures()).filter((procedure) => procedure.access !== 'internal');
    const withText = procedures.filter((procedure) => procedure.inputs.some((input) => stringFields(input).length > 0));
    const missing = withText.map((p) => `${p.domain}.${p.name}`).filter((name) => !VALID_INPUTS[name]);
    expect(missing, 'add a valid input for these procedures to VALID_INPUTS').toEqual([]);
    // The mutations the issue names are all covered.
    expect(withText.map((p) => `${p.domain}.${p.name}`)).toEqual(
      expect.arrayContaining(['identity.register', 'identity.update', 'catalog.create', 'catalog.update', 'orders.checkout', 'orders.guestCheckout', 'inventory.setStock']),
    );

    const cases: Case[] = [];
    for (const procedure of withText) {
      const input = procedure.inputs[0];
      const base = VALID_INPUTS[`${procedure.domain}.${procedure.name}`]?.(fixtures) ?? {};
      const check = input?.safeParse(base);
      expect(check?.success, `the valid input of ${procedure.domain}.${procedure.name}: ${JSON.stringify(check?.error?.issues)}`).toBe(true);
      const seen = new Set<string>();
      for (const field of stringFields(input as NonNullable<typeof input>)) {
        const key = `${field.path.join('.')}${field.isKey ? '#key' : ''}`;
        if (seen.has(key)) continue;
        seen.add(key);
        for (const [label, bad] of [
          ['NUL', NUL],
          ['lone high surrogate', LONE_HIGH],
          ['lone low surrogate', LONE_LOW],
        ] as const) {
          cases.push({ label, procedure, field, bad });
        }
      }
    }

    const before = await settledDigest();
    const failures: string[] = [];
    let requests = 0;
    const expectRefused = (what: string, named: string, response: Answer, tRPC: boolean) => {
      requests += 1;
      const message = tRPC ? String(response.body?.error?.message ?? '') : errorMessage(response.body);
      const code = tRPC ? response.body?.error?.data?.domainCode : response.body?.error?.code;
      const namesField = message.split('; ').some((part) => part.startsWith(`${named}:`) || part.startsWith(`${named}.`));
      if (response.status !== 400 || code !== 'VALIDATION_FAILED' || !namesField) {
        failures.push(`${what} → ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
      }
    };

    for (const { label, procedure, field, bad } of cases) {
      const base = VALID_INPUTS[`${procedure.domain}.${procedure.name}`]?.(fixtures) ?? {};
      const { input, named } = withBadText(base, field, bad);
      const where = `${procedure.domain}.${procedure.name} ${named}${field.isKey ? ' (a key)' : ''} with a ${label}`;
      const token = tokenFor(procedure);
      const trpcPath = `/trpc/${procedure.domain}/${procedure.name}`;
      if (procedure.type === 'mutation') {
        expectRefused(`tRPC ${where}`, named, await api('POST', trpcPath, input, token), true);
      } else {
        const response = await api('GET', `${trpcPath}?input=${encodeURIComponent(JSON.stringify(input))}`, undefined, token);
        expectRefused(`tRPC ${where}`, named, response, true);
      }
      if (!procedure.rest) continue;
      // A URL carries UTF-8 only: a lone surrogate cannot be sent in a path or query string (a
      // client's encoder refuses it, and a server decodes broken UTF-8 to U+FFFD); NUL can (%00).
      const pathParams = [...procedure.rest.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
      const inUrl = !['POST', 'PUT', 'PATCH'].includes(procedure.rest.method) || pathParams.includes(String(field.path[0]));
      if (inUrl && label !== 'NUL') continue;
      const request = restRequest(procedure, input);
      const what = `REST ${request.method} ${request.path.split('?')[0]} ${where}`;
      expectRefused(what, named, await api(request.method, request.path, request.body, token), false);
    }
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(150);

    // Every refusal happened before any write: the domains' data is as it was.
    expect(await dataDigest()).toEqual(before);
  }, 240_000);

  it('says what is wrong in the message', async () => {
    const response = await api('POST', '/api/v1/users/register', { email: 'surrogate@example.com', password: 'long-enough-password', name: 'Jane \uD800' });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: { code: 'VALIDATION_FAILED', message: `name: ${STORABLE_TEXT_MESSAGE}` } });
    const search = await api('GET', '/api/v1/products?q=head%00phones');
    expect(search.status).toBe(400);
    expect(search.body.error.message).toBe(`q: ${STORABLE_TEXT_MESSAGE}`);
  });

  it('still takes emoji, CJK and other text beyond ASCII', async () => {
    const response = await api('POST', '/api/v1/users/register', { email: 'emoji@example.com', password: 'long-enough-password', name: 'Zoë 🎉 東京 𠮷' });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body.name).toBe('Zoë 🎉 東京 𠮷');
    const search = await api('GET', `/api/v1/products?q=${encodeURIComponent('東京 🎧')}`);
    expect(search.status).toBe(200);
  });
});
