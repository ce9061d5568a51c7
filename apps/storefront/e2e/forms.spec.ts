import { expect, test, type Locator, type Page } from '@playwright/test';
import { inStockProducts } from './support/api';
import { CARDS, addToCartButton, expectCartCount, field, fillAddress, fillCard, payButton, uniqueEmail } from './support/shop';

/**
 * A form submitted before the page is interactive (slow network, script still loading, script
 * failed) is a plain HTML submission. It must never put a password or a card number into the URL
 * (browser history, server and proxy logs, Referer headers): such forms post, or do not submit.
 */
/** Submits natively if the page lets it (a disabled submit until hydration is also safe). */
async function submitWithoutScripts(page: Page, submit: Locator): Promise<void> {
  await expect(page.getByRole('main').locator('form').first()).toHaveAttribute('method', /post/i);
  if (await submit.isDisabled()) return;
  await submit.click();
  await page.waitForLoadState();
}

test.describe('forms submitted before the app is interactive', () => {
  test.use({ javaScriptEnabled: false });

  test('sign in and register never put the password in the URL', async ({ page }) => {
    await page.goto('/login');
    await field(page, 'Email').fill('demo@omnicart.test');
    await field(page, 'Password').fill('omnicart-demo');
    await submitWithoutScripts(page, page.getByRole('main').getByRole('button', { name: /sign in|log in/i }));
    expect(page.url()).not.toContain('omnicart-demo');

    await page.goto('/register');
    await field(page, 'Full name').fill('Ada Shopper');
    await field(page, 'Email').fill(uniqueEmail('nojs'));
    await field(page, 'Password').fill('correct-horse-battery-42');
    await submitWithoutScripts(page, page.getByRole('main').getByRole('button', { name: /create account|register|sign up/i }));
    expect(page.url()).not.toContain('correct-horse-battery-42');
  });

  test('checkout never puts the card number in the URL', async ({ browser }) => {
    // The cart is filled with scripts on; the checkout page is then used without them.
    const [product] = await inStockProducts('yoga-fitness');
    const shopping = await browser.newContext({ javaScriptEnabled: true });
    const shoppingPage = await shopping.newPage();
    // (Arrangement, not the subject: let the product page become interactive before adding.)
    await shoppingPage.goto(`/products/${product!.slug}`);
    await shoppingPage.waitForLoadState('networkidle');
    await addToCartButton(shoppingPage).click();
    await expectCartCount(shoppingPage, 1);
    const state = await shopping.storageState();
    await shopping.close();

    const context = await browser.newContext({ javaScriptEnabled: false, storageState: state });
    const page = await context.newPage();
    await page.goto('/checkout');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    if ((await field(page, 'Card number').count()) === 0) {
      // The form is drawn on the client only: nothing can be submitted before it is interactive.
      test.info().annotations.push({ type: 'note', description: 'the checkout form is not server-rendered' });
      await context.close();
      return;
    }
    await fillAddress(page, undefined, uniqueEmail('nojs-checkout'));
    await fillCard(page, CARDS.visa);
    await payButton(page).click();
    await page.waitForLoadState();
    expect(decodeURIComponent(page.url()).replace(/\D/g, '')).not.toContain('4242424242424242');
    await context.close();
  });
});
