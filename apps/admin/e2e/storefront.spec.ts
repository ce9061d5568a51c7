import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { inStockProducts, order, setStock, stock } from './support/api';
import { openOrder, signIn } from './support/admin';
import { STOREFRONT_URL } from './support/env';

/**
 * What a merchant does in the admin, checked where shoppers see it: the storefront `npm start`
 * runs beside the admin. The storefront learns of catalog and stock changes within its
 * revalidation delay (the catalog change feed, polled every couple of seconds), so these checks
 * reload until the page shows the change (30 s at most).
 */
const RELOAD = { timeout: 30_000, intervals: [1_000] };

const restore: { sku: string; onHand: number }[] = [];
test.afterEach(async () => {
  for (const { sku, onHand } of restore.splice(0)) await setStock(sku, onHand);
});

async function storefrontProductSays(page: Page, slug: string, name: string, text: RegExp): Promise<void> {
  const details = page.getByRole('main').getByRole('article', { name }).or(page.getByRole('main').getByRole('region', { name }));
  await expect(async () => {
    await page.goto(`${STOREFRONT_URL}/products/${slug}`);
    await expect(details.getByText(text).first()).toBeVisible({ timeout: 1_000 });
  }).toPass(RELOAD);
}

test('setting a product’s stock to 0 in the admin shows it out of stock on the storefront', async ({ page, browser }) => {
  const [product] = await inStockProducts('lighting', 5);
  const before = await stock(product!.sku);
  restore.push({ sku: product!.sku, onHand: before.onHand });

  await signIn(page);
  await page.goto(`/inventory/${encodeURIComponent(product!.sku)}`);
  const form = page.getByRole('form', { name: 'Set stock' });
  // On hand = what checkouts still hold: nothing is left to sell.
  await form.getByLabel('New number on hand').fill(String(before.reserved));
  await form.getByLabel('Reason').fill(`sold out ${randomUUID().slice(0, 6)}`);
  await form.getByRole('button', { name: 'Save stock' }).click();
  await expect(form.getByText(`${product!.sku}: ${before.reserved} on hand.`)).toBeVisible();

  const shopper = await browser.newPage();
  await storefrontProductSays(shopper, product!.slug, product!.name, /out of stock/i);
  await shopper.close();
});

test('a storefront guest order: top of the admin list, fulfilled with tracking, the shopper’s page shows it shipped, then delivered', async ({ page, browser }) => {
  const email = `e2e-merchant-${randomUUID().slice(0, 8)}@example.test`;
  const [product] = await inStockProducts('cameras', 5);

  // The shopper checks out as a guest in the storefront.
  const shopper = await browser.newPage({ baseURL: STOREFRONT_URL });
  await shopper.goto(`/products/${product!.slug}`);
  await shopper.getByRole('main').getByRole('button', { name: /add to cart/i }).click();
  await expect(shopper.getByRole('status').filter({ hasText: /added to (your )?cart/i }).first()).toBeVisible();
  await shopper.goto('/cart');
  await shopper.getByRole('main').getByRole('link', { name: /checkout/i }).or(shopper.getByRole('main').getByRole('button', { name: /checkout/i })).first().click();
  await expect(shopper).toHaveURL(/\/checkout$/);
  const field = (name: string) => shopper.getByRole('textbox', { name, exact: true });
  await field('Email').fill(email);
  await field('Full name').fill('Merchant Flow');
  await field('Address line 1').fill('1 Main Street');
  await field('City').fill('Springfield');
  await field('Postal code').fill('12345');
  await shopper.getByRole('combobox', { name: 'Country', exact: true }).selectOption('US');
  await field('Card number').fill('4242 4242 4242 4242');
  await field('Expiry').fill('12/34');
  await field('CVC').fill('123');
  await shopper.getByRole('main').getByRole('button', { name: /^(pay|place (your )?order)/i }).click();
  await expect(shopper).toHaveURL(/\/checkout\/confirmation\/[^/?#]+/, { timeout: 30_000 });
  const orderId = decodeURIComponent(/\/checkout\/confirmation\/([^/?#]+)/.exec(shopper.url())![1]!);
  const placed = await order(orderId);

  // The merchant sees it at the top of the orders list (newest first) and fulfils it.
  await signIn(page);
  await page.goto('/orders');
  const rows = page.getByRole('table').getByRole('row');
  await expect(rows.filter({ hasText: placed.number })).toHaveCount(1);
  // Newest first. Tests running beside this one place orders too, so ours is at the top or within
  // the few that landed after it (row 0 is the header).
  const position = await rows.evaluateAll((all, number) => all.findIndex((row) => row.textContent?.includes(number)), placed.number);
  expect(position, 'the new order is at the top of the list').toBeGreaterThanOrEqual(1);
  expect(position, 'the new order is at the top of the list').toBeLessThanOrEqual(3);

  await openOrder(page, orderId);
  const fulfil = page.getByRole('form', { name: 'Fulfil' });
  await fulfil.getByLabel('Carrier').selectOption('UPS');
  await fulfil.getByLabel('Tracking number').fill('1Z999AA10123456784');
  await fulfil.getByRole('button', { name: 'Mark as fulfilled' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Order ${placed.number} Fulfilled` })).toBeVisible();

  // The shopper's order page says shipped, with the carrier and the tracking number.
  await expect(async () => {
    await shopper.reload();
    await expect(shopper.getByTestId('order-status')).toHaveAttribute('data-status', 'fulfilled', { timeout: 1_000 });
  }).toPass(RELOAD);
  await expect(shopper.getByRole('main')).toContainText('Shipped via UPS, tracking 1Z999AA10123456784');

  await page.getByRole('form', { name: 'Delivery' }).getByRole('button', { name: 'Mark as delivered' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Order ${placed.number} Delivered` })).toBeVisible();
  await shopper.reload();
  await expect(shopper.getByTestId('order-status')).toHaveAttribute('data-status', 'delivered');
  await shopper.close();
});
