import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { placeGuestOrder } from './support/api';
import { signIn } from './support/admin';
import { STOREFRONT_URL } from './support/env';

/** The storefront picks up catalog changes within its revalidation delay; the audit log is fed by events: reload until it shows. */
const RELOAD = { timeout: 30_000, intervals: [1_000] };

/** A 1×1 PNG: the catalog re-encodes every upload to WebP. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

test('a product created with an image shows on the storefront (search and product page); its price change is in the audit log, before and after', async ({ page, browser }) => {
  const tag = randomUUID().slice(0, 6).toUpperCase();
  const name = `E2E Lantern ${tag}`;
  await signIn(page);
  await page.goto('/products/new');
  const form = page.getByRole('form', { name: 'New product' });
  await form.getByLabel('Name', { exact: true }).fill(name);
  await form.getByLabel('SKU').fill(`E2E-LANTERN-${tag}`);
  await form.getByLabel('Price (USD)').fill('30');
  await form.getByLabel('Category').selectOption({ index: 1 });
  await form.getByLabel('Status').selectOption({ label: 'Active' });
  await form.getByRole('button', { name: 'Create product' }).click();
  await expect(page).toHaveURL(/\/products\/[0-9a-f-]{36}\?created=1/, { timeout: 30_000 });
  const productId = /\/products\/([0-9a-f-]{36})/.exec(page.url())![1]!;

  // The image, uploaded in the editor: it becomes the product's first image (before the generated one).
  await page.getByLabel('Image file').setInputFiles({ name: 'lantern.png', mimeType: 'image/png', buffer: PNG });
  await page.getByRole('button', { name: 'Upload image' }).click();
  const images = page.getByRole('list', { name: `Images of ${name}, in the order the storefront shows them` }).getByRole('listitem');
  await expect(images).toHaveCount(2);

  // A price change, saved.
  const details = page.getByRole('form', { name: 'Details' });
  await details.getByLabel('Price (USD)').fill('27.50');
  await details.getByRole('button', { name: 'Save product' }).click();
  await expect(details.getByText(`Saved ${name}.`)).toBeVisible();

  // The shopper finds it by searching, and its page shows the uploaded picture and the new price.
  const shopper = await browser.newPage({ baseURL: STOREFRONT_URL });
  const result = shopper.getByRole('main').getByRole('link', { name: new RegExp(name) }).first();
  await expect(async () => {
    await shopper.goto(`/search?q=${encodeURIComponent(name)}`);
    await expect(result).toBeVisible({ timeout: 1_000 });
  }).toPass(RELOAD);
  await result.click();
  await expect(shopper.getByRole('heading', { level: 1, name })).toBeVisible();
  const picture = shopper.getByRole('main').locator(`img[src^="/images/uploads/"][alt="${name}"]`).first();
  await expect(picture).toBeVisible();
  await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  await expect(shopper.getByRole('main')).toContainText('$27.50');
  await shopper.close();

  // The audit log: the price change with its before and after, by the owner, linked to the product.
  const entry = page.getByRole('row').filter({ hasText: 'Price' }).filter({ hasText: '$27.50' });
  await expect(async () => {
    await page.goto(`/audit?entityType=product&entityId=${productId}`);
    await expect(entry).toBeVisible({ timeout: 1_000 });
  }).toPass(RELOAD);
  await expect(entry).toContainText('$30.00');
  await expect(entry).toContainText('admin@omnicart.test');
  await expect(entry.getByRole('link', { name })).toHaveAttribute('href', `/products/${productId}`);
  // The product's own history says the same.
  await page.goto(`/products/${productId}`);
  await expect(page.getByRole('region', { name: 'Change history' })).toContainText('$27.50');
});

test('the command palette finds an order by its number and opens it from the keyboard', async ({ page }) => {
  const placed = await placeGuestOrder();
  await signIn(page);
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Go to a page, product, order or customer' });
  const combobox = palette.getByRole('combobox');
  await combobox.fill(placed.number);
  const option = palette.getByRole('option', { name: new RegExp(placed.number) });
  await expect(option).toBeVisible();
  // Matching sections come first: move down to the order, then open it.
  for (let step = 0; step < 10 && (await option.getAttribute('aria-selected')) !== 'true'; step++) await combobox.press('ArrowDown');
  await expect(option).toHaveAttribute('aria-selected', 'true');
  await combobox.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/orders/${placed.id}$`));
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`^Order ${placed.number}`) })).toBeVisible();
});
