#!/usr/bin/env node
// `npm run bench:web`: how fast the production storefront is, in figures (no assertions).
//
// 1. The platform: the storefront (STOREFRONT_URL, default http://127.0.0.1:3000) and the gateway
//    (GATEWAY_URL, default http://127.0.0.1:4000) when they already answer; otherwise this script runs
//    `npm start` from the repository root itself (as the e2e suite's webServer does: build, then the
//    API platform on DATABASE_URL or the embedded PostgreSQL, then `next start`), waits for both, and
//    stops it with SIGTERM at the end.
// 2. Pages: home, the largest category and its first product (real slugs from the gateway API).
// 3. Lighthouse 12 (performance only) in the machine's Chromium (CHROMIUM_PATH, default
//    /usr/bin/chromium, headless), once per page and preset: `mobile` (Lighthouse's default: Moto G
//    class device, 4x CPU slowdown and slow 4G, simulated throttling) and `desktop` (its desktop
//    preset). Each page is requested once first, so the server-side catalog cache is warm.
// 4. autocannon: 1 connection (one shopper at a time: the server's own TTFB) and 10 connections (load:
//    latency then includes queueing on this 2-core machine) for BENCH_SECONDS (default 10) per page.
//    Its latency is the time from sending a request to the end of the response; server-rendered
//    pages stream, so for these small HTML documents it is close to the server's time to first byte
//    plus the transfer on loopback: read p50/p99 as server TTFB-ish, not as browser timings.
//
// Usage: npm run bench:web [-- --preset=mobile|desktop|both] [-- --skip-lighthouse] [-- --skip-load]
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const storefront = (process.env.STOREFRONT_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
const gateway = (process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000').replace(/\/$/, '');
const chromePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const args = new Set(process.argv.slice(2));
const presetArg = [...args].find((a) => a.startsWith('--preset='))?.slice('--preset='.length) ?? 'both';
const presets = presetArg === 'both' ? ['mobile', 'desktop'] : [presetArg];
if (!presets.every((p) => p === 'mobile' || p === 'desktop')) {
  console.error(`unknown --preset=${presetArg} (mobile, desktop or both)`);
  process.exit(2);
}
const chromeFlags = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

async function answers(url) {
  try {
    return (await fetch(url, { redirect: 'manual' })).status < 500;
  } catch {
    return false;
  }
}

/** Starts `npm start` unless the storefront and the gateway already answer; returns a stop function. */
async function ensurePlatform() {
  if ((await answers(`${storefront}/`)) && (await answers(`${gateway}/readyz`))) {
    console.log(`using the running platform (${storefront}, ${gateway})`);
    return async () => {};
  }
  console.log('the platform is not running: `npm start` (build, API platform, storefront); this takes a few minutes the first time');
  const child = spawn('npm', ['start'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], detached: true, env: { ...process.env, LOG_LEVEL: 'warn' } });
  let exited = false;
  child.on('exit', () => (exited = true));
  const stop = async () => {
    if (exited) return;
    process.kill(-child.pid, 'SIGTERM');
    for (let i = 0; i < 40 && !exited; i++) await sleep(500);
    if (!exited) process.kill(-child.pid, 'SIGKILL');
  };
  process.once('SIGINT', () => void stop().finally(() => process.exit(130)));
  const deadline = Date.now() + 8 * 60_000;
  while (!((await answers(`${gateway}/readyz`)) && (await answers(`${storefront}/`)))) {
    if (exited) throw new Error('npm start exited before the platform was ready');
    if (Date.now() > deadline) {
      await stop();
      throw new Error('the platform was not ready after 8 minutes');
    }
    await sleep(1000);
  }
  return stop;
}

async function gatewayJson(path) {
  const response = await fetch(gateway + path);
  if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
  return response.json();
}

/** Home, the category with the most products (a leaf) and that category's first in-stock product. */
async function pickPages() {
  const tree = await gatewayJson('/api/v1/categories');
  const leaves = [];
  const walk = (nodes) => nodes.forEach((n) => (n.children?.length ? walk(n.children) : leaves.push(n)));
  walk(Array.isArray(tree) ? tree : (tree.items ?? []));
  const category = leaves.sort((a, b) => (b.productCount ?? 0) - (a.productCount ?? 0))[0];
  if (!category) throw new Error('the catalog has no categories');
  const list = await gatewayJson(`/api/v1/products?category=${encodeURIComponent(category.slug)}&inStock=true&limit=1`);
  const product = list.items[0];
  if (!product) throw new Error(`category ${category.slug} has no in-stock product`);
  return [
    { name: 'home', path: '/' },
    { name: 'category', path: `/categories/${category.slug}` },
    { name: 'product', path: `/products/${product.slug}` },
  ];
}

async function runLighthouse(pages) {
  const rows = [];
  const chrome = await chromeLauncher.launch({ chromePath, chromeFlags });
  try {
    for (const preset of presets) {
      for (const page of pages) {
        const url = storefront + page.path;
        const result = await lighthouse(
          url,
          { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] },
          preset === 'desktop' ? desktopConfig : undefined,
        );
        const lhr = result?.lhr;
        if (!lhr) throw new Error(`Lighthouse returned nothing for ${url}`);
        const audit = (id) => lhr.audits[id]?.numericValue;
        rows.push({
          page: page.name,
          preset,
          score: lhr.categories.performance?.score == null ? 'n/a' : Math.round(lhr.categories.performance.score * 100),
          lcp: audit('largest-contentful-paint'),
          tbt: audit('total-blocking-time'),
          cls: audit('cumulative-layout-shift'),
          fcp: audit('first-contentful-paint'),
          // The element that moved most, to chase a layout jump without rerunning Lighthouse by hand.
          shifted: lhr.audits['layout-shifts']?.details?.items?.[0]?.node?.selector,
          warnings: lhr.runWarnings ?? [],
        });
        console.log(`  lighthouse ${preset} ${page.name} done`);
      }
    }
  } finally {
    await chrome.kill();
  }
  return rows;
}

async function runLoad(pages) {
  const rows = [];
  for (const connections of [1, 10]) {
    for (const page of pages) {
      const result = await autocannon({ url: storefront + page.path, connections, duration: seconds });
      rows.push({
        page: page.name,
        connections,
        requests: result.requests.total,
        rps: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        max: result.latency.max,
        non2xx: result.non2xx,
        errors: result.errors + result.timeouts,
      });
      console.log(`  autocannon ${page.name} (${connections} connection${connections === 1 ? '' : 's'}) done`);
    }
  }
  return rows;
}

function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padStart(widths[i])).join('  ');
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const ms = (value) => (value == null ? 'n/a' : `${Math.round(value)} ms`);

const stop = await ensurePlatform();
try {
  const pages = await pickPages();
  console.log(`pages: ${pages.map((p) => p.path).join(', ')}`);
  for (const page of pages) await fetch(storefront + page.path); // warm the server's catalog cache

  if (!args.has('--skip-lighthouse')) {
    console.log(`\nLighthouse ${presets.join(' + ')} (performance category, simulated throttling, Chromium at ${chromePath})`);
    const lh = await runLighthouse(pages);
    console.log(
      `\n${table(
        ['page', 'preset', 'perf', 'FCP', 'LCP', 'TBT', 'CLS'],
        lh.map((r) => [r.page, r.preset, r.score, ms(r.fcp), ms(r.lcp), ms(r.tbt), r.cls == null ? 'n/a' : r.cls.toFixed(3)]),
      )}`,
    );
    for (const r of lh.filter((row) => row.cls >= 0.1 && row.shifted)) console.log(`  CLS ${r.cls.toFixed(3)} on ${r.page} (${r.preset}): largest shift moves ${r.shifted}`);
    const warnings = [...new Set(lh.flatMap((r) => r.warnings))];
    if (warnings.length) console.log(`\nLighthouse warnings:\n  ${warnings.join('\n  ')}`);
  }

  if (!args.has('--skip-load')) {
    console.log(`\nautocannon: 1 and 10 connections, ${seconds} s per page against ${storefront} (latency = request sent → response complete; ≈ server TTFB for these pages)`);
    const load = await runLoad(pages);
    console.log(
      `\n${table(
        ['page', 'conns', 'requests', 'req/s', 'p50', 'p99', 'max', 'non-2xx', 'errors'],
        load.map((r) => [r.page, r.connections, r.requests, r.rps.toFixed(1), ms(r.p50), ms(r.p99), ms(r.max), r.non2xx, r.errors]),
      )}`,
    );
  }
} finally {
  await stop();
}
