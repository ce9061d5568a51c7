import type { NextConfig } from 'next';

// Product images are SVGs the catalog draws; the gateway serves them. Proxying them keeps every
// image URL site-relative (no third-party origin, no remote-image config) and cacheable.
const gatewayUrl = (process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000').replace(/\/$/, '');

const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(self)' },
];

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The gateway's types come from the built @omnicart/api; the UI kit ships compiled ESM + CSS.
  transpilePackages: [],
  images: { unoptimized: true },
  async rewrites() {
    return [
      { source: '/images/products/:file', destination: `${gatewayUrl}/images/products/:file` },
      // Photos staff uploaded in the admin (catalog re-encodes them to WebP); a product shows its first image.
      { source: '/images/uploads/:file', destination: `${gatewayUrl}/images/uploads/:file` },
    ];
  },
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

export default config;
