import '@omnicart/ui/styles.css';
import './globals.css';
import type { Metadata, Viewport } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';

export const metadata: Metadata = {
  title: { default: 'OmniCart admin', template: '%s · OmniCart admin' },
  description: "The merchant's dashboard of OmniCart.",
  applicationName: 'OmniCart admin',
  robots: { index: false, follow: false },
  icons: { icon: '/favicon.svg' },
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: '#1f4fd1',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page carries a fresh CSP nonce (src/proxy.ts) that Next.js writes into its scripts: no
  // page may be prerendered once and served to everyone, so each renders per request.
  await connection();
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
