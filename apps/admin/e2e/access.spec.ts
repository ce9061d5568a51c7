import { expect, test } from '@playwright/test';
import { CUSTOMER } from './support/api';
import { signIn } from './support/admin';

test.describe('who gets in', () => {
  test('the owner signs in and sees the dashboard with every section', async ({ page }) => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/login$/);
    await signIn(page);
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
    await expect(page.getByRole('term').filter({ hasText: /^Revenue$/ })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Revenue by day' })).toBeVisible();
    await expect(page.getByRole('term').filter({ hasText: /^Average order value$/ })).toBeVisible();
    const nav = page.getByRole('navigation', { name: 'Admin sections' });
    for (const label of ['Dashboard', 'Reports', 'Orders', 'Products', 'Inventory', 'Customers', 'Messages', 'Staff', 'Audit log', 'Settings']) {
      await expect(nav.getByRole('link', { name: new RegExp(`^${label}`) })).toBeVisible();
    }
    await expect(nav.getByRole('link', { name: 'Dashboard' })).toHaveAttribute('aria-current', 'page');
  });

  test('a signed-out visitor is sent to sign in and comes back to the page they asked for', async ({ page }) => {
    await page.goto('/orders?status=paid');
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Forders%3Fstatus%3Dpaid$/);
    await page.getByLabel('Email').fill('admin@omnicart.test');
    await page.getByLabel('Password').fill('omnicart-admin');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/orders\?status=paid$/);
    await expect(page.getByLabel('Status')).toHaveValue('paid');
  });

  test('a wrong password is refused with a message', async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel('Email').fill('admin@omnicart.test');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Could not sign you in' })).toContainText('The email or password is incorrect.');
  });

  test('a customer gets the no-access page at every URL, and no data', async ({ page }) => {
    await signIn(page, CUSTOMER);
    for (const path of ['/', '/orders', '/products', '/settings', '/orders/00000000-0000-4000-8000-000000000000', '/messages', '/messages/00000000-0000-4000-8000-000000000000']) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(403);
      await expect(page.getByRole('heading', { level: 1, name: 'You don’t have access to the OmniCart admin' })).toBeVisible();
      await expect(page.getByRole('navigation', { name: 'Admin sections' })).toHaveCount(0);
      await expect(page.locator('table')).toHaveCount(0);
      expect(await page.content(), path).not.toMatch(/OC-\d{8}/);
    }
    const csv = await page.request.get('/orders/export.csv');
    expect(csv.status()).toBe(403);
    expect(await csv.text()).not.toContain('OC-');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login/);
  });

  test('the command palette goes to a section by name from the keyboard', async ({ page }) => {
    await signIn(page);
    await page.keyboard.press('Control+k');
    const input = page.getByRole('combobox', { name: 'Go to a section' });
    await expect(input).toBeFocused();
    await input.fill('prod');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/products$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Products' })).toBeVisible();
  });

  test('the audit log is live: its filters live in the URL and it says entries cannot be changed', async ({ page }) => {
    await signIn(page);
    await page.goto('/audit?entityType=stock&actorEmail=admin%40omnicart.test');
    await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
    await expect(page.getByText('Coming soon in this release.')).toHaveCount(0);
    await expect(page.getByText('Entries cannot be edited or deleted.')).toBeVisible();
    const filters = page.getByRole('search', { name: 'Filter the audit log' });
    await expect(filters.getByLabel('Entity type')).toHaveValue('stock');
    await expect(filters.getByLabel('Staff e-mail')).toHaveValue('admin@omnicart.test');
    await expect(page.getByRole('status').filter({ hasText: /change/ })).toBeVisible();
  });
});
