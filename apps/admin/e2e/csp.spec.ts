import { expect, test, type Page } from '@playwright/test';
import { orderMessage, placeGuestOrder } from './support/api';
import { signIn } from './support/admin';

/**
 * Content-Security-Policy (src/proxy.ts, the policy from @omnicart/bff/csp): every page carries the
 * header with a fresh nonce, Next's scripts carry that nonce, and nothing on any page violates the
 * policy (`securitypolicyviolation` events and "Refused to …" console errors, across navigations).
 */
interface Violation {
  url: string;
  directive: string;
  blocked: string;
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
        void report({ url: location.pathname, directive: event.effectiveDirective, blocked: event.blockedURI });
      },
      true,
    );
  });
  page.on('console', (message) => {
    if (message.type() === 'error' && /content[- ]security[- ]policy|refused to/i.test(message.text())) consoleErrors.push(message.text());
  });
  return { violations, consoleErrors };
}

async function visit(page: Page, path: string, seen: Set<string>): Promise<void> {
  const response = await page.goto(path);
  expect(response, path).not.toBeNull();
  expect(response!.status(), path).toBeLessThan(400);
  const policy = response!.headers()['content-security-policy'];
  expect(policy, `Content-Security-Policy on ${path}`).toBeTruthy();
  const scriptSrc = policy!.split(';').map((directive) => directive.trim()).find((directive) => directive.startsWith('script-src '))!;
  expect(scriptSrc, path).not.toContain("'unsafe-inline'");
  expect(policy, path).toContain("frame-ancestors 'none'");
  expect(policy, path).toContain("object-src 'none'");
  const nonce = /'nonce-([A-Za-z0-9+/_=-]+)'/.exec(scriptSrc)?.[1];
  expect(nonce, `nonce in script-src on ${path}`).toBeTruthy();
  expect(seen.has(nonce!), `a fresh nonce on ${path}`).toBe(false);
  seen.add(nonce!);
  const html = await response!.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
  expect(scripts.length, `scripts on ${path}`).toBeGreaterThan(0);
  expect(scripts.filter((tag) => !tag.includes(`nonce="${nonce}"`)), `scripts without the nonce on ${path}`).toEqual([]);
  await page.waitForLoadState('networkidle').catch(() => undefined);
}

test.describe('Content-Security-Policy', () => {
  test('every admin page, signed in, including the chart, the order actions and an e-mail as sent', async ({ page }) => {
    const placed = await placeGuestOrder();
    const watch = await watchCsp(page);
    const seen = new Set<string>();
    await visit(page, '/login', seen);
    await signIn(page);
    const confirmation = await orderMessage(placed.id);
    for (const path of ['/', '/?days=7', '/orders', `/orders/${placed.id}`, `/orders/${placed.id}/packing-slip`, '/products', '/inventory', '/messages', `/messages/${confirmation.id}`, '/settings', '/promotions', '/promotions/new', '/reports', '/reports/sales', '/reports/products', '/reports/funnel', '/reports/search', '/reports/retention', '/reports/recommendations', '/reports/promotions', '/operations/dead-letters']) {
      await visit(page, path, seen);
    }
    // A server action round trip (fulfilment) under the policy too.
    await visit(page, `/orders/${placed.id}`, seen);
    const fulfil = page.getByRole('form', { name: 'Fulfil' });
    await fulfil.getByLabel('Carrier').selectOption('DHL');
    await fulfil.getByLabel('Tracking number').fill('JD014600006281232');
    await fulfil.getByRole('button', { name: 'Mark as fulfilled' }).click();
    await expect(page.getByRole('heading', { level: 1, name: /Fulfilled$/ })).toBeVisible();
    expect(watch.violations, 'CSP violations').toEqual([]);
    expect(watch.consoleErrors, 'CSP console errors').toEqual([]);
  });

  test('the campaign pages, with the e-mail in its sandboxed frame', async ({ page }) => {
    const watch = await watchCsp(page);
    const seen = new Set<string>();
    await signIn(page);
    await visit(page, '/campaigns', seen);
    await visit(page, '/campaigns/new', seen);
    await page.getByLabel('Name').fill('CSP campaign');
    await page.getByLabel('Subject').fill('CSP');
    await page.getByLabel('Message (Markdown)').fill('## Hello\n\nA [link](https://shop.example).');
    await expect(page.locator('iframe[sandbox=""]')).toHaveAttribute('srcdoc', /Hello/, { timeout: 20_000 });
    expect(watch.violations, 'CSP violations').toEqual([]);
    expect(watch.consoleErrors, 'CSP console errors').toEqual([]);
  });

  test('an injected inline event handler is refused and reported', async ({ page }) => {
    const watch = await watchCsp(page);
    await visit(page, '/login', new Set());
    await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<img alt="" src="data:," onerror="window.__injected = true">'));
    await expect.poll(() => watch.violations.length).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
  });

  test('the report endpoint answers 204', async ({ request }) => {
    const response = await request.post('/api/csp-report', {
      headers: { 'content-type': 'application/csp-report' },
      data: JSON.stringify({ 'csp-report': { 'document-uri': 'http://127.0.0.1/', 'violated-directive': 'script-src-elem', 'blocked-uri': 'inline' } }),
    });
    expect(response.status()).toBe(204);
  });
});
