import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { inboxClient } from '@omnicart/api/dev-inbox';
import { accessTokenOf, OWNER } from './support/api';
import { signIn } from './support/admin';
import { GATEWAY_URL, MAIL_INBOX_URL } from './support/env';

/**
 * A campaign end to end: written in the admin with its live preview, a test copy, sent to everyone
 * who opted in, received by a customer who registered with marketing opt-in, unsubscribed from on
 * the storefront through the e-mail's own link, and counted in the campaign's stats.
 */

async function gateway<T>(path: string, init: RequestInit & { token?: string } = {}): Promise<T> {
  const headers = new Headers(init.headers);
  if (init.body) headers.set('content-type', 'application/json');
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  const response = await fetch(GATEWAY_URL + path, { ...init, headers });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** Who "everyone who opted in" reaches now, as notifications counts it. */
async function optedIn(token: string): Promise<number> {
  const body = JSON.stringify({ name: 'count', subject: 'count', bodyMarkdown: 'count', segment: { kind: 'all_opted_in' } });
  return (await gateway<{ recipients: number }>('/api/v1/notifications/campaigns/preview', { method: 'POST', body, token })).recipients;
}

test.describe('campaigns', () => {
  test('the owner writes a campaign with its preview, sends a test and then to everyone who opted in; the customer unsubscribes through its link', async ({ page }) => {
    test.setTimeout(180_000);
    const inbox = inboxClient(MAIL_INBOX_URL);
    const ownerToken = await accessTokenOf(OWNER);
    const before = await optedIn(ownerToken);
    const customer = { email: `campaign-${randomUUID().slice(0, 8)}@example.com`, password: 'long-enough-password', name: 'Casey Campaign', marketingOptIn: true };
    await gateway('/api/v1/users/register', { method: 'POST', body: JSON.stringify(customer) });
    // Identity tells notifications through an event: a moment before the segment counts them.
    await expect.poll(() => optedIn(ownerToken), { timeout: 30_000 }).toBeGreaterThan(before);

    const suffix = randomUUID().slice(0, 6);
    const subject = `Warm ears ${suffix}`;
    await signIn(page);
    await page.goto('/campaigns');
    await expect(page.getByRole('heading', { level: 1, name: 'Campaigns' })).toBeVisible();
    await page.getByRole('link', { name: 'New campaign' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'New campaign' })).toBeVisible();

    await page.getByLabel('Name').fill(`Winter audio ${suffix}`);
    await page.getByLabel('Subject').fill(subject);
    // An invalid link: the preview says why instead of rendering.
    await page.getByLabel('Button text').fill('Shop headphones');
    await page.getByLabel('Button link').fill('not a link');
    await page.getByLabel('Message (Markdown)').fill('## Cool prices\n\nEvery pair of **headphones** is 20 % off until Sunday.');
    await expect(page.getByText(/No preview: An absolute link/)).toBeVisible();
    await page.getByLabel('Button link').fill('https://shop.example/categories/headphones');
    await expect(page.getByLabel('Everyone who opted in')).toBeChecked();
    const reach = page.getByText(/^Reaches \d+ customers? who opted in$/);
    await expect(reach).toBeVisible({ timeout: 20_000 });
    expect(Number(/\d+/.exec((await reach.textContent()) ?? '')?.[0])).toBeGreaterThan(before);
    const frame = page.locator('iframe[title="The e-mail as customers will see it"]');
    await expect(frame).toHaveAttribute('sandbox', '');
    await expect(frame).toHaveAttribute('srcdoc', /Cool prices/);

    await page.getByRole('button', { name: 'Save as draft' }).click();
    await expect(page.getByText('Campaign saved as a draft.')).toBeVisible({ timeout: 20_000 });
    await expect(page.getByRole('heading', { level: 1, name: `Winter audio ${suffix}` })).toBeVisible();
    const campaignUrl = page.url();

    // A test copy to another address.
    const tester = `tester-${suffix}@example.com`;
    await page.getByLabel('Send a test to').fill(tester);
    await page.getByRole('button', { name: 'Send a test' }).click();
    await expect(page.getByText(`A test copy is on its way to ${tester}.`)).toBeVisible();
    await inbox.waitForEmails({ to: tester, subject: `[Test] ${subject}`, timeoutMs: 30_000 });

    // Send now, after the confirmation with the count.
    await page.getByRole('button', { name: 'Send now' }).click();
    await expect(page.getByText('Send this campaign now?')).toBeVisible();
    await page.getByRole('button', { name: /^Yes, send to \d+$/ }).click();
    // The answer, or already the page of a campaign going out (it re-reads itself once due).
    await expect(page.getByText(/^Sending: the stats below/).or(page.locator('.oc-badge').filter({ hasText: /^(Sending|Sent)$/ }))).toBeVisible({ timeout: 20_000 });

    const [email] = await inbox.waitForEmails({ to: customer.email, subject, timeoutMs: 60_000 });
    const link = /href="([^"]*\/unsubscribe\?[^"]*)"/.exec(email!.html)?.[1]?.replaceAll('&amp;', '&');
    expect(link, 'the e-mail carries an unsubscribe link').toBeTruthy();
    expect(link).toContain('campaign=');
    await page.goto(link!);
    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    // The storefront masks the address (c***@example.com).
    await expect(page.getByRole('status').filter({ hasText: /will get no more offers/ })).toBeVisible();

    await page.goto(campaignUrl);
    await expect(page.locator('.oc-badge').filter({ hasText: /^Sent$/ })).toBeVisible({ timeout: 30_000 });
    await expect(async () => {
      await page.reload();
      await expect(page.locator('[data-stat="unsubscribed"]')).toHaveText('1', { timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    // Sent: read-only, no form.
    await expect(page.getByRole('button', { name: 'Save draft' })).toHaveCount(0);

    await page.goto('/campaigns');
    const row = page.getByRole('row').filter({ hasText: `Winter audio ${suffix}` });
    await expect(row).toContainText('Everyone who opted in');
    await expect(row).toContainText('Sent');
  });

  test('a draft scheduled for tomorrow on the store clock after its confirmation, then cancelled', async ({ page }) => {
    const suffix = randomUUID().slice(0, 6);
    await signIn(page);
    await page.goto('/campaigns/new');
    await page.getByLabel('Name').fill(`Later ${suffix}`);
    await page.getByLabel('Subject').fill(`Coming soon ${suffix}`);
    await page.getByLabel('Message (Markdown)').fill('Something **new** tomorrow.');
    await page.getByLabel('Spent at least an amount').check();
    await page.getByLabel('Spent at least (USD)').fill('12.5');
    await expect(page.getByText('$12.50 or more, net of refunds')).toBeVisible();
    await page.getByRole('button', { name: 'Save as draft' }).click();
    await expect(page.getByText('Campaign saved as a draft.')).toBeVisible({ timeout: 20_000 });
    await expect(page.getByText('Spent at least $12.50')).toBeVisible();

    // A time in the past is refused beside the field; tomorrow 09:00 asks to confirm, then schedules.
    const sendAt = page.getByLabel(/^Send at \(/);
    await sendAt.fill('2020-01-01T09:00');
    await page.getByRole('button', { name: 'Schedule' }).click();
    await expect(page.getByText('Choose a time in the future (or send now)')).toBeVisible();
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await sendAt.fill(`${tomorrow}T09:00`);
    await page.getByRole('button', { name: 'Schedule' }).click();
    await expect(page.getByText('Schedule this campaign?')).toBeVisible();
    await page.getByRole('button', { name: 'Yes, schedule it' }).click();
    await expect(page.getByText('Scheduled.', { exact: true })).toBeVisible();
    await expect(page.locator('.oc-badge').filter({ hasText: /^Scheduled$/ })).toBeVisible();
    await expect(page.getByText(/scheduled for .* 09:00/)).toBeVisible();

    await page.getByRole('button', { name: 'Cancel campaign' }).click();
    await page.getByRole('button', { name: 'Yes, cancel campaign' }).click();
    await expect(page.locator('.oc-badge').filter({ hasText: /^Cancelled$/ })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Save draft' })).toHaveCount(0);
  });

  test('a campaign with unique codes: chosen in the editor, each recipient gets their own code, a redemption shows in its stats', async ({ page }) => {
    test.setTimeout(180_000);
    const inbox = inboxClient(MAIL_INBOX_URL);
    const ownerToken = await accessTokenOf(OWNER);
    const suffix = randomUUID().slice(0, 6);
    const promotionName = `Thank-you ${suffix}`;
    await gateway('/api/v1/promotions', { method: 'POST', token: ownerToken, body: JSON.stringify({ kind: 'code', name: promotionName, discountType: 'percent', percentOff: 15 }) });
    const before = await optedIn(ownerToken);
    const customer = { email: `coded-${suffix}@example.com`, password: 'long-enough-password', name: 'Cody Code', marketingOptIn: true };
    await gateway('/api/v1/users/register', { method: 'POST', body: JSON.stringify(customer) });
    await expect.poll(() => optedIn(ownerToken), { timeout: 30_000 }).toBeGreaterThan(before);

    const subject = `A gift for you ${suffix}`;
    await signIn(page);
    await page.goto('/campaigns/new');
    await page.getByLabel('Name').fill(`Codes ${suffix}`);
    await page.getByLabel('Subject').fill(subject);
    await page.getByLabel('Message (Markdown)').fill('Take 15 % off with **{{code}}**.');
    // {{code}} without a promotion: the preview says why.
    await expect(page.getByText(/No preview: \{\{code\}\} needs a promotion code/)).toBeVisible({ timeout: 20_000 });
    await page.getByLabel('A unique code for each recipient (single-use)').check();
    await page.getByLabel('Promotion', { exact: true }).selectOption({ label: `${promotionName} — 15 % off` });
    const frame = page.locator('iframe[title="The e-mail as customers will see it"]');
    await expect(frame).toHaveAttribute('srcdoc', /XXXXXXXXXX/, { timeout: 20_000 });
    await expect(frame).toHaveAttribute('srcdoc', /Your code for 15 % off:/);
    await page.getByRole('button', { name: 'Save as draft' }).click();
    await expect(page.getByText('Campaign saved as a draft.')).toBeVisible({ timeout: 20_000 });
    await expect(page.getByText(`Unique single-use codes of ${promotionName} (15 % off), one per recipient`)).toBeVisible();
    const campaignUrl = page.url();

    await page.getByRole('button', { name: 'Send now' }).click();
    await page.getByRole('button', { name: /^Yes, send to \d+$/ }).click();
    const [email] = await inbox.waitForEmails({ to: customer.email, subject, timeoutMs: 60_000 });
    const code = /Your code for 15 % off:\s*([A-Z0-9]{10})\b/.exec(email!.text)?.[1];
    expect(code, email!.text).toBeTruthy();
    expect(email!.text).toContain(`Take 15 % off with ${code}`);

    // The customer uses it at checkout.
    const token = await accessTokenOf({ email: customer.email, password: customer.password });
    const [product] = (await gateway<{ items: { id: string }[] }>('/api/v1/products?limit=1&inStock=true')).items;
    const placed = await gateway<{ total: number; discount: number }>('/api/v1/orders', {
      method: 'POST',
      token,
      headers: { 'idempotency-key': randomUUID() },
      body: JSON.stringify({
        items: [{ productId: product!.id, quantity: 1 }],
        shippingAddress: { name: 'Cody Code', line1: '1 Main Street', city: 'Springfield', postalCode: '12345', country: 'US' },
        paymentMethod: 'pm_card_visa',
        code,
      }),
    });
    expect(placed.discount).toBeGreaterThan(0);

    await page.goto(campaignUrl);
    await expect(async () => {
      await page.reload();
      await expect(page.locator('[data-stat="redemptions"]')).toHaveText('1', { timeout: 1_000 });
    }).toPass({ timeout: 60_000 });
    const dollars = (cents: number) => `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
    await expect(page.locator('[data-stat="revenue"]')).toHaveText(dollars(placed.total));
    await expect(page.locator('[data-stat="discountCost"]')).toHaveText(dollars(placed.discount));
    await page.goto('/campaigns');
    await expect(page.getByRole('row').filter({ hasText: `Codes ${suffix}` })).toContainText(dollars(placed.total));
  });
});
