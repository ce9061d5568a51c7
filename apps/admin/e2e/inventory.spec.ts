import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { someSku } from './support/api';
import { signIn } from './support/admin';

test('setting a SKU to 0 with a reason shows in its movement history', async ({ page }) => {
  const sku = await someSku();
  const reason = `stock count ${randomUUID().slice(0, 6)}`;
  await signIn(page);
  await page.goto(`/inventory?q=${encodeURIComponent(sku)}`);
  await page.getByRole('row').filter({ hasText: sku }).getByRole('link', { name: sku }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Stock of ${sku}` })).toBeVisible();

  const form = page.getByRole('form', { name: 'Set stock' });
  await form.getByLabel('New number on hand').fill('0');
  await form.getByRole('button', { name: 'Save stock' }).click();
  await expect(form.getByText('Say why the stock changes')).toBeVisible();
  await form.getByLabel('Reason').fill(reason);
  await form.getByRole('button', { name: 'Save stock' }).click();
  await expect(form.getByText(`${sku}: 0 on hand.`)).toBeVisible();

  const latest = page.getByRole('table', { name: /Movements of/ }).getByRole('row').nth(1);
  await expect(latest).toContainText('Set by staff');
  await expect(latest).toContainText(reason);
  await expect(latest.getByRole('cell').nth(3)).toHaveText('0'); // on hand after

  // The audit log (its own read model, fed by inventory's events) has the change: on the SKU's page and in the log.
  const history = page.getByRole('table', { name: 'Change history' });
  await expect(async () => {
    await page.reload();
    await expect(history.getByRole('row').nth(1)).toContainText(reason, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(history.getByRole('row').nth(1)).toContainText('admin@omnicart.test');
  await page.goto(`/audit?entityType=stock&entityId=${encodeURIComponent(sku)}`);
  const entry = page.getByRole('table', { name: 'Audit log' }).getByRole('row').filter({ hasText: reason });
  await expect(entry).toContainText('Stock set');
  await expect(entry).toContainText(/On hand: \d+ → 0/);
  await entry.getByRole('link', { name: sku }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Stock of ${sku}` })).toBeVisible();

  // The low-stock filter lists it (narrowed to this SKU: the demo stock has ~120 sold-out SKUs, more than a
  // page, so a page of all of them tied at 0 need not hold this one).
  await page.goto(`/inventory?lowStock=1&q=${encodeURIComponent(sku)}&sort=available_asc`);
  await expect(page.getByRole('row').filter({ hasText: sku })).toContainText('Out of stock');
});

test('the stock CSV export streams the current filter', async ({ page }) => {
  const sku = await someSku();
  await signIn(page);
  await page.goto(`/inventory?q=${encodeURIComponent(sku)}`);
  const href = await page.getByRole('link', { name: /Export CSV/ }).getAttribute('href');
  expect(href).toBe(`/inventory/export.csv?q=${encodeURIComponent(sku)}`);
  const csv = await page.request.get(href!);
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
  const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
  expect(lines[0]).toBe('SKU,On hand,Reserved,Available,Low-stock threshold,Low on stock,Updated at');
  expect(lines.slice(1).some((line) => line.startsWith(`${sku},`))).toBe(true);
  expect(lines.slice(1).every((line) => line.startsWith(sku))).toBe(true);
});
