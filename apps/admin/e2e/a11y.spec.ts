import { randomUUID } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { CUSTOMER, createPromotion, orderMessage, placeGuestOrder } from './support/api';
import { signIn } from './support/admin';

/**
 * axe-core on every admin page: no violation of impact "serious" or "critical"; the others
 * (moderate, minor) are printed so they stay visible without failing the run.
 */
async function audit(page: Page, name: string, exclude: string[] = []): Promise<void> {
  const builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']);
  for (const selector of exclude) builder.exclude(selector);
  const results = await builder.analyze();
  const describe = (v: (typeof results.violations)[number]) =>
    `${v.impact} ${v.id}: ${v.help} (${v.nodes.length}×: ${v.nodes
      .slice(0, 3)
      .map((n) => n.target.join(' '))
      .join(' | ')})`;
  const blocking = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const others = results.violations.filter((v) => !blocking.includes(v));
  if (others.length) console.log(`[axe] ${name}: ${others.length} minor/moderate\n  ${others.map(describe).join('\n  ')}`);
  expect.soft(blocking.map(describe), `serious/critical axe violations on ${name}`).toEqual([]);
}

test.describe('accessibility (axe)', () => {
  test('sign-in and the dashboard', async ({ page }) => {
    await page.goto('/login');
    await audit(page, 'login');
    await signIn(page);
    await audit(page, 'dashboard');
    await page.getByText('Revenue by day as a table').click();
    await audit(page, 'dashboard with the table open');
    await page.keyboard.press('Control+k');
    await audit(page, 'command palette');
  });

  test('orders, an order with field errors, the packing slip', async ({ page }) => {
    const placed = await placeGuestOrder();
    await signIn(page);
    await page.goto('/orders');
    await audit(page, 'orders');
    await page.goto(`/orders/${placed.id}`);
    await audit(page, 'order');
    await page.getByRole('form', { name: 'Fulfil' }).getByRole('button', { name: 'Mark as fulfilled' }).click();
    await expect(page.getByText('Enter the tracking number')).toBeVisible();
    await audit(page, 'order with field errors');
    await page.goto(`/orders/${placed.id}/packing-slip`);
    await audit(page, 'packing slip');
  });

  test('a message as sent (its sandboxed frame), and its resend answer', async ({ page }) => {
    const placed = await placeGuestOrder();
    const confirmation = await orderMessage(placed.id);
    await signIn(page);
    await page.goto(`/messages/${confirmation.id}`);
    await expect(page.getByRole('heading', { level: 1, name: /^Order confirmation/ })).toBeVisible();
    // The e-mail's own markup is the emails package's (its tests); axe cannot run inside a frame without scripts.
    const email = ['iframe[sandbox=""]'];
    await audit(page, 'message', email);
    await page.getByRole('button', { name: 'Resend message' }).click();
    // Queued again, or refused while the confirmation is still being sent: either answer is audited.
    await expect(page.getByText(/Queued again as a new message|Not resent/)).toBeVisible();
    await audit(page, 'message resent', email);
  });

  test('promotions: the list, the form with its errors, a promotion with its codes', async ({ page }) => {
    const tag = randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase();
    const created = await createPromotion({ kind: 'code', name: `A11y ${tag}`, discountType: 'fixed', amountOff: 500, code: `A11Y${tag}`, scope: 'order', minSubtotal: 2000 });
    await signIn(page);
    await page.goto('/promotions');
    await audit(page, 'promotions');
    await page.goto('/promotions/new');
    const form = page.getByRole('form', { name: 'The promotion' });
    await form.getByRole('radio', { name: 'Some categories' }).check();
    await form.getByRole('button', { name: 'Create promotion' }).click();
    await expect(form.getByText('Name is required')).toBeVisible();
    await audit(page, 'new promotion with field errors');
    await form.getByRole('radio', { name: 'Some products' }).check();
    await audit(page, 'new promotion, product picker');
    await page.goto(`/promotions/${created.id}`);
    const generate = page.getByRole('form', { name: 'Generate codes' });
    await generate.getByLabel('How many').fill('2');
    await generate.getByRole('button', { name: 'Generate codes' }).click();
    await expect(generate.getByText('2 new codes, each usable once.')).toBeVisible({ timeout: 20_000 });
    await audit(page, 'promotion with a new batch');
  });

  test('products, inventory, customers, staff and the sections still to come', async ({ page }) => {
    await signIn(page);
    await page.goto('/products');
    await audit(page, 'products');
    for (const path of ['/inventory', '/customers', '/messages', '/staff', '/audit', '/operations/dead-letters', '/settings']) {
      await page.goto(path);
      await audit(page, path);
    }
  });

  test('a customer, a SKU with its history, the invite form with its errors, an invitation link', async ({ page, browser }) => {
    await signIn(page);
    await page.goto('/customers');
    await page.getByRole('table', { name: 'Customers' }).getByRole('link').first().click();
    await expect(page.getByRole('heading', { name: 'Profile' })).toBeVisible();
    await audit(page, 'customer');
    await page.goto('/inventory');
    await page.getByRole('table', { name: 'Stock per SKU' }).getByRole('row').nth(1).getByRole('link').click();
    await expect(page.getByRole('heading', { name: /^Movement history/ })).toBeVisible();
    await audit(page, 'stock of a SKU');
    await page.goto('/staff');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await expect(page.getByText('Enter their email address')).toBeVisible();
    await audit(page, 'staff with invite field errors');
    const visitor = await (await browser.newContext()).newPage();
    await visitor.goto('/invitation/not-a-real-invitation-token-000');
    await expect(visitor.getByRole('heading', { level: 1, name: 'This invitation link no longer works' })).toBeVisible();
    await audit(visitor, 'invitation link that no longer works');
    await visitor.context().close();
  });

  test('the reports: the overview and every report with its charts and tables', async ({ page }) => {
    await signIn(page);
    for (const path of ['/reports', '/reports/sales', '/reports/sales?range=365d&granularity=month', '/reports/products', '/reports/funnel', '/reports/search', '/reports/retention', '/reports/recommendations', '/reports/promotions']) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await audit(page, path);
    }
  });

  test('the no-access page', async ({ page }) => {
    await signIn(page, CUSTOMER);
    await page.goto('/');
    await audit(page, 'no access');
  });

  test('campaigns: the list, a new campaign with its field errors and its preview', async ({ page }) => {
    await signIn(page);
    await page.goto('/campaigns');
    await audit(page, 'campaigns');
    await page.goto('/campaigns/new');
    await page.getByRole('button', { name: 'Save as draft' }).click();
    await expect(page.getByText('Name is required', { exact: true })).toBeVisible();
    // The e-mail's own markup is the emails package's (its tests); axe cannot run inside a frame without scripts.
    await audit(page, 'new campaign with field errors', ['iframe[sandbox=""]']);
    await page.getByLabel('Name').fill('Axe campaign');
    await page.getByLabel('Subject').fill('Axe');
    await page.getByLabel('Message (Markdown)').fill('Hello **there**');
    await page.getByLabel('Spent at least an amount').check();
    await page.getByLabel('Spent at least (USD)').fill('25');
    await expect(page.getByText(/^Reaches \d+ customers? who opted in$/)).toBeVisible({ timeout: 20_000 });
    await audit(page, 'new campaign with its preview', ['iframe[sandbox=""]']);
  });
});
