import { expect, test } from '@playwright/test';
import { inStockProducts, orders, setStock, stock } from './support/api';
import { CARDS, addToCart, addToCartButton, cartLine, field, fillAddress, fillCard, payButton, uniqueEmail } from './support/shop';

// Both tests take products of their own category out of stock and put the stock back afterwards,
// so a rerun on the same database (the embedded one) starts from the same place. They also wait
// until the storefront shows the product in stock again: its catalog cache outlives a restart
// (.next/cache), so a page cached as "Out of stock" would otherwise greet the next run.
const restore: { sku: string; slug: string; onHand: number }[] = [];
test.afterEach(async ({ page }) => {
  for (const { sku, slug, onHand } of restore.splice(0)) {
    await setStock(sku, onHand, 'e2e: restore');
    await expect(async () => {
      await page.goto(`/products/${slug}`);
      await expect(addToCartButton(page)).toBeEnabled({ timeout: 1_000 });
    }).toPass({ timeout: 30_000, intervals: [1_000] });
  }
});

async function sellOut(product: { sku: string; slug: string }): Promise<void> {
  const before = await stock(product.sku);
  restore.push({ sku: product.sku, slug: product.slug, onHand: before.onHand });
  await setStock(product.sku, before.reserved, 'e2e: sold out');
}

test('an out-of-stock product says so and cannot be added to the cart', async ({ page }) => {
  const [product] = await inStockProducts('lighting');
  await sellOut(product!);

  // The catalog learns availability from inventory's events (a second or two), and the page is
  // revalidated when the product changes.
  // (Scoped to the product itself: related products may be out of stock too.)
  const productDetails = page.getByRole('main').getByRole('article', { name: product!.name }).or(page.getByRole('main').getByRole('region', { name: product!.name }));
  await expect(async () => {
    await page.goto(`/products/${product!.slug}`);
    await expect(productDetails.getByText(/out of stock/i).first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000, intervals: [1_000] });
  // The purchase button stays in place (no layout jump) but is disabled ("Out of stock").
  const buy = productDetails.getByRole('button', { name: /add to cart|out of stock|sold out|unavailable/i });
  await expect(buy).toBeDisabled();
  await expect(addToCartButton(page).and(page.locator(':enabled'))).toHaveCount(0);
});

test('a product that sells out while in the cart is flagged there, and checkout refuses it', async ({ page }) => {
  const shopper = uniqueEmail('soldout');
  const [product] = await inStockProducts('storage');
  await addToCart(page, product!.slug);
  await sellOut(product!);

  await expect(async () => {
    await page.goto('/cart');
    await expect(cartLine(page, product!).getByText(/out of stock/i).first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000, intervals: [1_000] });

  // The cart withholds checkout (a disabled button, or no checkout link at all)…
  const main = page.getByRole('main');
  const proceed = main.getByRole('link', { name: /checkout/i }).or(main.getByRole('button', { name: /checkout/i }));
  await expect(proceed.and(page.locator(':not([disabled]):not([aria-disabled="true"])'))).toHaveCount(0);

  // …and going to /checkout by its URL does not sell it either: the page says the item is not
  // available, and paying (if the form lets the shopper try) is refused.
  await page.goto('/checkout');
  await expect(main.getByText(/no longer available|out of stock|update your cart|your cart is empty/i).first()).toBeVisible();
  const email = field(page, 'Email');
  if ((await email.count()) && (await payButton(page).count()) && (await payButton(page).isEnabled())) {
    await fillAddress(page, undefined, shopper);
    await fillCard(page, CARDS.visa);
    await payButton(page).click();
    await expect(page.getByRole('alert').filter({ hasText: /out of stock|no longer available|not enough stock|sold out|nothing|empty|update your cart/i }).first()).toBeVisible({ timeout: 20_000 });
  }
  await expect(page).not.toHaveURL(/\/checkout\/confirmation\//);
  expect(await orders((o) => o.guestEmail === shopper && o.status === 'paid')).toHaveLength(0);
});
