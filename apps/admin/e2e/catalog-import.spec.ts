import { randomUUID } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { signIn } from './support/admin';

/**
 * The catalog's staff tools: a CSV import with two bad rows shows both errors with their lines and
 * writes nothing, the corrected file imports (and again changes nothing); the category tree: create,
 * rename, the delete guard's message, delete.
 */

async function noSeriousAxeViolations(page: Page, name: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const blocking = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
  expect.soft(blocking, `serious/critical axe violations on ${name}`).toEqual([]);
}

async function chooseFile(page: Page, name: string, text: string): Promise<void> {
  await page.getByLabel('Product CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
}

test('a CSV import with two bad rows shows both errors and writes nothing; the corrected file imports once', async ({ page }) => {
  const tag = randomUUID().slice(0, 6).toUpperCase();
  const header = 'sku,name,description,price,currency,category,brand,status,attributes';
  const rows = (price: string, category: string) => [
    header,
    `E2E-${tag}-1,E2E Lantern ${tag},"Bright, light",24.50,USD,lighting,Lumio,active,colour=Green`,
    `E2E-${tag}-2,E2E Lamp ${tag},,${price},,lighting,,draft,`,
    `E2E-${tag}-3,E2E Chair ${tag},,45.00,,${category},,active,`,
  ];
  await signIn(page);
  await page.goto('/products');
  await page.getByRole('link', { name: 'Import CSV' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Import products' })).toBeVisible();

  await chooseFile(page, 'bad.csv', rows('eighty', 'no-such-category').join('\n'));
  const errors = page.getByRole('table', { name: 'Errors in the file, by line' });
  await expect(errors.getByRole('row').filter({ hasText: 'Line 3' })).toContainText('"eighty" is not a price');
  await expect(errors.getByRole('row').filter({ hasText: 'Line 4' })).toContainText('Unknown category "no-such-category"');
  await expect(page.getByRole('button', { name: 'Apply import' })).toBeDisabled();
  await noSeriousAxeViolations(page, 'import preview with errors');
  await page.goto(`/products?q=${encodeURIComponent(`E2E Lantern ${tag}`)}`);
  await expect(page.getByRole('row').filter({ hasText: `E2E-${tag}-1` })).toHaveCount(0);

  await page.goto('/products/import');
  const good = rows('89.00', 'bedding').join('\n');
  await chooseFile(page, 'good.csv', good);
  await expect(page.getByText('3 rows: 3 to create, 0 to update, 0 unchanged.')).toBeVisible();
  await page.getByRole('button', { name: 'Apply import' }).click();
  await expect(page.getByText('Imported good.csv: 3 created, 0 updated, 0 unchanged.')).toBeVisible();
  await expect(page.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');

  await chooseFile(page, 'good-again.csv', good);
  await expect(page.getByText('3 rows: 0 to create, 0 to update, 3 unchanged.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Apply import' })).toBeDisabled();
});

test('categories: create, rename, a refused delete with the reason, delete', async ({ page }) => {
  const name = `E2E Garden ${randomUUID().slice(0, 6)}`;
  await signIn(page);
  await page.goto('/products');
  await page.getByRole('link', { name: 'Categories' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Categories' })).toBeVisible();
  await noSeriousAxeViolations(page, 'categories');

  const create = page.getByRole('form', { name: 'New category' });
  await create.getByLabel('Name').fill(name);
  await create.getByRole('button', { name: 'Create category' }).click();
  await expect(page.getByText(`Created “${name}”`)).toBeVisible();

  // Its own row (other rows name it too: in their "Move" choices).
  const row = page.getByRole('listitem').filter({ has: page.getByRole('button', { name: `Delete ${name}`, exact: true }) });
  await row.getByText('Rename').click();
  await row.getByLabel(`New name for ${name}`).fill(`${name} Patio`);
  await row.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByText(`Renamed to “${name} Patio”`)).toBeVisible();

  // A category with products cannot go: the catalog's message is shown.
  await page.getByRole('button', { name: 'Delete Headphones', exact: true }).click();
  await expect(page.getByText(/"Headphones" still has \d+ products?.*Move its \d+ products? to another category first/)).toBeVisible();

  await page.getByRole('button', { name: `Delete ${name} Patio`, exact: true }).click();
  await expect(page.getByText(`Deleted “${name} Patio”.`)).toBeVisible();
  await expect(page.getByRole('button', { name: `Delete ${name} Patio`, exact: true })).toHaveCount(0);
});
