import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { signIn } from './support/admin';

test('the owner saves the store settings; bad values are refused next to their fields', async ({ page }) => {
  await signIn(page);
  await page.goto('/settings');
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  const form = page.getByRole('form', { name: 'Settings' });
  const original = { name: await form.getByLabel('Store name').inputValue(), zone: await form.getByLabel('Time zone').inputValue() };

  // Field errors, from the shared schema, next to their fields; nothing saved.
  await form.getByLabel('Time zone').fill('Mars/Olympus_Mons');
  await form.getByLabel('Flat shipping (USD)').fill('four');
  await form.getByRole('button', { name: 'Add a country' }).click();
  const rows = form.getByRole('table', { name: 'Tax rate per country' }).getByRole('row');
  const added = rows.last();
  await added.getByRole('textbox').first().fill('X1');
  await form.getByRole('button', { name: 'Save settings' }).click();
  await expect(form.getByText('Choose an IANA time zone such as America/New_York or Europe/Berlin')).toBeVisible();
  await expect(form.getByText('Enter the flat shipping rate in dollars, like 4.99')).toBeVisible();
  await expect(form.getByText('Use a two-letter ISO country code in capitals')).toBeVisible();

  // Fixed (the new country row removed again), saved, and read back after a reload.
  const name = `E2E Store ${randomUUID().slice(0, 6)}`;
  await form.getByLabel('Time zone').fill(original.zone);
  await form.getByLabel('Flat shipping (USD)').fill('4.99');
  await rows.last().getByRole('button', { name: /^Remove/ }).click();
  await form.getByLabel('Store name').fill(name);
  await form.getByRole('button', { name: 'Save settings' }).click();
  await expect(form.getByText(/^Settings saved \(version \d+\)/)).toBeVisible();
  await page.reload();
  await expect(form.getByLabel('Store name')).toHaveValue(name);
  await expect(page.getByText(/Last saved .* \(version \d+\)\./)).toBeVisible();

  // Leave the store as it was.
  await form.getByLabel('Store name').fill(original.name);
  await form.getByRole('button', { name: 'Save settings' }).click();
  await expect(form.getByText(/^Settings saved/)).toBeVisible();
});
