import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { CUSTOMER, accessTokenOf, orderMessage, placeGuestOrder, rawCall } from './support/api';
import { openOrder, signIn } from './support/admin';

/**
 * Messages (the delivery log): a guest's order confirmation found by its recipient, its content as
 * sent (in a sandboxed frame), a resend that reaches `sent`; the order's Messages panel; a customer's
 * communication preferences.
 */

/** Reloads until `check` passes: the sender works in the background (a message goes from queued to sent within seconds). */
async function eventually(page: Page, check: () => Promise<void>, timeout = 30_000): Promise<void> {
  await expect(async () => {
    await page.reload();
    await check();
  }).toPass({ timeout, intervals: [500, 1_000, 2_000] });
}

test.describe('messages', () => {
  test('find a guest’s order confirmation, read it as sent, resend it', async ({ page }) => {
    const placed = await placeGuestOrder();
    await signIn(page);
    await page.goto('/messages');
    await expect(page.getByRole('heading', { level: 1, name: 'Messages' })).toBeVisible();

    // The filters go into the URL (a plain GET form).
    const filters = page.getByRole('search', { name: 'Filter the messages' });
    await filters.getByLabel('Recipient').fill(placed.email);
    await filters.getByLabel('Template').selectOption({ label: 'Order confirmation' });
    await filters.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/template=order_confirmation/);
    await expect(page).toHaveURL(new RegExp(`recipient=${encodeURIComponent(placed.email)}`));

    const rows = page.getByRole('table', { name: 'Messages' }).getByTestId('message-row');
    await eventually(page, async () => {
      await expect(rows).toHaveCount(1, { timeout: 1_000 });
      await expect(rows.first().getByText('Sent', { exact: true })).toBeVisible({ timeout: 1_000 });
    });
    await expect(page.getByRole('status').filter({ hasText: '1 message match' })).toBeVisible();
    const row = rows.first();
    await expect(row.getByText('E-mail', { exact: true })).toBeVisible();
    // The list masks the address.
    await expect(row).not.toContainText(placed.email);
    await expect(row).toContainText(`${placed.number}`);

    await row.getByRole('link', { name: 'Order confirmation' }).click();
    await expect(page.getByRole('heading', { level: 1, name: /^Order confirmation/ })).toBeVisible();
    const originalUrl = page.url();
    await expect(page.getByTestId('message-recipient')).toHaveText(placed.email);
    await expect(page.getByRole('link', { name: 'Open the order' })).toHaveAttribute('href', `/orders/${placed.id}`);

    // The HTML as sent, in a frame with every sandbox restriction (no scripts, an opaque origin).
    const frame = page.locator('iframe[title="The order confirmation e-mail as sent"]');
    await expect(frame).toHaveAttribute('sandbox', '');
    await expect(frame.contentFrame().getByText(placed.number).first()).toBeVisible();
    await expect(page.getByTestId('message-text')).toContainText(placed.number);

    // Resend: a new message in the log, linked from the answer, that reaches sent too.
    await page.getByRole('button', { name: 'Resend message' }).click();
    await expect(page.getByText('Queued again as a new message.')).toBeVisible();
    await page.getByRole('link', { name: 'Open the new message' }).click();
    await expect(page).not.toHaveURL(originalUrl);
    await expect(page.getByRole('link', { name: 'The original message' })).toHaveAttribute('href', new URL(originalUrl).pathname);
    await eventually(page, async () => {
      await expect(page.getByRole('heading', { level: 1, name: 'Order confirmation Sent' })).toBeVisible({ timeout: 1_000 });
    });

    // Both are in the log now, the copy marked as resent.
    await page.goto(`/messages?template=order_confirmation&recipient=${encodeURIComponent(placed.email)}`);
    await expect(rows).toHaveCount(2);
    await expect(rows.filter({ hasText: '(resent)' })).toHaveCount(1);
  });

  test('the order page lists its messages', async ({ page }) => {
    const placed = await placeGuestOrder();
    const confirmation = await orderMessage(placed.id);
    await signIn(page);
    await openOrder(page, placed.id);
    const panel = page.getByRole('region', { name: 'Messages' });
    await expect(panel.getByRole('link', { name: 'Order confirmation' }).first()).toHaveAttribute('href', `/messages/${confirmation.id}`);
    await expect(panel.getByRole('link', { name: 'In the delivery log' })).toHaveAttribute('href', `/messages?orderId=${placed.id}`);
    await panel.getByRole('link', { name: 'In the delivery log' }).click();
    await expect(page.getByText('Showing the messages of this order only.')).toBeVisible();
    await expect(page.getByRole('table', { name: 'Messages' }).getByRole('link', { name: 'Order confirmation' }).first()).toBeVisible();
  });

  test('a customer’s communication preferences, read only, and their messages', async ({ page }) => {
    await signIn(page);
    await page.goto(`/customers?q=${encodeURIComponent(CUSTOMER.email)}`);
    await page.getByRole('table', { name: 'Customers' }).getByRole('link').first().click();
    const panel = page.getByRole('region', { name: 'Communication preferences' });
    await expect(panel).toBeVisible();
    await expect(panel.getByTestId('communication-preferences').or(panel.getByText(/No contact details yet/))).toBeVisible();
    await expect(panel.getByRole('button')).toHaveCount(0);
    await panel.getByRole('link', { name: 'Messages sent to this customer' }).click();
    await expect(page).toHaveURL(/\/messages\?userId=[0-9a-f-]{36}$/);
    await expect(page.getByText('Showing the messages of this customer only.')).toBeVisible();
  });

  test('an unknown message is the not-found page', async ({ page }) => {
    await signIn(page);
    const response = await page.goto('/messages/00000000-0000-4000-8000-000000000000');
    expect(response?.status()).toBe(404);
    const malformed = await page.goto('/messages/not-a-message');
    expect(malformed?.status()).toBe(404);
  });

  test('marketing staff (customers:read, no customers:write) read the log but get no Resend, and the API refuses them', async ({ page, browser }) => {
    const placed = await placeGuestOrder();
    const confirmation = await orderMessage(placed.id);
    const invited = { email: `marketing-${randomUUID().slice(0, 8)}@example.com`, name: 'Mia Marketing', password: 'marketing-pass-1234' };
    await signIn(page);
    await page.goto('/staff');
    const invite = page.getByRole('form', { name: 'Invite staff' });
    await invite.getByLabel('Email').fill(invited.email);
    await invite.getByLabel('Name').fill(invited.name);
    await invite.getByLabel('Role').selectOption({ label: 'Marketing' });
    await invite.getByRole('button', { name: 'Send invitation' }).click();
    const link = await page.getByLabel('Invitation link').inputValue();

    const theirs = await browser.newContext();
    const them = await theirs.newPage();
    await them.goto(link);
    await them.getByLabel('Password', { exact: true }).fill(invited.password);
    await them.getByLabel('Confirm password').fill(invited.password);
    await them.getByRole('button', { name: 'Set password and continue' }).click();
    await expect(them).toHaveURL(/\/login\?joined=1/, { timeout: 30_000 });
    await signIn(them, invited, '/login');
    await expect(them.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Messages' })).toBeVisible();
    await them.goto(`/messages/${confirmation.id}`);
    await expect(them.getByRole('heading', { level: 1, name: /^Order confirmation/ })).toBeVisible();
    await expect(them.getByRole('button', { name: 'Resend message' })).toHaveCount(0);

    const refused = await rawCall(`/api/v1/notifications/messages/${confirmation.id}/resend`, { method: 'POST', token: await accessTokenOf(invited) });
    expect(refused.status).toBe(403);
    await theirs.close();
  });
});
