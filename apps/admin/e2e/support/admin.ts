import { expect, type Page } from '@playwright/test';
import { OWNER } from './api';

/** Signs in through the admin's own /login form (next-auth credentials against identity). */
export async function signIn(page: Page, account: { email: string; password: string } = OWNER, path = '/login'): Promise<void> {
  await page.goto(path);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Identity hashes the password and the next page renders before the URL changes: slow on a busy 2-core machine.
  await expect(page).not.toHaveURL(/\/login/, { timeout: 30_000 });
}

/** The order's page, signed in as the owner. */
export async function openOrder(page: Page, orderId: string): Promise<void> {
  await page.goto(`/orders/${orderId}`);
  await expect(page.getByRole('heading', { level: 1, name: /^Order OC-/ })).toBeVisible();
}
