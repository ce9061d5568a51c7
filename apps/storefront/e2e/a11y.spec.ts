import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { inStockProducts } from './support/api';
import { addToCart } from './support/shop';

/**
 * axe-core on every main page: no violation of impact "serious" or "critical"; the others
 * (moderate, minor) are printed so they stay visible without failing the run.
 */
async function audit(page: Page, name: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const describe = (v: (typeof results.violations)[number]) =>
    `${v.impact} ${v.id}: ${v.help} (${v.nodes.length}×: ${v.nodes
      .slice(0, 3)
      .map((n) => n.target.join(' '))
      .join(' | ')})`;
  const blocking = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const others = results.violations.filter((v) => !blocking.includes(v));
  if (others.length) console.log(`[axe] ${name}: ${others.length} minor/moderate\n  ${others.map(describe).join('\n  ')}`);
  expect.soft(blocking.map(describe), `serious/critical axe violations on ${name}`).toEqual([]);
}

test.describe('accessibility (axe)', () => {
  test('catalog pages: home, category, search, product', async ({ page }) => {
    const [product] = await inStockProducts('jackets');
    await page.goto('/');
    await audit(page, 'home');
    await page.goto('/categories/jackets');
    await audit(page, 'category');
    await page.goto('/search?q=headphnes');
    await audit(page, 'search');
    await page.goto(`/products/${product!.slug}`);
    await audit(page, 'product');
  });

  test('shop pages: cart, checkout, login, register, forgot and reset password, unsubscribe, alert confirmation', async ({ page }) => {
    const [product] = await inStockProducts('jackets');
    await page.goto('/login');
    await audit(page, 'login');
    await page.goto('/register');
    await audit(page, 'register');
    await page.goto('/forgot-password');
    await audit(page, 'forgot password');
    await page.goto('/reset-password?token=Zr4bT0qk3V9mXe1s8uWc5yH2aB7nE0fG6iL1oQ3pR9d');
    await audit(page, 'reset password');
    await page.goto('/unsubscribe?token=u1.00000000-0000-4000-8000-000000000000.1.forged');
    await audit(page, 'unsubscribe');
    await page.goto('/stock-alerts/confirm?token=Zr4bT0qk3V9mXe1s8uWc5yH2aB7nE0fG6iL1oQ3pR9d');
    await audit(page, 'back-in-stock confirmation');
    await page.goto('/cart');
    await audit(page, 'empty cart');
    await addToCart(page, product!.slug);
    await page.goto('/cart');
    await audit(page, 'cart');
    await page.goto('/checkout');
    await audit(page, 'checkout');
  });
});
