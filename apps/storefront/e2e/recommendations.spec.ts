import { expect, test } from '@playwright/test';
import { guestOrder, recommendationsReport, unpairedProducts } from './support/api';
import { STOREFRONT_URL } from './support/env';
import { uniqueEmail } from './support/shop';

/**
 * Recommendations and behaviour analytics as a shopper meets them (issue 13): a pair bought together
 * shows up in "Customers also bought", a click on it is counted in the analytics recommendations
 * report, and a Do-Not-Track / GPC request gets no tracking cookies. The platform runs the
 * recommendations refresher every few seconds for this suite (RECS_REFRESH_EVERY in
 * playwright.config.ts).
 */

const setCookies = (headers: Array<{ name: string; value: string }>) =>
  headers.filter((header) => header.name.toLowerCase() === 'set-cookie').map((header) => header.value);

test('a product page shows "Customers also bought" after orders that bought the pair; a click on it is counted', async ({ page }) => {
  test.setTimeout(180_000);
  // Own categories, and a product with no "also bought" partner yet (the demo history has orders),
  // so the pair bought below is its only one.
  const [a, b] = await unpairedProducts(['desk-accessories', 'pens', 'fragrance', 'dresses', 't-shirts', 'jeans-trousers']);

  const before = (await recommendationsReport().catch(() => [])).find((row) => row.shelf === 'also_bought') ?? { impressions: 0, clicks: 0 };

  // Two baskets holding both (RECS_MIN_SUPPORT is 2).
  await guestOrder([a.id, b.id], uniqueEmail('recs-1'));
  await guestOrder([a.id, b.id], uniqueEmail('recs-2'));

  // Within a refresher round or two the pair is in A's "also bought" list.
  const shelf = page.getByTestId('shelf-also_bought');
  await expect
    .poll(
      async () => {
        await page.goto(`/products/${a.slug}`);
        return shelf.getByRole('link', { name: b.name }).count();
      },
      { timeout: 90_000, intervals: [2000] },
    )
    .toBeGreaterThan(0);
  await expect(shelf.getByRole('heading', { name: 'Customers also bought' })).toBeVisible();
  // The shelf replaced "More from <category>".
  await expect(page.getByRole('heading', { name: `More from ${a.category.name}` })).toHaveCount(0);

  // Seen: scrolled into view, the shelf reports its impressions to /api/events (a beacon, so its body
  // is not visible here; the report below counts it), which also shows the page is hydrated.
  const link = shelf.locator(`a[href="/products/${b.slug}"]`).first();
  const impression = page.waitForRequest((request) => request.url().endsWith('/api/events') && request.method() === 'POST');
  await link.scrollIntoViewIfNeeded();
  await impression;

  // The product link is the plain product URL (the click is reported as an event, not in the URL).
  const clickBeacon = page.waitForRequest((request) => request.url().endsWith('/api/events') && request.method() === 'POST');
  await link.click();
  await clickBeacon;
  await expect(page).toHaveURL(new RegExp(`/products/${b.slug}$`));

  // The analytics report counts the impression and the click (the batcher sends within a second).
  await expect
    .poll(
      async () => {
        const row = (await recommendationsReport()).find((candidate) => candidate.shelf === 'also_bought');
        return row ? { impressions: row.impressions > before.impressions, clicks: row.clicks - before.clicks } : null;
      },
      { timeout: 60_000, intervals: [1000, 2000] },
    )
    .toEqual({ impressions: true, clicks: 1 });
});

test('first-party ids: a page sets oc_vid and oc_sid (httpOnly, SameSite=Lax); DNT or GPC sets none and expires existing ones', async ({ request }) => {
  const plain = await request.get('/', { maxRedirects: 0 });
  const cookies = setCookies(plain.headersArray());
  const vid = cookies.find((cookie) => cookie.startsWith('oc_vid='));
  const sid = cookies.find((cookie) => cookie.startsWith('oc_sid='));
  expect(vid).toMatch(/^oc_vid=[0-9a-f-]{36};/);
  expect(vid).toMatch(/HttpOnly/i);
  expect(vid).toMatch(/SameSite=Lax/i);
  expect(vid).toMatch(/Max-Age=31536000/i);
  expect(sid).toMatch(/^oc_sid=[0-9a-f-]{36}\.[0-9a-z]+;/);

  for (const header of [{ DNT: '1' }, { 'Sec-GPC': '1' }] as Array<Record<string, string>>) {
    // A fresh visitor with the signal: no tracking cookie at all.
    const fresh = await fetch(`${STOREFRONT_URL}/`, { headers: header, redirect: 'manual' });
    expect(fresh.status).toBe(200);
    expect(fresh.headers.getSetCookie().filter((cookie) => /^oc_(vid|sid)=/.test(cookie))).toEqual([]);
    // A browser that has the cookies and now sends the signal: they are expired.
    const known = await fetch(`${STOREFRONT_URL}/`, { headers: { ...header, cookie: `${vid!.split(';')[0]}; ${sid!.split(';')[0]}` }, redirect: 'manual' });
    const expired = known.headers.getSetCookie().filter((cookie) => /^oc_(vid|sid)=/.test(cookie));
    expect(expired).toHaveLength(2);
    for (const cookie of expired) expect(cookie).toMatch(/^oc_(vid|sid)=;.*Max-Age=0/i);
  }

  // The events route works for an opted-out browser too (counted without ids), and refuses junk.
  const accepted = await fetch(`${STOREFRONT_URL}/api/events`, {
    method: 'POST',
    headers: { DNT: '1', 'content-type': 'application/json' },
    body: JSON.stringify({ events: [{ type: 'product_impression', props: { productIds: [crypto.randomUUID()], list: 'trending' } }] }),
  });
  expect(accepted.status).toBe(202);
  expect(accepted.headers.getSetCookie()).toEqual([]);
  const refused = await fetch(`${STOREFRONT_URL}/api/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events: [{ type: 'order_placed' }] }) });
  expect(refused.status).toBe(400);
});
