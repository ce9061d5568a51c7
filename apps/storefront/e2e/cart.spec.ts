import { expect, test } from '@playwright/test';
import { inStockProducts } from './support/api';
import { addToCartButton, amountAfter, cartLine, cartLink, expectCartCount } from './support/shop';

test('product page: add to cart gives immediate feedback and the header count follows', async ({ page }) => {
  const [product] = await inStockProducts('speakers');
  await page.goto(`/products/${product!.slug}`);
  await expect(page.getByRole('heading', { level: 1, name: product!.name })).toBeVisible();
  await expect(page.getByRole('main').getByText(/in stock/i).first()).toBeVisible();
  await expect(page.getByRole('navigation', { name: /breadcrumb/i })).toBeVisible();

  await addToCartButton(page).click();
  await expect(page.getByRole('status').filter({ hasText: /added to (your )?cart/i }).first()).toBeVisible();
  await expectCartCount(page, 1);

  // A second add of the same product counts units, and the guest cart survives a reload.
  await addToCartButton(page).click();
  await expectCartCount(page, 2);
  await page.reload();
  await expectCartCount(page, 2);
  await cartLink(page).click();
  await expect(page).toHaveURL(/\/cart$/);
  await expect(cartLine(page, product!)).toBeVisible();
});

test('cart: quantity changes and removal update the server totals (subtotal, shipping, tax, total)', async ({ page }) => {
  const [first, second] = await inStockProducts('smartwatches');
  for (const product of [first!, second!]) {
    await page.goto(`/products/${product.slug}`);
    await addToCartButton(page).click();
    await expect(page.getByRole('status').filter({ hasText: /added to (your )?cart/i }).first()).toBeVisible();
  }
  await page.goto('/cart');
  const main = page.getByRole('main');
  const summary = main.getByRole('region', { name: /summary|totals/i }).or(main.getByRole('complementary')).first();
  await expect.poll(() => amountAfter(summary, 'Subtotal')).toBe(first!.price.amount + second!.price.amount);

  // Three of the first product: the server re-prices the cart.
  const line = cartLine(page, first!);
  const quantity = line.getByRole('spinbutton');
  await quantity.fill('3');
  await quantity.press('Enter');
  const subtotal = 3 * first!.price.amount + second!.price.amount;
  await expect.poll(() => amountAfter(summary, 'Subtotal'), { timeout: 10_000 }).toBe(subtotal);
  await expectCartCount(page, 4);
  const shipping = await amountAfter(summary, 'Shipping');
  const tax = await amountAfter(summary, 'Tax');
  expect(shipping).toBeGreaterThanOrEqual(0);
  expect(tax).toBeGreaterThanOrEqual(0);
  expect(await amountAfter(summary, 'Total')).toBe(subtotal + shipping + tax);

  // The + button adds one more; the totals follow and survive a reload (they come from the server).
  await line.getByRole('button', { name: /increase quantity/i }).click();
  await expect.poll(() => amountAfter(summary, 'Subtotal')).toBe(4 * first!.price.amount + second!.price.amount);
  await page.reload();
  await expect.poll(() => amountAfter(summary, 'Subtotal')).toBe(4 * first!.price.amount + second!.price.amount);

  // Removing the second line.
  await cartLine(page, second!).getByRole('button', { name: /remove/i }).click();
  await expect(cartLine(page, second!)).toHaveCount(0);
  await expect.poll(() => amountAfter(summary, 'Subtotal')).toBe(4 * first!.price.amount);
  await expectCartCount(page, 4);
});
