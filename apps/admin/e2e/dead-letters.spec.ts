import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import pg from 'pg';
import { OWNER, accessTokenOf, rawCall } from './support/api';
import { signIn } from './support/admin';
import { GATEWAY_URL, e2eDatabaseUrl } from './support/env';

/**
 * Operations → Dead letters on a real dead letter: a buggy producer (a row written straight into
 * inventory's outbox, skipping the contract check outboxEvent() makes) publishes an
 * inventory.stock_changed whose payload fails the contract; the platform's relay publishes it and
 * its real consumers (catalog.availability, …) park it as dead at once. The owner inspects it,
 * replays it (it dead-letters again: still invalid) and discards it with a reason.
 */
async function poisonStockChanged(sku: string): Promise<void> {
  const url = e2eDatabaseUrl();
  if (!url) throw new Error('the admin e2e suite needs DATABASE_URL (npm test sets it)');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`INSERT INTO inventory.outbox_events (id, type, version, aggregate_id, payload) VALUES ($1, 'inventory.stock_changed', 1, $2, $3)`, [
      randomUUID(),
      sku,
      JSON.stringify({ sku, onHand: 'ten', reserved: 0, available: 0, version: 1 }),
    ]);
  } finally {
    await client.end();
  }
}

/** The id of the dead letter of `consumer` for this SKU's poison event, once the consumer gave up on it. */
async function deadLetterId(sku: string, consumer: string): Promise<string> {
  const client = new pg.Client({ connectionString: e2eDatabaseUrl() });
  await client.connect();
  try {
    for (let i = 0; i < 100; i++) {
      const { rows } = await client.query<{ id: string }>(`SELECT id::text FROM events.deliveries WHERE dead AND consumer = $1 AND payload->>'sku' = $2`, [consumer, sku]);
      if (rows[0]) return rows[0].id;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`no dead letter of ${consumer} for ${sku}`);
  } finally {
    await client.end();
  }
}

test('the owner inspects, replays and discards a dead letter; an analyst has no Dead letters section', async ({ page, browser }) => {
  const sku = `DL-${randomUUID().slice(0, 8).toUpperCase()}`;
  await poisonStockChanged(sku);
  const id = await deadLetterId(sku, 'catalog.availability');

  await signIn(page);
  await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Dead letters' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Dead letters' })).toBeVisible();
  const perConsumer = page.getByRole('table', { name: 'Dead letters per consumer' });
  await expect(perConsumer.getByRole('row').filter({ hasText: 'catalog.availability' })).toHaveCount(1);

  await page.getByRole('combobox', { name: 'Consumer' }).selectOption('catalog.availability');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/consumer=catalog.availability/);
  await page.getByRole('table', { name: /newest first/ }).getByRole('link', { name: `#${id}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Dead letter #${id}` })).toBeVisible();
  await expect(page.getByTestId('dead-letter-payload')).toContainText(`"sku": "${sku}"`);
  await expect(page.getByTestId('dead-letter-error')).toContainText('payload does not match inventory.stock_changed@1');
  await expect(page.getByTestId('dead-letter-attempts')).toHaveText('1');

  // Replay: still invalid, so the consumer parks it again; the letter comes back with one replay.
  await page.getByRole('form', { name: 'Replay' }).getByRole('button', { name: 'Replay' }).click();
  await expect(page.getByText('Replayed: the consumer gets the event again.')).toBeVisible();
  await expect(async () => {
    await page.goto(`/operations/dead-letters/${id}`);
    await expect(page.getByText('Replays')).toBeVisible();
    await expect(page.locator('dd').filter({ hasText: /^1$/ }).first()).toBeVisible();
    await expect(page.getByRole('form', { name: 'Discard' })).toBeVisible();
  }).toPass({ timeout: 20_000 });

  const discard = page.getByRole('form', { name: 'Discard' });
  await discard.getByRole('button', { name: 'Discard' }).click();
  // The browser's own check (required) stops an empty reason; a blank one is refused by the action.
  await discard.getByLabel('Reason').fill('   ');
  await discard.getByRole('button', { name: 'Discard' }).click();
  await expect(discard.getByText('Say why (3 characters at least).')).toBeVisible();
  await discard.getByLabel('Reason').fill('A producer bug, fixed; nothing to apply');
  await discard.getByRole('button', { name: 'Discard' }).click();
  await expect(page.getByText('Discarded: kept for audit, no longer listed.')).toBeVisible();
  await page.goto(`/operations/dead-letters/${id}`);
  await expect(page.getByText('Discarded by admin@omnicart.test')).toContainText('A producer bug, fixed; nothing to apply');
  await expect(page.getByRole('form', { name: 'Replay' })).toHaveCount(0);

  // Not an owner: no section, 403 on the pages, 403 from the API.
  const account = { email: `dl-analyst-${randomUUID().slice(0, 8)}@example.com`, password: 'dead-letters-pass-1234' };
  const registered = await fetch(`${GATEWAY_URL}/api/v1/users/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...account, name: 'DL analyst' }) });
  expect(registered.status).toBe(201);
  const { id: userId } = (await registered.json()) as { id: string };
  expect((await rawCall(`/api/v1/users/${userId}`, { method: 'PUT', token: await accessTokenOf(OWNER), body: JSON.stringify({ staffRole: 'analyst' }) })).status).toBe(200);
  const them = await browser.newPage();
  await signIn(them, account);
  await expect(them.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Audit log' })).toBeVisible();
  await expect(them.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Dead letters' })).toHaveCount(0);
  expect((await them.goto('/operations/dead-letters'))?.status()).toBe(403);
  expect((await them.goto(`/operations/dead-letters/${id}`))?.status()).toBe(403);
  const refused = await fetch(`${GATEWAY_URL}/trpc/audit/deadLetters.counts`, { headers: { authorization: `Bearer ${await accessTokenOf(account)}` } });
  expect(refused.status).toBe(403);
  await them.close();
});
