// Quick-start smoke test: runs `npm start` exactly as the README says, waits for the gateway,
// checks the demo data, the demo login and a whole checkout (POST /api/v1/orders paid through the
// payments service and the Stripe simulator) through it, checks that the storefront (:3000) serves
// the home and a product page and the admin (:3001) its sign-in page, and that the order's confirmation
// e-mail reached the mail inbox (:1080), then stops the platform with SIGTERM.
import { randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

const gateway = 'http://127.0.0.1:4000';
const storefront = 'http://127.0.0.1:3000';
const admin = 'http://127.0.0.1:3001';
const mailInbox = 'http://127.0.0.1:1080';
const startupBudgetMs = 240_000;

const platform = spawn('npm', ['start'], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
let output = '';
platform.stdout.on('data', (chunk) => (output += chunk));
platform.stderr.on('data', (chunk) => (output += chunk));
let exited = false;
platform.on('exit', () => (exited = true));

function fail(message) {
  console.error(`smoke test failed: ${message}\n--- npm start output (tail) ---\n${output.slice(-6000)}`);
  stop();
  process.exit(1);
}

function stop() {
  if (!exited) {
    try {
      process.kill(-platform.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
}

async function json(path, init) {
  const response = await fetch(gateway + path, init);
  const body = response.status === 204 ? null : await response.json();
  return { status: response.status, body };
}

const deadline = Date.now() + startupBudgetMs;
for (;;) {
  if (exited) fail('npm start exited before the gateway became ready');
  if (Date.now() > deadline) fail(`gateway not ready after ${startupBudgetMs / 1000}s`);
  try {
    if ((await fetch(`${gateway}/readyz`)).ok) break;
  } catch {
    /* not listening yet */
  }
  await sleep(1000);
}

const list = await json('/api/v1/products?limit=5');
if (list.status !== 200 || list.body.items.length !== 5) fail(`product list answered ${list.status}`);
const categories = await json('/api/v1/categories');
if (categories.status !== 200) fail(`categories answered ${categories.status}`);
const login = await json('/api/v1/users/login', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email: 'demo@omnicart.test', password: 'omnicart-demo' }),
});
if (login.status !== 200 || !login.body.accessToken) fail(`demo login answered ${login.status}`);
if (!/admin@omnicart\.test/.test(output)) fail('npm start did not print the demo logins');
if (!/stripe-simulator/.test(output)) fail('npm start did not print the Stripe simulator');

// A whole checkout: the demo customer buys an in-stock product with Stripe's test card.
// The catalog learns stock from inventory's events: give a fresh database a moment.
let inStock;
for (let attempt = 0; attempt < 60; attempt++) {
  inStock = await json('/api/v1/products?limit=5&inStock=true');
  if (inStock.status === 200 && inStock.body.items.length > 0) break;
  await sleep(500);
}
const product = inStock.body?.items?.[0];
if (inStock.status !== 200 || !product) fail(`no in-stock product (${inStock.status})`);
const order = await json('/api/v1/orders', {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${login.body.accessToken}`, 'idempotency-key': randomUUID() },
  body: JSON.stringify({
    items: [{ productId: product.id, quantity: 1 }],
    shippingAddress: { name: 'Smoke Test', line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' },
    paymentMethod: 'pm_card_visa',
  }),
});
if (order.status !== 201 || order.body?.status !== 'paid') fail(`checkout answered ${order.status} ${JSON.stringify(order.body).slice(0, 300)}`);
if (!output.includes(`Mail inbox`)) fail('npm start did not print the mail inbox');

// The order confirmation: notifications sends it through the local SMTP server into the inbox.
let confirmation;
for (let attempt = 0; attempt < 100 && !confirmation; attempt++) {
  const emails = await fetch(`${mailInbox}/api/emails?to=demo%40omnicart.test`).then((response) => (response.ok ? response.json().then((body) => body.emails) : []), () => []);
  confirmation = emails.find((email) => email.subject.includes(order.body.number));
  if (!confirmation) await sleep(200);
}
if (!confirmation) fail(`no confirmation e-mail for ${order.body.number} in the mail inbox at ${mailInbox}`);
if (!confirmation.text.includes(order.body.number)) fail('the confirmation e-mail does not show the order number');

// The storefront: server-rendered pages built from the same services.
async function page(path) {
  const response = await fetch(storefront + path);
  return { status: response.status, html: await response.text() };
}
for (let attempt = 0; ; attempt++) {
  try {
    if ((await fetch(`${storefront}/healthz`)).ok) break;
  } catch {
    /* not listening yet */
  }
  if (attempt > 120) fail('storefront not answering on :3000');
  await sleep(500);
}
const home = await page('/');
if (home.status !== 200 || !home.html.includes('OmniCart')) fail(`storefront home answered ${home.status}`);
const productPage = await page(`/products/${product.slug}`);
if (productPage.status !== 200 || !productPage.html.includes(product.name.replace(/&/g, '&amp;')) || !productPage.html.includes('application/ld+json')) {
  fail(`storefront product page answered ${productPage.status} without the product or its JSON-LD`);
}
const missing = await page('/products/no-such-product-anywhere');
if (missing.status !== 404) fail(`storefront answered ${missing.status} for an unknown product (expected 404)`);

// The admin: up, its sign-in page served, its owner login printed, and no page without signing in.
for (let attempt = 0; ; attempt++) {
  try {
    if ((await fetch(`${admin}/healthz`)).ok) break;
  } catch {
    /* not listening yet */
  }
  if (attempt > 120) fail('admin not answering on :3001');
  await sleep(500);
}
const adminLogin = await fetch(`${admin}/login`);
if (adminLogin.status !== 200 || !(await adminLogin.text()).includes('Sign in')) fail(`admin /login answered ${adminLogin.status}`);
const adminHome = await fetch(`${admin}/`, { redirect: 'manual' });
if (adminHome.status < 300 || adminHome.status >= 400) fail(`admin / answered ${adminHome.status} without a session (expected a redirect to /login)`);
if (!/Admin: http:\/\/127\.0\.0\.1:3001 — sign in as admin@omnicart\.test/.test(output)) fail('npm start did not print the admin URL and owner login');

stop();
const stopDeadline = Date.now() + 30_000;
while (!exited && Date.now() < stopDeadline) await sleep(200);
if (!exited) fail('platform did not stop within 30s of SIGTERM');
// Stopping must take the embedded PostgreSQL down with it (an orphan would hold its port).
const { createConnection } = await import('node:net');
for (let attempt = 0; ; attempt++) {
  const listening = await new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port: 54329 }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
  if (!listening) break;
  if (attempt > 50) fail('the embedded PostgreSQL (127.0.0.1:54329) is still running after npm start stopped');
  await sleep(200);
}
console.log(
  `smoke test passed: npm start served products, categories, the demo login and a paid checkout (${order.body.number}) through the gateway with its confirmation e-mail in the mail inbox, and the storefront's home and product pages`,
);
