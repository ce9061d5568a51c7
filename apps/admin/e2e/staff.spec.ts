import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { accessTokenOf, rawCall } from './support/api';
import { signIn } from './support/admin';

/**
 * Staff management end to end: the owner invites an order manager, who sets a password through the
 * invitation link in a browser of their own and signs in with the order manager's view; then the
 * owner disables them and their open session ends.
 */
test.describe.configure({ mode: 'serial' });

test.describe('staff invitations and access', () => {
  const invited = { email: `orders-${randomUUID().slice(0, 8)}@example.com`, name: 'Olive Orders', password: 'orders-pass-1234' };

  test('an invited order manager sets a password, sees orders but not staff, and the API refuses a product write', async ({ page, browser }) => {
    await signIn(page);
    await page.goto('/staff');
    const invite = page.getByRole('form', { name: 'Invite staff' });
    await invite.getByRole('button', { name: 'Send invitation' }).click();
    await expect(invite.getByText('Enter their email address')).toBeVisible();
    await invite.getByLabel('Email').fill(invited.email);
    await invite.getByLabel('Name').fill(invited.name);
    await invite.getByLabel('Role').selectOption({ label: 'Order manager' });
    await invite.getByRole('button', { name: 'Send invitation' }).click();
    const linkField = page.getByLabel('Invitation link');
    await expect(linkField).toHaveValue(/\/invitation\/[^/]+$/);
    await expect(page.getByText('only this once')).toBeVisible();
    const link = await linkField.inputValue();
    await expect(page.getByRole('table', { name: 'Pending invitations' }).getByRole('row').filter({ hasText: invited.email })).toBeVisible();

    // The invited person: a browser of their own, no session.
    const theirs = await browser.newContext();
    const them = await theirs.newPage();
    await them.goto(link);
    await expect(them.getByRole('heading', { level: 1, name: 'Join OmniCart admin' })).toBeVisible();
    await expect(them.getByTestId('invited-email')).toHaveText(invited.email);
    await expect(them.getByText('You are invited as')).toContainText('Order manager');
    await them.getByLabel('Password', { exact: true }).fill('short');
    await them.getByLabel('Confirm password').fill('short');
    await them.getByRole('button', { name: 'Set password and continue' }).click();
    await expect(them.getByText('Password must be at least 8 characters')).toBeVisible();
    await them.getByLabel('Password', { exact: true }).fill(invited.password);
    await them.getByLabel('Confirm password').fill(invited.password);
    await them.getByRole('button', { name: 'Set password and continue' }).click();
    await expect(them).toHaveURL(/\/login\?joined=1/, { timeout: 30_000 });
    await expect(them.getByText('Your password is set')).toBeVisible();
    await signIn(them, invited, '/login');

    // Order managers read products (ROLE_PERMISSIONS: every staff role has products:read) but may
    // not change them; the section they lack here is Staff.
    await expect(them.getByRole('banner')).toContainText('Order manager');
    const nav = them.getByRole('navigation', { name: 'Admin sections' });
    await expect(nav.getByRole('link', { name: 'Orders' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Staff' })).toHaveCount(0);
    await them.goto('/staff');
    await expect(them.getByRole('heading', { level: 1, name: 'You’re not allowed to open this page' })).toBeVisible();

    // The link works once.
    const again = await (await browser.newContext()).newPage();
    await again.goto(link);
    await expect(again.getByRole('heading', { level: 1, name: 'This invitation link no longer works' })).toBeVisible();
    await again.context().close();

    // Not just hidden: the API refuses the order manager a product write.
    const token = await accessTokenOf(invited);
    const refused = await rawCall('/api/v1/products', {
      method: 'POST',
      token,
      body: JSON.stringify({ name: 'Not allowed', slug: `not-allowed-${randomUUID().slice(0, 8)}`, sku: `NA-${randomUUID().slice(0, 8)}`, price: 100, currency: 'USD' }),
    });
    expect(refused.status).toBe(403);
    await theirs.close();
  });

  test('disabling a staff member signs their open session out', async ({ page, browser }) => {
    const theirs = await browser.newContext();
    const them = await theirs.newPage();
    await signIn(them, invited, '/login');
    await them.goto('/orders');
    await expect(them.getByRole('heading', { level: 1, name: 'Orders' })).toBeVisible();

    await signIn(page);
    await page.goto(`/staff?q=${encodeURIComponent(invited.email)}`);
    const row = page.getByRole('row').filter({ hasText: invited.email });
    await row.getByRole('button', { name: `Disable ${invited.name}…` }).click();
    await expect(row.getByRole('alert')).toContainText('signed out everywhere');
    await row.getByRole('button', { name: 'Yes, disable' }).click();
    await expect(row).toContainText('Disabled');

    // Their token is refused within seconds: the next page load is the sign-in page.
    await expect(async () => {
      await them.reload();
      await expect(them).toHaveURL(/\/login/, { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await expect(them.getByRole('heading', { level: 1, name: 'Sign in to OmniCart admin' })).toBeVisible();
    await theirs.close();
  });
});
