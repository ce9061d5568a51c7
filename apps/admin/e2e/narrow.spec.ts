import { expect, test } from '@playwright/test';
import { signIn } from './support/admin';

/**
 * Usable at 1024 px (a small laptop, a tablet in landscape): every section's page, and the pages
 * they lead to, fit the window's width; wide tables scroll inside their own box, never the page.
 */
test.use({ viewport: { width: 1024, height: 768 } });

test('every section fits a 1024 px window without scrolling sideways', async ({ page }) => {
  await signIn(page);
  const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth);
  const paths = ['/', '/orders', '/products', '/products/new', '/products/categories', '/products/import', '/inventory', '/customers', '/messages', '/staff', '/audit', '/settings', '/promotions', '/promotions/new', '/reports', '/reports/sales', '/reports/products', '/reports/funnel', '/reports/search', '/reports/retention', '/reports/recommendations', '/reports/promotions'];
  for (const path of paths) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    expect(await pageWidth(), path).toBeLessThanOrEqual(1024);
  }
  // The first order's and the first product's pages too.
  await page.goto('/orders');
  await page.getByRole('table').getByRole('row').nth(1).getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 1, name: /^Order / })).toBeVisible();
  expect(await pageWidth(), 'an order').toBeLessThanOrEqual(1024);
  await page.goto('/products');
  await page.getByRole('table').getByRole('row').nth(1).getByRole('link').first().click();
  await expect(page).toHaveURL(/\/products\/[0-9a-f-]{36}/);
  expect(await pageWidth(), 'a product').toBeLessThanOrEqual(1024);
});
