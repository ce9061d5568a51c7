import { GATEWAY_URL, STOREFRONT_URL } from './env';

/**
 * Runs after Playwright's webServer answered on the admin URL: the gateway must be ready too,
 * and on a fresh database the catalog must have learnt stock levels from inventory's events (it
 * does so asynchronously after the seed), or every product would look out of stock. The storefront
 * (started by the same `npm start`) must answer as well: merchant flows check what shoppers see.
 */
export default async function globalSetup(): Promise<void> {
  const deadline = Date.now() + 120_000;
  let last = 'no answer';
  for (;;) {
    try {
      const ready = await fetch(`${GATEWAY_URL}/readyz`);
      if (ready.ok) {
        const products = await fetch(`${GATEWAY_URL}/api/v1/products?limit=1&inStock=true`);
        if (products.ok && ((await products.json()) as { items: unknown[] }).items.length > 0) {
          const storefront = await fetch(`${STOREFRONT_URL}/healthz`).catch(() => null);
          if (storefront?.ok) return;
          last = `the storefront at ${STOREFRONT_URL} is not up yet (${storefront?.status ?? 'no answer'})`;
        } else last = `catalog has no in-stock product yet (${products.status})`;
      } else last = `readyz answered ${ready.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) throw new Error(`the platform is not ready: ${last}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
