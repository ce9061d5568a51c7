import { expect, test } from '@playwright/test';
import { inboxClient } from '@omnicart/api/dev-inbox';
import { inStockProducts, setStock, stock } from './support/api';
import { MAIL_INBOX_URL } from './support/env';
import { CARDS, addToCart, amountAfter, confirmedOrderId, field, fillAddress, fillCard, goToCheckout, payButton, register, signIn, uniqueEmail } from './support/shop';

// What the shop e-mails, read back from the dev inbox `npm start` runs (SMTP 1025, JSON API on 1080).
const inbox = inboxClient(MAIL_INBOX_URL);
const linkIn = (text: string, path: string) => new RegExp(`(https?://[^\\s"<>]+${path}[^\\s"<>]*)`).exec(text)?.[1];

test('forgot password: the link from the e-mail sets a new password and signs the shopper in', async ({ page }) => {
  const email = uniqueEmail('forgot');
  await register(page, email);
  await page.context().clearCookies();

  await page.goto('/login');
  await page.getByRole('link', { name: /forgot your password/i }).click();
  await expect(page).toHaveURL(/\/forgot-password/);
  await field(page, 'Email').fill(email);
  await page.getByRole('main').getByRole('button', { name: /send|reset/i }).click();
  await expect(page.getByRole('status').filter({ hasText: /check your email/i })).toBeVisible();

  const [mail] = await inbox.waitForEmails({ to: email, subject: 'Reset your password', count: 1, timeoutMs: 20_000 });
  const link = linkIn(mail!.text, '/reset-password');
  expect(link).toBeDefined();
  await page.goto(link!);
  await field(page, 'New password').fill('a-brand-new-password-7');
  await field(page, 'Confirm new password').fill('a-brand-new-password-7');
  await page.getByRole('main').getByRole('button', { name: /password/i }).click();
  await expect(page).toHaveURL(/\/account/, { timeout: 20_000 });
  await expect(page.getByRole('heading', { level: 1, name: /your account/i })).toBeVisible();

  // The old password no longer works; the new one does; the change is confirmed by e-mail.
  await page.context().clearCookies();
  await signIn(page, email, 'a-brand-new-password-7');
  await inbox.waitForEmails({ to: email, subject: 'Your password was changed', count: 1, timeoutMs: 20_000 });
});

test('guest checkout: the confirmation e-mail shows the order number and total of the confirmation page', async ({ page }) => {
  const email = uniqueEmail('guest-mail');
  const [product] = await inStockProducts('running');
  await addToCart(page, product!.slug);
  await goToCheckout(page);
  await fillAddress(page, undefined, email);
  await fillCard(page, CARDS.visa);
  await payButton(page).click();
  await confirmedOrderId(page);
  const confirmation = page.getByRole('main');
  const number = (await confirmation.locator('strong').first().textContent())?.trim() ?? '';
  expect(number).toMatch(/\w+-\d+/);
  const total = await amountAfter(confirmation, 'Total');

  const [mail] = await inbox.waitForEmails({ to: email, subject: number, count: 1, timeoutMs: 20_000 });
  const shownTotal = `$${(total / 100).toFixed(2)}`;
  expect(mail!.text).toContain(number);
  expect(mail!.text).toContain(shownTotal);
  expect(mail!.html).toContain(shownTotal);
  expect(mail!.text).toContain(product!.name);
});

test('"E-mail me when it’s back": the restock sends the e-mail', async ({ page }) => {
  const email = uniqueEmail('restock');
  await register(page, email);
  const [product] = await inStockProducts('camping');
  const before = await stock(product!.sku);
  await setStock(product!.sku, before.reserved, 'e2e: sold out');
  try {
    const alert = page.getByRole('button', { name: /e-mail me when it.s back/i });
    await expect(async () => {
      await page.goto(`/products/${product!.slug}`);
      await expect(alert).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 30_000, intervals: [1_000] });
    await alert.click();
    await expect(page.getByRole('status').filter({ hasText: /we will e-mail you once/i })).toBeVisible();

    await setStock(product!.sku, before.onHand, 'e2e: restocked');
    const [mail] = await inbox.waitForEmails({ to: email, subject: `${product!.name} is back in stock`, count: 1, timeoutMs: 20_000 });
    expect(linkIn(mail!.text, `/products/${product!.slug}`)).toBeDefined();
  } finally {
    await setStock(product!.sku, before.onHand, 'e2e: restore');
  }
});

test('communication preferences: opt in to offers and SMS, see it kept, opt out again; a bad number is explained', async ({ page }) => {
  const email = uniqueEmail('prefs');
  await register(page, email);
  await page.goto('/account');
  const panel = page.getByRole('region', { name: 'Communication preferences' });
  const offers = panel.getByRole('checkbox', { name: /offers/i });
  const sms = panel.getByRole('checkbox', { name: /text me/i });
  await expect(offers).not.toBeChecked(); // marketing is off unless chosen
  await offers.check();
  await sms.check();
  await panel.getByLabel('Mobile number').fill('12345');
  await panel.getByRole('button', { name: /save preferences/i }).click();
  await expect(panel.getByRole('alert')).toContainText(/international number/i);

  await panel.getByLabel('Mobile number').fill('+1 415 555 0123');
  await panel.getByRole('button', { name: /save preferences/i }).click();
  await expect(panel.getByRole('status')).toContainText(/saved/i);
  await page.reload();
  await expect(offers).toBeChecked();
  await expect(sms).toBeChecked();
  await expect(panel.getByLabel('Mobile number')).toHaveValue('+14155550123');

  await offers.uncheck();
  await sms.uncheck();
  await panel.getByRole('button', { name: /save preferences/i }).click();
  await expect(panel.getByRole('status')).toContainText(/saved/i);
  await page.reload();
  await expect(offers).not.toBeChecked();
  await expect(sms).not.toBeChecked();
});
