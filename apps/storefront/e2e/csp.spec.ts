import { expect, test, type Page } from '@playwright/test';
import { inStockProducts } from './support/api';
import { CARDS, addToCart, confirmedOrderId, fillAddress, fillCard, goToCheckout, payButton, register, signIn, uniqueEmail } from './support/shop';

/**
 * Content-Security-Policy (src/proxy.ts): every page carries the header with a fresh nonce, Next's
 * scripts carry that nonce, and nothing on any page violates the policy: the browser's
 * `securitypolicyviolation` events (listened for from an init script, before any page script) and
 * its "Refused to …" console errors are collected across navigations and must stay empty.
 */
interface Violation {
  url: string;
  directive: string;
  blocked: string;
  sample: string;
}

async function watchCsp(page: Page): Promise<{ violations: Violation[]; consoleErrors: string[] }> {
  const violations: Violation[] = [];
  const consoleErrors: string[] = [];
  await page.exposeFunction('__omnicartCspViolation', (violation: Violation) => violations.push(violation));
  await page.addInitScript(() => {
    document.addEventListener(
      'securitypolicyviolation',
      (event) => {
        const report = (window as unknown as { __omnicartCspViolation: (v: unknown) => void }).__omnicartCspViolation;
        void report({ url: location.pathname, directive: event.effectiveDirective, blocked: event.blockedURI, sample: event.sample });
      },
      true,
    );
  });
  page.on('console', (message) => {
    if (message.type() === 'error' && /content[- ]security[- ]policy|refused to/i.test(message.text())) consoleErrors.push(message.text());
  });
  return { violations, consoleErrors };
}

/** Opens a page and checks its policy: present, nonce-based, no unsafe-inline scripts, and the nonce on Next's scripts. */
async function visit(page: Page, path: string, seen: Set<string>): Promise<void> {
  const response = await page.goto(path);
  expect(response, path).not.toBeNull();
  expect(response!.status(), path).toBeLessThan(400);
  await expectPolicy(page, path, response!.headers()['content-security-policy'], await response!.text(), seen);
}

async function expectPolicy(page: Page, path: string, policy: string | undefined, html: string, seen: Set<string>): Promise<void> {
  expect(policy, `Content-Security-Policy on ${path}`).toBeTruthy();
  const scriptSrc = policy!.split(';').map((directive) => directive.trim()).find((directive) => directive.startsWith('script-src '))!;
  expect(scriptSrc, path).not.toContain("'unsafe-inline'");
  expect(policy, path).toContain("frame-ancestors 'none'");
  expect(policy, path).toContain("object-src 'none'");
  expect(policy, path).toContain("base-uri 'self'");
  const nonce = /'nonce-([A-Za-z0-9+/_=-]+)'/.exec(scriptSrc)?.[1];
  expect(nonce, `nonce in script-src on ${path}`).toBeTruthy();
  expect(seen.has(nonce!), `a fresh nonce on ${path}`).toBe(false);
  seen.add(nonce!);
  // Every script the server wrote (Next's chunks and inline flight data) carries this response's nonce;
  // the chunks those load later need none ('strict-dynamic'). JSON-LD blocks are data, not scripts.
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]).filter((tag) => !tag.includes('application/ld+json'));
  expect(scripts.length, `scripts on ${path}`).toBeGreaterThan(0);
  expect(scripts.filter((tag) => !tag.includes(`nonce="${nonce}"`)), `scripts without the nonce on ${path}`).toEqual([]);
  await page.waitForLoadState('networkidle').catch(() => undefined);
}

function expectClean(watch: { violations: Violation[]; consoleErrors: string[] }): void {
  expect(watch.violations, 'CSP violations').toEqual([]);
  expect(watch.consoleErrors, 'CSP console errors').toEqual([]);
}

test.describe('Content-Security-Policy', () => {
  test('the listener sees a violation: an injected inline event handler (an XSS payload) is refused and reported', async ({ page }) => {
    const watch = await watchCsp(page);
    await visit(page, '/', new Set());
    await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<img alt="" src="data:," onerror="window.__injected = true">'));
    await expect.poll(() => watch.violations.length).toBeGreaterThan(0);
    expect(watch.violations).toEqual([expect.objectContaining({ directive: 'script-src-attr', blocked: 'inline' })]);
    expect(watch.consoleErrors).toHaveLength(1);
    expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
  });

  test('catalog and shop pages as a guest: home, category, search, product, cart, checkout, sign-in, register, password reset', async ({ page }) => {
    const [product] = await inStockProducts('knitwear');
    const watch = await watchCsp(page);
    const seen = new Set<string>();
    for (const path of ['/', '/categories/knitwear', '/search?q=sweater', `/products/${product!.slug}`, '/cart', '/login', '/register', '/forgot-password', '/reset-password?token=Zr4bT0qk3V9mXe1s8uWc5yH2aB7nE0fG6iL1oQ3pR9d', '/unsubscribe?token=u1.x', '/stock-alerts/confirm?token=x']) {
      await visit(page, path, seen);
    }
    await addToCart(page, product!.slug);
    await visit(page, '/cart', seen);
    await visit(page, '/checkout', seen);
    expectClean(watch);
  });

  test('account pages: account, checkout to the confirmation, order history and detail', async ({ page }) => {
    const [product] = await inStockProducts('knitwear');
    const watch = await watchCsp(page);
    const seen = new Set<string>();
    const email = uniqueEmail('csp');
    await register(page, email);
    if (await page.getByRole('banner').getByRole('link', { name: /sign in|log in/i }).count()) await signIn(page, email);
    await visit(page, '/account', seen);
    await addToCart(page, product!.slug);
    await goToCheckout(page);
    await fillAddress(page);
    await fillCard(page, CARDS.visa);
    await payButton(page).click();
    const orderId = await confirmedOrderId(page);
    await visit(page, `/checkout/confirmation/${orderId}`, seen);
    await visit(page, `/account/orders/${orderId}`, seen);
    await visit(page, '/account', seen);
    expectClean(watch);
  });

  test('the report endpoint takes both report formats and answers 204', async ({ request }) => {
    const legacy = await request.post('/api/csp-report', {
      headers: { 'content-type': 'application/csp-report' },
      data: JSON.stringify({ 'csp-report': { 'document-uri': 'http://127.0.0.1/', 'violated-directive': 'script-src-elem', 'blocked-uri': 'inline' } }),
    });
    expect(legacy.status()).toBe(204);
    const reporting = await request.post('/api/csp-report', {
      headers: { 'content-type': 'application/reports+json' },
      data: JSON.stringify([{ type: 'csp-violation', body: { documentURL: 'http://127.0.0.1/', effectiveDirective: 'img-src', blockedURL: 'http://evil.example/a.png' } }]),
    });
    expect(reporting.status()).toBe(204);
  });
});
