import { expect, test } from '@playwright/test';
import { inStockProducts, order, orders } from './support/api';
import { CARDS, addToCart, amountAfter, confirmedOrderId, field, fillAddress, fillCard, goToCheckout, payButton, uniqueEmail } from './support/shop';

test('guest checkout with 4242…: a double-clicked Pay places one paid order, visible to the admin with the same total', async ({ page }) => {
  const email = uniqueEmail('guest');
  const [product] = await inStockProducts('cameras');
  await addToCart(page, product!.slug);
  await goToCheckout(page);

  await fillAddress(page, undefined, email);
  // Shipping and tax are shown before paying.
  const main = page.getByRole('main');
  await expect.poll(() => amountAfter(main, 'Shipping').catch(() => -1)).toBeGreaterThanOrEqual(0);
  await expect.poll(() => amountAfter(main, 'Tax').catch(() => -1)).toBeGreaterThanOrEqual(0);
  const quotedTotal = await amountAfter(main, 'Total');

  await fillCard(page, CARDS.visa);
  await payButton(page).dblclick();
  const orderId = await confirmedOrderId(page);

  const confirmation = page.getByRole('main');
  await expect(confirmation).toContainText(product!.name);
  const shownTotal = await amountAfter(confirmation, 'Total');
  expect(shownTotal).toBe(quotedTotal);

  const placed = await order(orderId);
  expect(placed.status).toBe('paid');
  expect(placed.total).toBe(shownTotal);
  await expect(confirmation).toContainText(placed.number);

  // One order (and so one charge) for this shopper, despite the double click.
  const mine = await orders((o) => o.guestEmail === email);
  expect(mine.map((o) => o.status)).toEqual(['paid']);

  // The guest cart is closed: the header count is back to zero.
  await page.goto('/cart');
  await expect(page.getByRole('main').getByText(/your cart is empty|cart is empty|no items/i).first()).toBeVisible();
});

test('a declined card shows a clear message; retrying with 4242… gives exactly one paid order', async ({ page }) => {
  const email = uniqueEmail('declined');
  const [product] = await inStockProducts('keyboards-mice');
  await addToCart(page, product!.slug);
  await goToCheckout(page);
  await fillAddress(page, undefined, email);

  await fillCard(page, CARDS.declined);
  await payButton(page).click();
  const alert = page.getByRole('alert').filter({ hasText: /declined/i });
  await expect(alert).toBeVisible({ timeout: 20_000 });
  await expect(page).toHaveURL(/\/checkout$/);

  await fillCard(page, CARDS.visa);
  await payButton(page).click();
  const orderId = await confirmedOrderId(page);

  const placed = await order(orderId);
  expect(placed.status).toBe('paid');
  const mine = await orders((o) => o.guestEmail === email);
  expect(mine.filter((o) => o.status === 'paid')).toHaveLength(1);
  expect(mine.filter((o) => o.status === 'paid')[0]!.id).toBe(orderId);
  // The declined attempt is kept as a failed order, never paid.
  expect(mine.filter((o) => o.status !== 'paid').every((o) => o.status === 'payment_failed')).toBe(true);
});

test('checkout validates: missing address fields are flagged, and a card that is no test card is refused', async ({ page }) => {
  const [product] = await inStockProducts('keyboards-mice');
  await addToCart(page, product!.slug);
  await goToCheckout(page);

  await payButton(page).click();
  const city = field(page, 'City');
  await expect(city).toHaveAttribute('aria-invalid', 'true');
  await expect(city).toHaveAccessibleDescription(/.+/);
  await expect(page).toHaveURL(/\/checkout$/);

  await fillAddress(page, undefined, uniqueEmail('othercard'));
  await fillCard(page, '5555 5555 5555 4444');
  await payButton(page).click();
  await expect(page.getByText(/test card/i).first()).toBeVisible();
  await expect(page).toHaveURL(/\/checkout$/);
});
