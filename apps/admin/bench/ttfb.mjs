// `npm run bench:ttfb --workspace @omnicart/admin`: the admin's server-side time to first byte, in
// figures (no assertions), for the pages a merchant opens most: the dashboard, the orders list and
// the products list.
//
// Needs the platform running (`npm start`; ADMIN_URL default http://127.0.0.1:3001). Signs in as
// the owner through next-auth's credentials endpoint (OMNICART_ADMIN_EMAIL / OMNICART_ADMIN_PASSWORD,
// defaults the seeded owner), warms each page once, then requests it BENCH_REQUESTS times (default
// 100) one after another and reports p50 / p90 / p99 / max of the time until the response headers
// arrived (server-rendered pages stream, so that is the server's TTFB on loopback), beside our
// ceiling for a page a merchant waits on (BENCH_TTFB_CEILING_MS, default 500 ms at p99).
import { setTimeout as sleep } from 'node:timers/promises';

const base = (process.env.ADMIN_URL ?? 'http://127.0.0.1:3001').replace(/\/$/, '');
const email = process.env.OMNICART_ADMIN_EMAIL ?? 'admin@omnicart.test';
const password = process.env.OMNICART_ADMIN_PASSWORD ?? 'omnicart-admin';
const requests = Number(process.env.BENCH_REQUESTS ?? 100);
const ceilingMs = Number(process.env.BENCH_TTFB_CEILING_MS ?? 500);
const pages = [
  ['dashboard', '/'],
  ['orders list', '/orders'],
  ['products list', '/products'],
];

/** Cookies as a browser would keep them (name → value), from Set-Cookie headers. */
const jar = new Map();
function keep(response) {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const at = pair.indexOf('=');
    jar.set(pair.slice(0, at), pair.slice(at + 1));
  }
}
const cookieHeader = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');

async function signIn() {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  keep(csrf);
  const { csrfToken } = await csrf.json();
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader() },
    body: new URLSearchParams({ csrfToken, email, password, json: 'true', callbackUrl: `${base}/` }),
  });
  keep(response);
  if (![...jar.keys()].some((name) => name.includes('omnicart-admin.session-token'))) {
    throw new Error(`sign-in failed (${response.status}): no session cookie; is the admin running at ${base}?`);
  }
}

async function timeOnce(path) {
  const started = performance.now();
  const response = await fetch(`${base}${path}`, { headers: { cookie: cookieHeader() }, redirect: 'manual' });
  const ttfb = performance.now() - started;
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
  return ttfb;
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

await signIn();
console.log(`admin TTFB, ${requests} sequential requests per page after one warm-up (${base})\n`);
console.log('page            p50 ms   p90 ms   p99 ms   max ms   ceiling p99');
for (const [name, path] of pages) {
  await timeOnce(path);
  const samples = [];
  for (let i = 0; i < requests; i++) samples.push(await timeOnce(path));
  samples.sort((a, b) => a - b);
  const row = [50, 90, 99].map((p) => percentile(samples, p).toFixed(1).padStart(8)).join(' ');
  const p99 = percentile(samples, 99);
  console.log(`${name.padEnd(15)}${row} ${samples.at(-1).toFixed(1).padStart(8)}   ${ceilingMs} ${p99 <= ceilingMs ? 'within' : 'OVER'}`);
  await sleep(200);
}
