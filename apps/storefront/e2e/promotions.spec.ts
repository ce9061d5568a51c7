import { randomUUID } from 'node:crypto';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { inboxClient } from '@omnicart/api/dev-inbox';
import { createPromotion, deactivatePromotion, guestOrder, inStockProducts, order } from './support/api';
import { MAIL_INBOX_URL } from './support/env';
import { CARDS, addToCart, amountAfter, cartLine, cents, confirmedOrderId, field, fillAddress, fillCard, goToCheckout, payButton, uniqueEmail } from './support/shop';

// Discount codes and automatic promotions as a shopper meets them: the cart's code field, the
// totals and per-line savings, checkout, the confirmation page and e-mail. Each test shops in its
// own category (none of the other specs use these), and makes its own codes through the admin API.

const inbox = inboxClient(MAIL_INBOX_URL);
const DAY = 24 * 60 * 60 * 1000;

const codeField = (scope: Page | Locator) => scope.getByRole('textbox', { name: 'Discount code', exact: true });
const applyButton = (scope: Page | Locator) => scope.getByRole('button', { name: 'Apply', exact: true });
const removeCodeButton = (scope: Page | Locator, code: string) => scope.getByRole('button', { name: `Remove code ${code}` });
const uniqueCode = (prefix: string) => `${prefix}${randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase()}`;

/** The amount of a totals row such as "Discount (WELCOME10, 10 % off)  −$1.20" (−1 when absent). */
async function discountRow(scope: Locator, label: string): Promise<number> {
  const text = await scope.innerText();
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}\\s*−\\s*(\\$[\\d,]+\\.\\d{2})`).exec(text);
  return match?.[1] ? cents(match[1]) : -1;
}

/** "−$1.20" shown in a line (cart line or order row). */
async function lineSaving(line: Locator): Promise<number> {
  const match = /−\s*(\$[\d,]+\.\d{2})/.exec(await line.innerText());
  return match?.[1] ? cents(match[1]) : -1;
}

test('WELCOME10 in the cart: savings per line and in the totals, kept across pages, paid at checkout, on the confirmation page and in the e-mail', async ({ page }) => {
  const email = uniqueEmail('welcome10');
  const [product] = await inStockProducts('skincare');
  await addToCart(page, product!.slug);
  await page.goto('/cart');
  const main = page.getByRole('main');
  const line = cartLine(page, product!);
  await expect.poll(() => amountAfter(main, 'Subtotal').catch(() => -1)).toBeGreaterThan(0);
  const subtotal = await amountAfter(main, 'Subtotal');

  await codeField(main).fill('welcome10'); // codes are case-insensitive
  await applyButton(main).click();
  await expect(main.getByRole('status').filter({ hasText: 'Code WELCOME10 applied: 10 % off' })).toBeVisible();
  const label = 'Discount (WELCOME10, 10 % off)';
  await expect.poll(() => discountRow(main, label)).toBeGreaterThan(0);
  const discount = await discountRow(main, label);
  expect(Math.abs(discount - subtotal / 10)).toBeLessThanOrEqual(1);
  // One line, so its savings are the whole discount.
  await expect.poll(() => lineSaving(line)).toBe(discount);
  const total = await amountAfter(main, 'Total');
  expect(total).toBe(subtotal - discount + (await amountAfter(main, 'Shipping')) + (await amountAfter(main, 'Tax')));

  // Kept across page loads (the httpOnly oc_code cookie), and checkout shows it in its own field.
  await page.reload();
  await expect(main.getByRole('status').filter({ hasText: 'Code WELCOME10 applied' })).toBeVisible();
  await expect.poll(() => discountRow(main, label)).toBe(discount);
  await goToCheckout(page);
  await expect(codeField(main)).toHaveValue('WELCOME10');
  await expect.poll(() => discountRow(main, label)).toBe(discount);
  await fillAddress(page, undefined, email);
  await expect.poll(() => amountAfter(main, 'Total').catch(() => -1)).toBe(total);
  await expect(payButton(page)).toHaveText(`Pay $${(total / 100).toFixed(2)}`);
  await fillCard(page, CARDS.visa);
  await payButton(page).click();
  const orderId = await confirmedOrderId(page);

  // The confirmation page: the discount row, the line's savings, the discounted total.
  const confirmation = page.getByRole('main');
  await expect(confirmation).toContainText(label);
  expect(await discountRow(confirmation, label)).toBe(discount);
  expect(await lineSaving(confirmation.getByRole('row').filter({ hasText: product!.name }))).toBe(discount);
  expect(await amountAfter(confirmation, 'Total')).toBe(total);

  // The order as the admin API has it.
  const placed = await order(orderId);
  expect(placed.status).toBe('paid');
  expect(placed.total).toBe(total);
  expect(placed.discount).toBe(discount);
  expect(placed.discounts?.map((entry) => [entry.kind, entry.code, entry.amount])).toEqual([['code', 'WELCOME10', discount]]);

  // The confirmation e-mail: the discount line (code and name), the line's savings and the discounted total.
  const [mail] = await inbox.waitForEmails({ to: email, subject: placed.number, count: 1, timeoutMs: 20_000 });
  expect(mail!.text).toContain(`$${(total / 100).toFixed(2)}`);
  expect(mail!.text).toContain('Discount (WELCOME10 · ');
  expect(mail!.text).toContain(`You save −$${(discount / 100).toFixed(2)}`);

  // Redeemed: the next cart starts without a code.
  await addToCart(page, product!.slug);
  await page.goto('/cart');
  await expect(codeField(main)).toHaveValue('');
  await expect(main).not.toContainText(label);
});

test('an expired code shows promotions’ reason next to the field, and is not kept', async ({ page }) => {
  const code = uniqueCode('E2EOLD');
  await createPromotion({
    kind: 'code',
    name: 'E2E expired',
    discountType: 'percent',
    percentOff: 10,
    code,
    startsAt: new Date(Date.now() - 3 * DAY).toISOString(),
    endsAt: new Date(Date.now() - DAY).toISOString(),
  });
  const [product] = await inStockProducts('shaving-grooming');
  await addToCart(page, product!.slug);
  await page.goto('/cart');
  const main = page.getByRole('main');
  await expect.poll(() => amountAfter(main, 'Total').catch(() => -1)).toBeGreaterThan(0);
  const total = await amountAfter(main, 'Total');

  await codeField(main).fill(code);
  await codeField(main).press('Enter');
  const alert = main.getByRole('alert').filter({ hasText: 'This code has expired' });
  await expect(alert).toBeVisible();
  await expect(codeField(main)).toHaveAttribute('aria-invalid', 'true');
  await expect(codeField(main)).toHaveAccessibleDescription(/This code has expired/);
  expect(await amountAfter(main, 'Total')).toBe(total);
  await expect(main).not.toContainText(`Discount (${code}`);

  await page.reload();
  await expect(codeField(main)).toHaveValue('');
  await expect(main.getByRole('alert')).toHaveCount(0);
});

test('a code used up between the cart and Pay: the 409’s reason at the field, the form kept, pay without it', async ({ page }) => {
  const code = uniqueCode('E2EONCE');
  await createPromotion({ kind: 'code', name: 'E2E one use', discountType: 'percent', percentOff: 20, code, usageLimit: 1 });
  const [product, other] = await inStockProducts('hair-care');
  const email = uniqueEmail('used-up');
  await addToCart(page, product!.slug);
  await page.goto('/cart');
  const main = page.getByRole('main');
  await codeField(main).fill(code);
  await applyButton(main).click();
  await expect.poll(() => discountRow(main, `Discount (${code}, 20 % off)`)).toBeGreaterThan(0);

  await goToCheckout(page);
  await expect(codeField(main)).toHaveValue(code);
  await fillAddress(page, undefined, email);
  await fillCard(page, CARDS.visa);
  // Someone else uses the only redemption meanwhile.
  await guestOrder([other!.id], uniqueEmail('used-up-first'), code);

  await payButton(page).click();
  const alert = main.getByRole('alert').filter({ hasText: /usage limit|already been used/i });
  await expect(alert).toBeVisible({ timeout: 20_000 });
  await expect(codeField(main)).toHaveAccessibleDescription(/usage limit|already been used/i);
  await expect(page).toHaveURL(/\/checkout$/);
  await expect(field(page, 'Full name')).toHaveValue('Ada Shopper');
  await expect(field(page, 'Card number')).not.toHaveValue('');

  await removeCodeButton(main, code).click();
  await expect(main).not.toContainText(`Discount (${code}`);
  await expect(alert).toHaveCount(0);
  await expect.poll(() => amountAfter(main, 'Total').catch(() => -1)).toBeGreaterThan(0);
  const total = await amountAfter(main, 'Total');
  await payButton(page).click();
  const orderId = await confirmedOrderId(page);
  const placed = await order(orderId);
  expect(placed.status).toBe('paid');
  expect(placed.total).toBe(total);
  expect(placed.discount ?? 0).toBe(0);
});

test('an automatic promotion: its badge on the listing and product page, its row in the cart', async ({ page }) => {
  test.setTimeout(150_000);
  const [product] = await inStockProducts('notebooks');
  const name = `E2E notebook week ${randomUUID().slice(0, 6)}`;
  const promotion = await createPromotion({ kind: 'automatic', name, discountType: 'percent', percentOff: 15, scope: 'products', productIds: [product!.id] });
  try {
    expect(promotion.label).toBe('15 % off');
    // Live promotions are cached briefly (PROMOTIONS_REVALIDATE_SECONDS: 2 s in this suite, 60 s by default).
    const card = page.getByRole('article').filter({ has: page.locator(`a[href="/products/${product!.slug}"]`) });
    await expect(async () => {
      // The cheapest in-stock first, as inStockProducts chose it: on the first page of the listing.
      await page.goto('/categories/notebooks?sort=price_asc&inStock=1');
      await expect(card.getByText('15 % off')).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 90_000, intervals: [2_000] });
    await expect(card).toContainText(name); // the promotion's name, for screen readers

    await page.goto(`/products/${product!.slug}`);
    await expect(page.getByRole('main').getByText(`${name}. Taken off automatically in your cart.`)).toBeVisible();

    await addToCart(page, product!.slug);
    await page.goto('/cart');
    const main = page.getByRole('main');
    await expect.poll(() => discountRow(main, `${name} (15 % off)`)).toBeGreaterThan(0);
    expect(await lineSaving(cartLine(page, product!))).toBe(await discountRow(main, `${name} (15 % off)`));
  } finally {
    await deactivatePromotion(promotion.id);
  }
});
