import { expect, test, type Page } from '@playwright/test';

/** The listing's result count, e.g. "81 products" / "81 results" / "Showing 1-24 of 81". */
async function resultCount(page: Page): Promise<number> {
  const count = page.getByRole('main').getByText(/\b\d[\d,]*\s+(products?|results?|items?)\b|\bof\s+\d[\d,]*\b/i).first();
  await expect(count).toBeVisible();
  const text = await count.innerText();
  const match = /(\d[\d,]*)\s+(?:products?|results?|items?)\b/i.exec(text) ?? /\bof\s+(\d[\d,]*)/i.exec(text);
  return Number(match?.[1]?.replace(/,/g, ''));
}

test('browsing a category: a facet link filters (URL and count change) and Back restores the listing', async ({ page }) => {
  await page.goto('/categories/headphones');
  await expect(page.getByRole('heading', { level: 1, name: /headphones/i })).toBeVisible();
  const all = await resultCount(page);
  expect(all).toBeGreaterThan(1);
  const grid = page.getByRole('main').getByRole('link', { name: /headphones|earbuds/i });
  await expect(grid.first()).toBeVisible();

  // A brand facet is a plain link that changes the URL (shareable, works without JavaScript).
  const facets = page.getByRole('main').getByRole('navigation', { name: /filter|facet|refine/i }).or(page.getByRole('complementary')).first();
  // (href is part of the URL contract: facets link to ?brand=…)
  const brandLink = facets.locator('a[href*="brand="]').first();
  await expect(brandLink).toBeVisible();
  await brandLink.click();
  await expect(page).toHaveURL(/[?&]brand=/);
  const filtered = await resultCount(page);
  expect(filtered).toBeGreaterThan(0);
  expect(filtered).toBeLessThan(all);

  await page.goBack();
  await expect(page).not.toHaveURL(/[?&]brand=/);
  expect(await resultCount(page)).toBe(all);
  await expect(grid.first()).toBeVisible();
});

test('search tolerates a typo: "headphnes" shows the corrected results', async ({ page }) => {
  await page.goto('/');
  const searchBox = page.getByRole('banner').getByRole('search').getByLabel(/search products/i);
  await searchBox.fill('headphnes');
  await searchBox.press('Enter');
  await expect(page).toHaveURL(/\/search\?(.*&)?q=headphnes/);
  // The page says what it searched for instead ("Showing results for headphones").
  await expect(page.getByRole('main').getByText(/results for\W*headphones|did you mean\W*headphones|showing.*headphones/i).first()).toBeVisible();
  expect(await resultCount(page)).toBeGreaterThan(0);
  await expect(page.getByRole('main').getByRole('link', { name: /headphones/i }).first()).toBeVisible();
});

test('search suggestions appear while typing and open a product', async ({ page }) => {
  await page.goto('/');
  const searchBox = page.getByRole('banner').getByRole('search').getByLabel(/search products/i);
  await searchBox.pressSequentially('headph', { delay: 30 });
  const listbox = page.getByRole('listbox');
  await expect(listbox).toBeVisible();
  const first = listbox.getByRole('option').first();
  await expect(first).toContainText(/headphones/i);
  await searchBox.press('ArrowDown');
  await searchBox.press('Enter');
  await expect(page).toHaveURL(/\/products\/[a-z0-9-]+|\/search\?/);
});
