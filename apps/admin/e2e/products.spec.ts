import { randomUUID } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { accessTokenOf, OWNER, rawCall } from './support/api';
import { signIn } from './support/admin';
import { GATEWAY_URL } from './support/env';

/**
 * Products end to end: the owner creates a product (field errors first, then the catalog's own
 * refusal of a duplicate SKU beside the field), changes its price, archives and restores it, and
 * lowers two products' prices in bulk through the preview; an order manager reads the table but
 * gets the not-allowed page for the editor, and the API refuses their write too.
 */

const tag = randomUUID().slice(0, 6).toUpperCase();

async function api<T>(path: string, init: RequestInit & { token: string }): Promise<T> {
  const response = await rawCall(path, init);
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : null) as T;
}

async function noSeriousAxeViolation(page: Page, name: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const blocking = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
  expect.soft(blocking, `serious/critical axe violations on ${name}`).toEqual([]);
}

test('the owner creates a product, changes its price, archives and restores it', async ({ page }) => {
  const sku = `E2E-${tag}-1`;
  const name = `E2E Desk Lamp ${tag}`;
  await signIn(page);
  await page.goto('/products');
  await page.getByRole('link', { name: 'New product' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New product' })).toBeVisible();
  await noSeriousAxeViolation(page, 'new product');

  const form = page.getByRole('form', { name: 'New product' });
  await form.getByRole('button', { name: 'Create product' }).click();
  await expect(form.getByText('Enter the product’s name')).toBeVisible();

  await form.getByLabel('Name', { exact: true }).fill(name);
  await form.getByLabel('SKU').fill(sku);
  await form.getByLabel('Price (USD)').fill('24.5');
  await expect(form.getByText('Shoppers see $24.50')).toBeVisible();
  await form.getByLabel('Category').selectOption({ index: 1 });
  await form.getByLabel('Brand').fill('Lumen');
  await form.getByLabel('Status').selectOption({ label: 'Active' });
  await form.getByLabel('Attribute 1 name').fill('colour');
  await form.getByLabel('Attribute 1 value').fill('Teal');
  await form.getByRole('button', { name: 'Create product' }).click();

  await expect(page).toHaveURL(/\/products\/[0-9a-f-]{36}\?created=1/, { timeout: 30_000 });
  await expect(page.getByText('Product created.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  const productUrl = page.url().replace(/\?.*$/, '');
  await noSeriousAxeViolation(page, 'product editor');

  // The price, as the storefront shows it; saved in cents.
  const details = page.getByRole('form', { name: 'Details' });
  await expect(details.getByLabel('Price (USD)')).toHaveValue('24.50');
  await details.getByLabel('Price (USD)').fill('19.99');
  await details.getByRole('button', { name: 'Save product' }).click();
  await expect(details.getByText(`Saved ${name}.`)).toBeVisible();
  await page.reload();
  await expect(page.getByRole('form', { name: 'Details' }).getByLabel('Price (USD)')).toHaveValue('19.99');

  // Archive, then restore as a draft.
  await page.getByRole('button', { name: 'Archive product' }).click();
  await expect(page.getByText('Archived: no longer listed in the shop.')).toBeVisible();
  await page.reload();
  await page.getByRole('button', { name: 'Restore product' }).click();
  await expect(page.getByText(/Restored as a draft/)).toBeVisible();
  await page.goto(`/products?q=${encodeURIComponent(sku)}`);
  await expect(page.getByRole('row').filter({ hasText: sku })).toContainText('Draft');
  await expect(page.getByRole('row').filter({ hasText: sku })).toContainText('$19.99');

  // The catalog's refusal lands beside its field: this SKU is taken.
  await page.goto('/products/new');
  const again = page.getByRole('form', { name: 'New product' });
  await again.getByLabel('Name', { exact: true }).fill(`${name} twin`);
  await again.getByLabel('SKU').fill(sku);
  await again.getByLabel('Price (USD)').fill('5');
  await again.getByLabel('Category').selectOption({ index: 1 });
  await again.getByRole('button', { name: 'Create product' }).click();
  await expect(again.getByText('A product with this sku already exists')).toBeVisible();
  expect(page.url()).not.toBe(productUrl);
});

test('a bulk price change shows every product before and after, then applies after a confirmation', async ({ page }) => {
  const token = await accessTokenOf(OWNER);
  const prefix = `E2E Bulk ${tag}`;
  for (const [suffix, amount] of [['A', 1_000], ['B', 2_000]] as const) {
    await api('/api/v1/products', {
      method: 'POST',
      token,
      body: JSON.stringify({ sku: `E2E-${tag}-B${suffix}`, name: `${prefix} ${suffix}`, price: { amount }, category: 'pens', status: 'active' }),
    });
  }
  await signIn(page);
  await page.goto(`/products?q=${encodeURIComponent(prefix)}&sort=name_asc`);
  await expect(page.getByText('2 products match')).toBeVisible();
  await page.getByRole('checkbox', { name: 'Select every product on this page' }).check();
  await expect(page.getByText('2 selected')).toBeVisible();
  await page.getByRole('combobox', { name: 'Bulk change', exact: true }).selectOption({ label: 'Change price by a percentage' });
  await page.getByLabel('Percentage (negative lowers)').fill('-10');
  await page.getByRole('button', { name: 'Preview changes' }).click();

  const dialog = page.getByRole('dialog', { name: /Preview: Lower prices by 10 %/ });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText('2 will change · 0 already so · 0 refused')).toBeVisible();
  await expect(dialog.getByRole('row').filter({ hasText: `${prefix} A` })).toContainText('$10.00');
  await expect(dialog.getByRole('row').filter({ hasText: `${prefix} A` })).toContainText('→ $9.00');
  await expect(dialog.getByRole('row').filter({ hasText: `${prefix} B` })).toContainText('→ $18.00');
  await noSeriousAxeViolation(page, 'bulk preview');
  await dialog.getByRole('button', { name: 'Apply changes' }).click();
  await dialog.getByRole('button', { name: 'Yes, change 2 products' }).click();
  await expect(page.getByText('Changed 2 products.')).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: `${prefix} A` })).toContainText('$9.00');
  await expect(page.getByRole('row').filter({ hasText: `${prefix} B` })).toContainText('$18.00');
});

test('an order manager reads the products table but cannot open the editor, and the API refuses the write', async ({ page }) => {
  const ownerToken = await accessTokenOf(OWNER);
  const manager = { email: `products-om-${tag.toLowerCase()}@example.com`, password: 'orders-pass-1234' };
  const registered = await fetch(`${GATEWAY_URL}/api/v1/users/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...manager, name: 'Otto Orders' }),
  });
  expect(registered.status).toBe(201);
  const { id } = (await registered.json()) as { id: string };
  await api(`/api/v1/users/${id}`, { method: 'PUT', token: ownerToken, body: JSON.stringify({ staffRole: 'order_manager' }) });
  const product = (await api<{ items: { id: string; updatedAt: string }[] }>('/api/v1/products/search?pageSize=10', { token: ownerToken })).items[0]!;

  await signIn(page, manager);
  await page.goto('/products');
  await expect(page.getByRole('heading', { level: 1, name: 'Products' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'New product' })).toHaveCount(0);
  await expect(page.getByRole('checkbox')).toHaveCount(0);
  for (const path of ['/products/new', `/products/${product.id}`]) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: 'You’re not allowed to open this page' })).toBeVisible();
  }

  const token = await accessTokenOf(manager);
  const refused = await rawCall('/api/v1/products/bulk/apply', {
    method: 'POST',
    token,
    body: JSON.stringify({ action: { kind: 'change_price', percent: -50 }, items: [{ id: product.id, updatedAt: product.updatedAt }] }),
  });
  expect(refused.status).toBe(403);
  const update = await rawCall(`/api/v1/products/${product.id}`, { method: 'PUT', token, body: JSON.stringify({ name: 'Not allowed' }) });
  expect(update.status).toBe(403);
});
