import { expect, test, type Page } from '@playwright/test';
import { placeGuestOrder } from './support/api';
import { signIn } from './support/admin';

/**
 * Runs in its own Playwright project after every other test has finished (playwright.config.ts
 * "quiet"), so no order but this test's lands between the two readings: the dashboard's figures
 * for today move by exactly the orders it placed.
 */
const cents = (text: string) => Math.round(Number(text.replace(/[^0-9.-]/g, '')) * 100);

async function today(page: Page): Promise<{ revenue: number; orders: number; day: string }> {
  await page.goto('/');
  const figure = (label: string) => page.locator('dt', { hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd[1]');
  const revenue = cents(await figure('Revenue today').innerText());
  const orders = Number(await figure('Orders today').innerText());
  // The store's day (STORE_TIMEZONE, America/New_York by default), as the dashboard counts it.
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(new Date());
  return { revenue, orders, day };
}

test('today’s revenue and order count include exactly the orders this test placed', async ({ page }) => {
  await signIn(page);
  const before = await today(page);
  const placed = [await placeGuestOrder(undefined, 1), await placeGuestOrder(undefined, 2)];
  const after = await today(page);
  test.skip(after.day !== before.day, 'the store’s day changed between the two readings (midnight in New York): nothing to compare');
  expect(after.orders - before.orders).toBe(placed.length);
  expect(after.revenue - before.revenue).toBe(placed.reduce((sum, order) => sum + order.total, 0));
});
