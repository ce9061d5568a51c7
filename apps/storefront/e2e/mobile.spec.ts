import { expect, test } from '@playwright/test';
import { inStockProducts, order } from './support/api';
import { CARDS, addToCart, confirmedOrderId, expectNoHorizontalScroll, fillAddress, fillCard, goToCheckout, payButton, uniqueEmail } from './support/shop';

// Runs in the `mobile` project: a 360×740 touch viewport.
test('mobile (360×740): browse, add to cart and check out without sideways scrolling', async ({ page }) => {
  const [product] = await inStockProducts('bedding');

  await page.goto('/');
  await expectNoHorizontalScroll(page);
  await page.goto('/categories/bedding');
  await expectNoHorizontalScroll(page);
  await expect(page.getByRole('main').locator('a[href^="/products/"]').first()).toBeVisible();

  await addToCart(page, product!.slug);
  await expectNoHorizontalScroll(page);
  await page.goto('/cart');
  await expectNoHorizontalScroll(page);

  await goToCheckout(page);
  await expectNoHorizontalScroll(page);
  await fillAddress(page, undefined, uniqueEmail('mobile'));
  await fillCard(page, CARDS.visa);
  await payButton(page).tap();
  const orderId = await confirmedOrderId(page);
  await expectNoHorizontalScroll(page);
  expect((await order(orderId)).status).toBe('paid');
});
