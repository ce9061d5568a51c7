/**
 * What a shopper does, written with accessible locators only (roles, labels, visible text): the
 * suite checks the storefront's contract (URLs, labels, roles), not its markup.
 */
import { randomUUID } from 'node:crypto';
import { expect, type Locator, type Page } from '@playwright/test';

export const CARDS = {
  visa: '4242 4242 4242 4242',
  declined: '4000 0000 0000 0002',
  insufficientFunds: '4000 0000 0000 9995',
} as const;

export interface Address {
  name: string;
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  /** ISO-2 code; a <select> is chosen by value, a text field typed into. */
  country: string;
}

export const ADDRESS: Address = { name: 'Ada Shopper', line1: '1 Main Street', city: 'Springfield', postalCode: '12345', country: 'US' };

/** A unique, recognisable address per test (runs share one platform and one database). */
export function uniqueEmail(label: string): string {
  return `e2e-${label}-${Date.now().toString(36)}-${randomUUID().slice(0, 8)}@example.test`;
}

export const PASSWORD = 'correct-horse-battery-42';

/** "$1,234.56" → 123456 cents; "Free" → 0. */
export function cents(text: string): number {
  if (/free/i.test(text)) return 0;
  const match = /(-?)\$?\s*([\d,]+)(?:\.(\d{2}))?/.exec(text);
  if (!match) throw new Error(`no amount in ${JSON.stringify(text)}`);
  const [, sign, whole = '0', fraction = '00'] = match;
  return (sign ? -1 : 1) * (Number(whole.replace(/,/g, '')) * 100 + Number(fraction));
}

const AMOUNT = '(Free|-?\\$\\s?[\\d,]+\\.\\d{2})';

/**
 * The amount printed after a totals label ("Subtotal", "Shipping", "Tax", "Total") in `scope`'s text,
 * e.g. a <dl> rendered as "Subtotal\n$10.00\nShipping\n$4.99". The label must start its line, so
 * "Total" never matches "Subtotal".
 */
export async function amountAfter(scope: Locator, label: string): Promise<number> {
  const text = await scope.innerText();
  const match = new RegExp(`(?:^|\\n)[ \\t]*(?:estimated\\s+)?${label}\\b[^\\n$]*?(?:\\([^)]*\\))?[:\\s]*${AMOUNT}`, 'i').exec(text);
  if (!match?.[1]) throw new Error(`no "${label}" amount in:\n${text}`);
  return cents(match[1]);
}

/**
 * A form field by its accessible name (the visible <label>; a required marker such as "*" is not
 * part of the name): text inputs, password inputs and selects alike.
 */
export function field(scope: Page | Locator, name: string): Locator {
  return scope.getByRole('textbox', { name, exact: true }).or(scope.getByRole('combobox', { name, exact: true }));
}

/** The header's cart link (its accessible name carries the item count, e.g. "Cart, 2 items"). */
export function cartLink(page: Page): Locator {
  return page.getByRole('banner').getByRole('link', { name: /^cart\b/i });
}

export async function expectCartCount(page: Page, count: number): Promise<void> {
  await expect(cartLink(page)).toHaveAccessibleName(new RegExp(`(?<!\\d)${count} items?\\b`));
}

export function addToCartButton(page: Page): Locator {
  return page.getByRole('main').getByRole('button', { name: /add to cart/i });
}

/** Opens a product page and adds it to the cart; waits for the immediate feedback. */
export async function addToCart(page: Page, slug: string, quantity = 1): Promise<void> {
  await page.goto(`/products/${slug}`);
  if (quantity !== 1) await page.getByRole('main').getByRole('spinbutton', { name: /quantity/i }).fill(String(quantity));
  await addToCartButton(page).click();
  await expect(page.getByRole('status').filter({ hasText: /added to (your )?cart/i }).first()).toBeVisible();
}

/**
 * The cart's line for a product: the list item (or table row) linking to its page. Colour variants
 * share a name, so the line is found by its link (the URL contract /products/{slug}).
 */
export function cartLine(page: Page, product: { slug: string; name: string }): Locator {
  const items = page.getByRole('main').getByRole('list', { name: /cart/i });
  return items
    .getByRole('listitem')
    .or(page.getByRole('main').getByRole('row'))
    .filter({ has: page.getByRole('link', { name: product.name }) })
    .filter({ has: page.locator(`a[href="/products/${product.slug}"]`) });
}

export async function goToCheckout(page: Page): Promise<void> {
  await page.goto('/cart');
  await page.getByRole('main').getByRole('link', { name: /checkout/i }).or(page.getByRole('main').getByRole('button', { name: /checkout/i })).first().click();
  await expect(page).toHaveURL(/\/checkout$/);
}

/** Country: a <select> (chosen by ISO code) or a text field. */
async function fillCountry(page: Page, country: string): Promise<void> {
  const select = page.getByRole('combobox', { name: 'Country', exact: true });
  if (await select.count()) await select.selectOption(country);
  else await field(page, 'Country').fill(country);
}

export async function fillAddress(page: Page, address: Address = ADDRESS, email?: string): Promise<void> {
  if (email) await field(page, 'Email').fill(email);
  await field(page, 'Full name').fill(address.name);
  await field(page, 'Address line 1').fill(address.line1);
  if (address.line2) await field(page, 'Address line 2').fill(address.line2);
  await field(page, 'City').fill(address.city);
  await field(page, 'Postal code').fill(address.postalCode);
  await fillCountry(page, address.country);
}

export async function fillCard(page: Page, number: string, expiry = '12/34', cvc = '123'): Promise<void> {
  await field(page, 'Card number').fill(number);
  await field(page, 'Expiry').fill(expiry);
  await field(page, 'CVC').fill(cvc);
}

export function payButton(page: Page): Locator {
  return page.getByRole('main').getByRole('button', { name: /^(pay|place (your )?order)/i });
}

/** The confirmation page's order id (from the URL contract /checkout/confirmation/{orderId}). */
export async function confirmedOrderId(page: Page): Promise<string> {
  await expect(page).toHaveURL(/\/checkout\/confirmation\/[^/?#]+/, { timeout: 30_000 });
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const id = /\/checkout\/confirmation\/([^/?#]+)/.exec(page.url())?.[1];
  if (!id) throw new Error(`no order id in ${page.url()}`);
  return decodeURIComponent(id);
}

/** Registers through /register; the app may sign the new customer in at once or send them to /login. */
export async function register(page: Page, email: string, name = 'Ada Shopper'): Promise<void> {
  await page.goto('/register');
  await field(page, 'Full name').fill(name);
  await field(page, 'Email').fill(email);
  await field(page, 'Password').fill(PASSWORD);
  const confirm = page.getByRole('textbox', { name: /confirm password/i });
  if (await confirm.count()) await confirm.fill(PASSWORD);
  await page.getByRole('main').getByRole('button', { name: /create account|register|sign up/i }).click();
  await expect(page).not.toHaveURL(/\/register/);
}

export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto('/login');
  await field(page, 'Email').fill(email);
  await field(page, 'Password').fill(password);
  await page.getByRole('main').getByRole('button', { name: /sign in|log in/i }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

/** The page must not scroll sideways (responsive to 360 px). */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, 'horizontal overflow in px').toBeLessThanOrEqual(0);
}
