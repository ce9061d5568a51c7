import type { MetadataRoute } from 'next';
import { getEnv } from '@/env';

export const dynamic = 'force-dynamic';

export default function robots(): MetadataRoute.Robots {
  const base = getEnv().STOREFRONT_URL;
  return {
    rules: [{ userAgent: '*', allow: '/', disallow: ['/cart', '/checkout', '/account', '/api/'] }],
    sitemap: `${base}/sitemap.xml`,
  };
}
