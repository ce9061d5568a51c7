import '@omnicart/ui/styles.css';
import './globals.css';
import type { Metadata, Viewport } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { SiteFooter } from '@/components/layout/SiteFooter';
import { SiteHeader } from '@/components/layout/SiteHeader';
import { getEnv } from '@/env';
import { navCategories } from '@/server/catalog-pages';
import { Providers } from './providers';

export function generateMetadata(): Metadata {
  return {
    metadataBase: new URL(getEnv().STOREFRONT_URL),
    title: { default: 'OmniCart — everything you need, delivered', template: '%s · OmniCart' },
    description: 'Shop electronics, home, fashion and more at OmniCart: fast delivery, free shipping over the threshold, easy returns.',
    applicationName: 'OmniCart',
    openGraph: { type: 'website', siteName: 'OmniCart', locale: 'en_US' },
    twitter: { card: 'summary_large_image' },
    icons: { icon: '/favicon.svg' },
  };
}

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: '#1f4fd1',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page carries a fresh CSP nonce (src/proxy.ts) that Next.js writes into its scripts, so no
  // page may be prerendered once and served to everyone: each renders per request. Catalog data
  // stays cached (unstable_cache in server/catalog-cache.ts); only the HTML is per request.
  await connection();
  return (
    <html lang="en">
      <body>
        <Providers>
          <a className="oc-skip-link" href="#main">
            Skip to content
          </a>
          <SiteHeader categories={navCategories()} />
          <main id="main" className="site-main" tabIndex={-1}>
            {children}
          </main>
          <SiteFooter />
        </Providers>
      </body>
    </html>
  );
}
