import type { NextConfig } from 'next';

// Product images are SVGs the catalog draws; the gateway serves them. Proxying them keeps every
// image URL site-relative (no third-party origin, no remote-image config).
const gatewayUrl = (process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000').replace(/\/$/, '');

const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'same-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
];

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  images: { unoptimized: true },
  // forbidden() (server/guard.ts): a 403 page for staff without a section's permission.
  experimental: {
    authInterrupts: true,
    // Product image uploads (server/product-image-actions.ts: up to 5 MB of image plus the form) and the product
    // CSV import (the file's text; the catalog takes up to 900 KB) go through server actions.
    serverActions: { bodySizeLimit: '6mb' },
  },
  async rewrites() {
    return [
      { source: '/images/products/:file', destination: `${gatewayUrl}/images/products/:file` },
      // Uploaded product images (catalog re-encodes them; immutable, served with nosniff and a sandboxing CSP).
      { source: '/images/uploads/:file', destination: `${gatewayUrl}/images/uploads/:file` },
    ];
  },
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

export default config;
