import { expect, test, type Locator, type Page } from '@playwright/test';
import { inStockProducts, order } from './support/api';
import { ADDRESS, CARDS, cartLink, confirmedOrderId, field, uniqueEmail } from './support/shop';

/** Presses Tab until `target` has the focus (a keyboard user's only way around). */
async function tabTo(page: Page, target: Locator, maxPresses = 120): Promise<void> {
  await expect(target).toBeVisible();
  for (let presses = 0; presses < maxPresses; presses++) {
    if (await target.evaluate((element) => element === document.activeElement, undefined, { timeout: 2_000 })) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${target} never got the focus after ${maxPresses} Tab presses`);
}

async function typeInto(page: Page, field: Locator, text: string): Promise<void> {
  await tabTo(page, field);
  // A focused control must show where the focus is (visible focus indicator).
  await expect(field).toBeFocused();
  await page.keyboard.type(text);
}

test('keyboard only: product page to confirmation with Tab, Enter and Space', async ({ page }) => {
  const [product] = await inStockProducts('coffee-tea');
  const main = page.getByRole('main');
  await page.goto(`/products/${product!.slug}`);

  // The skip link comes first and moves the focus to the main content.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: /skip to (main )?content/i })).toBeFocused();

  await tabTo(page, main.getByRole('button', { name: /add to cart/i }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: /added to (your )?cart/i }).first()).toBeVisible();

  await tabTo(page, cartLink(page));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/cart$/);

  await tabTo(page, main.getByRole('link', { name: /checkout/i }).or(main.getByRole('button', { name: /checkout/i })).first());
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/checkout$/);

  const email = uniqueEmail('keyboard');
  await typeInto(page, field(page, 'Email'), email);
  await typeInto(page, field(page, 'Full name'), ADDRESS.name);
  await typeInto(page, field(page, 'Address line 1'), ADDRESS.line1);
  await typeInto(page, field(page, 'City'), ADDRESS.city);
  await typeInto(page, field(page, 'Postal code'), ADDRESS.postalCode);
  const country = page.getByRole('combobox', { name: 'Country', exact: true }).or(field(page, 'Country'));
  await tabTo(page, country);
  if ((await country.evaluate((element) => element.tagName)) === 'SELECT') {
    // Typing on a focused <select> picks the matching option (United States / US).
    await page.keyboard.type('United States');
    if ((await country.inputValue()) !== ADDRESS.country) await page.keyboard.type(ADDRESS.country);
    await expect(country).toHaveValue(ADDRESS.country);
  } else await page.keyboard.type(ADDRESS.country);
  await typeInto(page, field(page, 'Card number'), CARDS.visa);
  await typeInto(page, field(page, 'Expiry'), '12/34');
  await typeInto(page, field(page, 'CVC'), '123');

  // Space activates a focused button as well as Enter does.
  await tabTo(page, main.getByRole('button', { name: /^(pay|place (your )?order)/i }));
  await page.keyboard.press('Space');
  const orderId = await confirmedOrderId(page);
  expect((await order(orderId)).status).toBe('paid');
});
