import { expect, test } from '@playwright/test';
import { inStockProducts, order, orders, userId } from './support/api';
import {
  CARDS,
  PASSWORD,
  addToCart,
  cartLine,
  confirmedOrderId,
  expectCartCount,
  field,
  fillAddress,
  fillCard,
  goToCheckout,
  payButton,
  register,
  signIn,
  uniqueEmail,
} from './support/shop';

test('register, then a guest cart merges on sign-in, checkout, and the order is in the account history', async ({ page }) => {
  const email = uniqueEmail('member');
  const [kept, guestPick] = await inStockProducts('cookware');

  // The account exists and already holds something in its own cart.
  await register(page, email);
  const menu = page.getByRole('banner');
  if (await menu.getByRole('link', { name: /sign in|log in/i }).count()) await signIn(page, email);
  await addToCart(page, kept!.slug);
  await page.goto('/account');
  await page.getByRole('button', { name: /sign out|log out/i }).click();
  await expect(menu.getByRole('link', { name: /sign in|log in/i })).toBeVisible();

  // As a guest, another product; signing in merges the two carts.
  await addToCart(page, guestPick!.slug);
  await expectCartCount(page, 1);
  await signIn(page, email);
  await page.goto('/cart');
  await expect(cartLine(page, kept!)).toBeVisible();
  await expect(cartLine(page, guestPick!)).toBeVisible();
  await expectCartCount(page, 2);

  // Signed in: no email field, the order belongs to the account.
  await goToCheckout(page);
  await fillAddress(page);
  await fillCard(page, CARDS.visa);
  await payButton(page).click();
  const orderId = await confirmedOrderId(page);
  const placed = await order(orderId);
  expect(placed.status).toBe('paid');
  expect(placed.customerId).toBe(await userId(email, PASSWORD));
  expect(placed.items).toHaveLength(2);

  await page.goto('/account');
  const history = page.getByRole('main');
  const row = history.getByRole('row').or(history.getByRole('listitem')).filter({ hasText: placed.number });
  await expect(row).toBeVisible();
  await expect(row).toContainText(/paid/i);
  await row.getByRole('link').first().click();
  await expect(page).toHaveURL(new RegExp(`/account/orders/${orderId}$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(placed.number);
  await expect(page.getByRole('main')).toContainText(kept!.name);
  await expect(page.getByRole('main')).toContainText(guestPick!.name);
  await expect(page.getByRole('main')).toContainText(/paid/i);

  const customers = await orders((o) => o.customerId === placed.customerId);
  expect(customers).toHaveLength(1);
});

test('wrong password is refused with a message, and /account needs a session', async ({ page }) => {
  await page.goto('/account');
  await expect(page).toHaveURL(/\/login/);
  await field(page, 'Email').fill('demo@omnicart.test');
  await field(page, 'Password').fill('not-the-password');
  await page.getByRole('main').getByRole('button', { name: /sign in|log in/i }).click();
  await expect(page.getByRole('alert').filter({ hasText: /incorrect|invalid|wrong/i })).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});
