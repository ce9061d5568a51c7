import { expect, test, type Page } from '@playwright/test';
import { inboxClient } from '@omnicart/api/dev-inbox';
import { order, placeGuestOrder } from './support/api';
import { MAIL_INBOX_URL } from './support/env';
import { openOrder, signIn } from './support/admin';

const money = (cents: number) => `$${(cents / 100).toFixed(2)}`;

async function refund(page: Page, amount: string): Promise<void> {
  const form = page.getByRole('form', { name: 'Refund' });
  await form.getByLabel('Part of the amount').check();
  await form.getByLabel('Amount (USD)').fill(amount);
  await form.getByRole('button', { name: 'Review refund…' }).click();
}

test.describe('orders', () => {
  test('a storefront guest order shows in the list; fulfil it with a tracking number, then mark it delivered', async ({ page }) => {
    const placed = await placeGuestOrder();
    await signIn(page);
    await page.goto('/orders');
    await expect(page.getByText(/^\d+ orders? · showing/)).toBeVisible();
    await expect(page.getByRole('link', { name: placed.number })).toBeVisible();
    // Search by the guest's email: the order is the only row, and the URL keeps the filter.
    await page.getByLabel('Search').fill(placed.email);
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(placed.email).replace(/\./g, '\\.')}`));
    await expect(page.getByRole('status').filter({ hasText: '1 order match' })).toBeVisible();
    const row = page.getByRole('row').filter({ hasText: placed.number });
    await expect(row).toContainText('Paid');
    await expect(row).toContainText(money(placed.total));
    await row.getByRole('link', { name: placed.number }).click();

    await expect(page.getByRole('heading', { level: 1, name: `Order ${placed.number} Paid` })).toBeVisible();
    await expect(page.getByRole('link', { name: placed.email })).toBeVisible();
    const fulfil = page.getByRole('form', { name: 'Fulfil' });
    await fulfil.getByRole('button', { name: 'Mark as fulfilled' }).click();
    await expect(fulfil.getByText('Enter the tracking number')).toBeVisible();
    await fulfil.getByLabel('Carrier').selectOption('UPS');
    await fulfil.getByLabel('Tracking number').fill('1Z999AA10123456784');
    await fulfil.getByRole('button', { name: 'Mark as fulfilled' }).click();
    await expect(page.getByRole('heading', { level: 1, name: `Order ${placed.number} Fulfilled` })).toBeVisible();
    await expect(page.getByTestId('tracking-number')).toHaveText('1Z999AA10123456784');
    // The order's own fields, not a note.
    expect(await order(placed.id)).toMatchObject({ carrier: 'UPS', trackingNumber: '1Z999AA10123456784' });
    // The guest's "has shipped" e-mail (in npm start's dev inbox) carries the carrier and the tracking number.
    const [shipped] = await inboxClient(MAIL_INBOX_URL).waitForEmails({ to: placed.email, subject: `${placed.number} has shipped`, count: 1, timeoutMs: 20_000 });
    expect(shipped!.text).toContain('1Z999AA10123456784');
    expect(shipped!.text).toContain('UPS');

    await page.getByRole('form', { name: 'Delivery' }).getByRole('button', { name: 'Mark as delivered' }).click();
    await expect(page.getByRole('heading', { level: 1, name: `Order ${placed.number} Delivered` })).toBeVisible();
    await expect(page.getByRole('form', { name: 'Fulfil' })).toHaveCount(0);
    expect((await order(placed.id)).status).toBe('delivered');
  });

  test('a partial refund shows the refunded amount and the status partially refunded', async ({ page }) => {
    const placed = await placeGuestOrder();
    await signIn(page);
    await openOrder(page, placed.id);
    await refund(page, '5.00');
    // The confirmation step: nothing is sent until it is confirmed.
    await expect(page.getByText('Refund $5.00?')).toBeVisible();
    expect((await order(placed.id)).amountRefunded).toBe(0);
    await page.getByRole('button', { name: 'Confirm refund of $5.00' }).click();
    await expect(page.getByRole('heading', { level: 1, name: `Order ${placed.number} Partially refunded` })).toBeVisible();
    await expect(page.getByTestId('amount-refunded')).toHaveText('−$5.00');
    await expect(page.getByText(`Up to ${money(placed.total - 500)} can still be refunded.`)).toBeVisible();
    const after = await order(placed.id);
    expect(after.status).toBe('partially_refunded');
    expect(after.amountRefunded).toBe(500);
  });

  test('an over-refund is refused with a message next to the amount', async ({ page }) => {
    const placed = await placeGuestOrder();
    await signIn(page);
    await openOrder(page, placed.id);
    await refund(page, ((placed.total + 1) / 100).toFixed(2));
    const amount = page.getByRole('form', { name: 'Refund' }).getByLabel('Amount (USD)');
    await expect(amount).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByText(`You can refund at most ${money(placed.total)}`)).toBeVisible();
    expect((await order(placed.id)).amountRefunded).toBe(0);
  });

  test('fulfilment with the keyboard only', async ({ page }) => {
    const placed = await placeGuestOrder();
    await signIn(page);
    await openOrder(page, placed.id);
    const carrier = page.getByRole('form', { name: 'Fulfil' }).getByLabel('Carrier');
    // From the page's start, Tab until the carrier has the focus (never clicking).
    await page.getByRole('link', { name: '← All orders' }).focus();
    for (let presses = 0; presses < 40 && !(await carrier.evaluate((element) => element === document.activeElement)); presses++) await page.keyboard.press('Tab');
    await expect(carrier).toBeFocused();
    await carrier.selectOption('FedEx'); // a <select> takes its option from the keyboard; Playwright sets it without a pointer
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('Tracking number')).toBeFocused();
    await page.keyboard.type('794612345678');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: `Order ${placed.number} Fulfilled` })).toBeVisible();
    await expect(page.getByTestId('tracking-number')).toHaveText('794612345678');
  });

  test('the CSV export streams the current filter', async ({ page }) => {
    const placed = await placeGuestOrder();
    await signIn(page);
    await page.goto(`/orders?q=${encodeURIComponent(placed.email)}`);
    const href = await page.getByRole('link', { name: /Export CSV/ }).getAttribute('href');
    expect(href).toBe(`/orders/export.csv?q=${encodeURIComponent(placed.email)}`);
    const csv = await page.request.get(href!);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(placed.number);
    expect(lines[1]).toContain(placed.email);
  });

  test('the packing slip lists the items without prices', async ({ page }) => {
    const placed = await placeGuestOrder();
    await signIn(page);
    await openOrder(page, placed.id);
    await page.getByRole('link', { name: 'Packing slip' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Packing slip' })).toBeVisible();
    await expect(page.getByText('Avery Guest')).toBeVisible();
    await expect(page.getByText(money(placed.total))).toHaveCount(0);
  });
});
