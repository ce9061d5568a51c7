import { expect, test } from '@playwright/test';
import { inStockProducts, orders, setStock, stock } from './support/api';
import { addToCart, addToCartButton, cartLine, fillAddress, fillCard, goToCheckout, payButton, CARDS, uniqueEmail } from './support/shop';

// Both tests take products of their own category out of stock and put the stock back afterwards,
// so a rerun on the same database (the embedded one) starts from the same place.
const restore: { sku: string; onHand: number }[] = [];
test.afterEach(async () => {
  for (const { sku, onHand } of restore.splice(0)) await setStock(sku, onHand, 'e2e: restore');
});

async function sellOut(sku: string): Promise<void> {
  const before = await stock(sku);
  restore.push({ sku, onHand: before.onHand });
  await setStock(sku, before.reserved, 'e2e: sold out');
}

test('an out-of-stock product says so and cannot be added to the cart', async ({ page }) => {
  const [product] = await inStockProducts('lighting');
  await sellOut(product!.sku);

  // The catalog learns availability from inventory's events (a second or two), and the page is
  // revalidated when the product changes.
  await expect(async () => {
    await page.goto(`/products/${product!.slug}`);
    await expect(page.getByRole('main').getByText(/out of stock/i).first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000, intervals: [1_000] });
  // The purchase button stays in place (no layout jump) but is disabled ("Out of stock").
  const buy = page.getByRole('main').getByRole('button', { name: /add to cart|out of stock|sold out|unavailable/i });
  await expect(buy).toBeDisabled();
  await expect(addToCartButton(page).and(page.locator(':enabled'))).toHaveCount(0);
});

test('a product that sells out while in the cart is flagged there, and checkout refuses it', async ({ page }) => {
  const email = uniqueEmail('soldout');
  const [product] = await inStockProducts('storage');
  await addToCart(page, product!.slug);
  await sellOut(product!.sku);

  await expect(async () => {
    await page.goto('/cart');
    await expect(cartLine(page, product!).getByText(/out of stock/i).first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000, intervals: [1_000] });

  // The checkout link may be withheld; if the shopper gets to pay anyway, the order is refused.
  const checkout = page.getByRole('main').getByRole('link', { name: /checkout/i }).or(page.getByRole('main').getByRole('button', { name: /checkout/i })).first();
  if ((await checkout.count()) && (await checkout.isEnabled()) && !(await checkout.getAttribute('aria-disabled'))) {
    await goToCheckout(page);
    await fillAddress(page, undefined, email);
    await fillCard(page, CARDS.visa);
    if (await payButton(page).isEnabled()) {
      await payButton(page).click();
      await expect(page.getByRole('alert').filter({ hasText: /out of stock|no longer available|not enough stock|sold out/i })).toBeVisible({ timeout: 20_000 });
    }
    await expect(page).not.toHaveURL(/\/checkout\/confirmation\//);
  }
  expect(await orders((o) => o.guestEmail === email && o.status === 'paid')).toHaveLength(0);
});
