import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expect, test, type Browser } from '@playwright/test';
import { OWNER, accessTokenOf, createPromotion, inStockProducts, order, promotion, rawCall } from './support/api';
import { openOrder, signIn } from './support/admin';
import { GATEWAY_URL, STOREFRONT_URL } from './support/env';

/**
 * Promotions end to end: the owner creates a 15 % code in the admin (the form's own refusal and the
 * API's 409 for a taken code beside their fields), finds it in the list, generates 5 single-use
 * codes and downloads the codes as CSV; a shopper then uses the shared code in the storefront (cart,
 * code field, guest checkout with the test card), and the admin counts the use and
 * shows the discount on the order's page.
 */
/** A guest buys one fragrance (a category no other admin spec shops in) with `code` in the storefront; the order id. */
async function shopWithCode(browser: Browser, code: string): Promise<string> {
  const [product] = await inStockProducts('fragrance', 1);
  const context = await browser.newContext({ baseURL: STOREFRONT_URL });
  const shop = await context.newPage();
  try {
    const main = shop.getByRole('main');
    const field = (name: string) => main.getByRole('textbox', { name, exact: true }).or(main.getByRole('combobox', { name, exact: true }));
    await shop.goto(`/products/${product!.slug}`);
    await main.getByRole('button', { name: /add to cart/i }).click();
    await expect(shop.getByRole('status').filter({ hasText: /added to (your )?cart/i }).first()).toBeVisible();
    await shop.goto('/cart');
    await field('Discount code').fill(code);
    await main.getByRole('button', { name: 'Apply', exact: true }).click();
    await expect(main.getByRole('status').filter({ hasText: `Code ${code.toUpperCase()} applied: 15 % off` })).toBeVisible();
    await main.getByRole('link', { name: /checkout/i }).or(main.getByRole('button', { name: /checkout/i })).first().click();
    await expect(shop).toHaveURL(/\/checkout$/);
    await expect(field('Discount code')).toHaveValue(code.toUpperCase());
    await field('Email').fill(`promo-shopper-${randomUUID().slice(0, 8)}@example.com`);
    await field('Full name').fill('Avery Shopper');
    await field('Address line 1').fill('1 Main St');
    await field('City').fill('Springfield');
    await field('Postal code').fill('12345');
    const country = main.getByRole('combobox', { name: 'Country', exact: true });
    if (await country.count()) await country.selectOption('US');
    else await field('Country').fill('US');
    await field('Card number').fill('4242 4242 4242 4242');
    await field('Expiry').fill('12/34');
    await field('CVC').fill('123');
    await main.getByRole('button', { name: /^(pay|place (your )?order)/i }).click();
    await expect(shop).toHaveURL(/\/checkout\/confirmation\/[^/?#]+/, { timeout: 30_000 });
    await expect(main).toContainText(`Discount (${code.toUpperCase()}, 15 % off)`);
    return decodeURIComponent(/\/checkout\/confirmation\/([^/?#]+)/.exec(shop.url())![1]!);
  } finally {
    await context.close();
  }
}

test('a 15 % code: created, listed, 5 codes generated and exported, used by a shopper in the storefront, counted and shown on the order', async ({ page, browser }) => {
  const tag = randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase();
  const name = `E2E 15 % off ${tag}`;
  const code = `E2E15${tag}`;

  await signIn(page);
  await page.goto('/promotions');
  await expect(page.getByRole('heading', { level: 1, name: 'Promotions' })).toBeVisible();
  await page.getByRole('link', { name: 'New promotion' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New promotion' })).toBeVisible();

  // The admin's own check: a percentage above 100 is refused beside its field, nothing is sent.
  const form = page.getByRole('form', { name: 'The promotion' });
  await form.getByLabel('Name').fill(name);
  await form.getByRole('textbox', { name: 'Percentage off' }).fill('150');
  await form.getByLabel('Shared code').fill(code.toLowerCase());
  await form.getByRole('button', { name: 'Create promotion' }).click();
  await expect(form.getByRole('textbox', { name: 'Percentage off' })).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByText('A percentage from 0.01 to 100, at most two decimals (like 15 or 12.5)')).toBeVisible();

  await form.getByRole('textbox', { name: 'Percentage off' }).fill('15');
  await expect(form.getByLabel('Name')).toHaveValue(name);
  await form.getByRole('button', { name: 'Create promotion' }).click();
  await expect(page).toHaveURL(/\/promotions\/[0-9a-f-]{36}\?created=1$/, { timeout: 20_000 });
  await expect(page.getByText('Promotion created.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  const promotionId = /\/promotions\/([0-9a-f-]{36})/.exec(page.url())![1]!;

  // The same code again: promotions' 409 shows beside the code field.
  await page.goto('/promotions/new');
  const again = page.getByRole('form', { name: 'The promotion' });
  await again.getByLabel('Name').fill(`${name} (twin)`);
  await again.getByRole('textbox', { name: 'Percentage off' }).fill('10');
  await again.getByLabel('Shared code').fill(code);
  await again.getByRole('button', { name: 'Create promotion' }).click();
  await expect(again.getByLabel('Shared code')).toHaveAttribute('aria-invalid', 'true');
  await expect(again.getByText(`The code ${code} already exists; choose another`)).toBeVisible();

  // The list finds it by its code, with what it takes off and no use yet.
  await page.goto('/promotions');
  await page.getByRole('search', { name: 'Filter the promotions' }).getByLabel('Name or code').fill(code);
  await page.getByRole('search', { name: 'Filter the promotions' }).getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]q=${code}`));
  const row = page.getByRole('table', { name: /Promotions/ }).getByRole('row').filter({ hasText: name });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole('cell', { name: code })).toBeVisible();
  await expect(row.getByRole('cell', { name: '15 % off', exact: true })).toBeVisible();
  await expect(row.getByText('Active', { exact: true })).toBeVisible();
  await expect(row.getByTestId('promotion-used')).toHaveText('0 / ∞');

  // Five single-use codes, shown as a new batch, then every code in the CSV.
  await row.getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  const generate = page.getByRole('form', { name: 'Generate codes' });
  await generate.getByLabel('How many').fill('5');
  await generate.getByLabel('Prefix').fill('e2e');
  await generate.getByRole('button', { name: 'Generate codes' }).click();
  await expect(generate.getByText('5 new codes, each usable once.')).toBeVisible({ timeout: 20_000 });
  const batch = (await generate.getByTestId('new-codes').getByRole('listitem').allTextContents()).map((text) => text.trim());
  expect(batch).toHaveLength(5);
  for (const generated of batch) expect(generated).toMatch(/^E2E-[A-Z0-9]{10}$/);
  await expect(page.getByText('6 codes in all.')).toBeVisible();

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const csv = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '');
  const lines = csv.split(/\r?\n/).filter(Boolean);
  expect(lines[0]).toBe('code,batch_id,usage_limit,used,created_at');
  expect(lines).toHaveLength(7);
  const codesInFile = lines.slice(1).map((line) => line.split(',')[0]);
  expect(codesInFile).toEqual(expect.arrayContaining([code, ...batch]));

  // A shopper uses the shared code in the storefront (beside the admin): cart, code, guest checkout, the test card.
  const placed = await order(await shopWithCode(browser, code.toLowerCase()));
  expect(placed.discounts).toEqual([expect.objectContaining({ promotionId, code, name, label: '15 % off' })]);
  expect(placed.discount).toBe(Math.round(placed.subtotal * 0.15));
  expect((await order(placed.id)).items[0]!.discount).toBe(placed.discount);

  // The admin counts the use (reserved at checkout, committed once paid: the redemption is counted when the event arrives).
  await page.goto(`/promotions?q=${code}`);
  await expect(page.getByRole('table', { name: /Promotions/ }).getByRole('row').filter({ hasText: name }).getByTestId('promotion-used')).toHaveText('1 / ∞');
  await expect.poll(async () => (await promotion(promotionId)).stats.redemptions, { timeout: 30_000 }).toBe(1);
  await page.goto(`/promotions/${promotionId}`);
  await expect(page.getByTestId('promotion-redemptions')).toHaveText('1');

  // The order's page: the promotion, its code and amount, the line's part and the totals' row.
  await openOrder(page, placed.id);
  const discounts = page.getByRole('table', { name: 'Promotions applied to this order' });
  const applied = discounts.getByRole('row').filter({ hasText: name });
  await expect(applied).toHaveCount(1);
  const amount = `−${new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(placed.discount / 100)}`;
  await expect(applied.getByRole('cell', { name: code })).toBeVisible();
  await expect(applied.getByRole('cell', { name: amount })).toBeVisible();
  await expect(page.getByTestId('order-discount')).toHaveText(amount);
  const items = page.getByRole('region', { name: 'Items' });
  await expect(items.getByRole('columnheader', { name: 'Discount' })).toBeVisible();
  await expect(items.getByRole('cell', { name: amount })).toBeVisible();

  // An edit (a usage limit now that it is in use), then deactivated: the list says so.
  await page.goto(`/promotions/${promotionId}`);
  const edit = page.getByRole('form', { name: 'Edit the promotion' });
  await edit.getByLabel('Usage limit').fill('100');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(edit.getByText(`Saved ${name}.`)).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('promotion-used')).toHaveText('1 / 100');
  await page.getByRole('form', { name: 'Deactivate' }).getByRole('button', { name: 'Deactivate' }).click();
  await expect(page.getByText('Deactivated: no new order can use it.')).toBeVisible({ timeout: 20_000 });
  await page.goto(`/promotions?q=${code}&state=inactive`);
  const inactive = page.getByRole('table', { name: /Promotions/ }).getByRole('row').filter({ hasText: name });
  await expect(inactive.getByText('Inactive', { exact: true })).toBeVisible();
  await expect(inactive.getByTestId('promotion-used')).toHaveText('1 / 100');
});

/** A new account given a staff role by the owner (as reports.spec.ts does), ready to sign in. */
async function staffMember(role: 'analyst' | 'order_manager'): Promise<{ email: string; password: string }> {
  const account = { email: `promo-${role}-${randomUUID().slice(0, 8)}@example.com`, password: 'promotions-pass-1234' };
  const registered = await fetch(`${GATEWAY_URL}/api/v1/users/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...account, name: `Promo ${role}` }) });
  expect(registered.status).toBe(201);
  const { id } = (await registered.json()) as { id: string };
  const promoted = await rawCall(`/api/v1/users/${id}`, { method: 'PUT', token: await accessTokenOf(OWNER), body: JSON.stringify({ staffRole: role }) });
  expect(promoted.status).toBe(200);
  return account;
}

test('an analyst reads promotions without any way to change them; an order manager sees no Promotions section', async ({ page, browser }) => {
  const tag = randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase();
  const created = await createPromotion({ kind: 'code', name: `Read only ${tag}`, discountType: 'free_shipping', code: `RO${tag}` });

  const analyst = await staffMember('analyst');
  await signIn(page, analyst);
  await expect(page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Promotions' })).toBeVisible();
  await page.goto(`/promotions?q=RO${tag}`);
  await expect(page.getByRole('table', { name: /Promotions/ }).getByRole('row').filter({ hasText: `Read only ${tag}` })).toHaveCount(1);
  await expect(page.getByRole('link', { name: 'New promotion' })).toHaveCount(0);
  await page.goto(`/promotions/${created.id}`);
  await expect(page.getByRole('heading', { level: 1, name: `Read only ${tag}` })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Paid orders' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Export CSV' })).toBeVisible();
  await expect(page.getByRole('form', { name: 'Edit the promotion' })).toHaveCount(0);
  await expect(page.getByRole('form', { name: 'Generate codes' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Deactivate|Reactivate/ })).toHaveCount(0);
  expect((await page.goto('/promotions/new'))?.status()).toBe(403);
  const refused = await rawCall('/api/v1/promotions', { method: 'POST', token: await accessTokenOf(analyst), body: JSON.stringify({ kind: 'code', name: 'Nope', discountType: 'free_shipping' }) });
  expect(refused.status).toBe(403);

  const manager = await staffMember('order_manager');
  const them = await browser.newPage();
  await signIn(them, manager);
  await expect(them.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Orders' })).toBeVisible();
  await expect(them.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Promotions' })).toHaveCount(0);
  expect((await them.goto('/promotions'))?.status()).toBe(403);
  expect((await them.goto(`/promotions/${created.id}`))?.status()).toBe(403);
  expect((await them.request.get(`/promotions/${created.id}/codes.csv`)).status()).toBe(403);
  await them.close();
});

test('an automatic promotion on a product picked by its SKU, scheduled on the store’s clock', async ({ page }) => {
  const [product] = await inStockProducts('lighting', 1);
  const name = `E2E scheduled ${randomUUID().slice(0, 8)}`;
  const next = new Date().getUTCFullYear() + 1;
  await signIn(page);
  await page.goto('/promotions/new');
  const form = page.getByRole('form', { name: 'The promotion' });
  await form.getByLabel('Name').fill(name);
  await form.getByRole('radio', { name: 'Automatic: applies by itself' }).check();
  await expect(form.getByLabel('Shared code')).toHaveCount(0);
  await form.getByRole('radio', { name: 'Fixed amount off' }).check();
  await form.getByRole('textbox', { name: 'Amount off (USD)' }).fill('2.50');
  await expect(form.getByText('$2.50 off the eligible lines')).toBeVisible();
  await form.getByRole('radio', { name: 'Some products' }).check();
  // Nothing chosen yet: refused beside the products.
  await form.getByRole('button', { name: 'Create promotion' }).click();
  await expect(form.getByText('Choose at least one product')).toBeVisible();
  await form.getByRole('searchbox', { name: 'Find a product' }).fill(product!.sku);
  await form.getByRole('searchbox', { name: 'Find a product' }).press('Enter');
  await form.getByRole('list', { name: 'Products found' }).getByRole('button', { name: `Add ${product!.name}` }).click();
  await expect(form.getByRole('list', { name: 'Chosen products' })).toContainText(product!.sku);
  await form.getByLabel('Starts').fill(`${next}-06-01T09:00`);
  await form.getByLabel('Ends').fill(`${next}-05-01T09:00`);
  await form.getByRole('button', { name: 'Create promotion' }).click();
  await expect(form.getByText('The end must be after the start')).toBeVisible();
  await form.getByLabel('Ends').fill(`${next}-06-30T18:00`);
  await form.getByRole('button', { name: 'Create promotion' }).click();
  await expect(page).toHaveURL(/\/promotions\/[0-9a-f-]{36}\?created=1$/, { timeout: 20_000 });
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByText('Scheduled', { exact: true })).toBeVisible();
  await expect(page.getByText(`Products: ${product!.name} (${product!.sku})`)).toBeVisible();
  await expect(page.getByText(new RegExp(`From Jun 1, ${next}, 09:00 .+ until Jun 30, ${next}, 18:00`))).toBeVisible();
  // The edit form shows the times as typed (the store's clock) and an automatic promotion has no codes.
  const edit = page.getByRole('form', { name: 'Edit the promotion' });
  await expect(edit.getByLabel('Starts')).toHaveValue(`${next}-06-01T09:00`);
  await expect(page.getByRole('form', { name: 'Generate codes' })).toHaveCount(0);
});
