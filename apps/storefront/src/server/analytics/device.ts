/**
 * The device class of a request, from its User-Agent (and the `Sec-CH-UA-Mobile` client hint when
 * present). Only the class is ever sent to analytics, never the user agent itself.
 */
export type DeviceClass = 'desktop' | 'mobile' | 'tablet' | 'bot' | 'unknown';

const BOT = /bot\b|crawler|spider|crawling|slurp|bingpreview|facebookexternalhit|chrome-lighthouse|pagespeed|curl\/|wget\/|python-requests|httpclient|axios\/|node-fetch|undici|go-http-client|java\/|okhttp|autocannon|uptimerobot/i;
const TABLET = /ipad|tablet|kindle|silk\/|playbook|nexus (7|9|10)|sm-t\d|(android(?!.*mobile))/i;
const MOBILE = /mobi|iphone|ipod|android.*mobile|windows phone|iemobile|blackberry|bb10|opera mini|webos/i;
const DESKTOP = /windows nt|macintosh|mac os x|x11|linux x86_64|cros/i;

export function classifyDevice(userAgent: string | null | undefined, mobileHint?: string | null): DeviceClass {
  const ua = userAgent?.trim() ?? '';
  if (!ua) return 'unknown';
  if (BOT.test(ua)) return 'bot';
  if (TABLET.test(ua)) return 'tablet';
  if (MOBILE.test(ua) || mobileHint?.trim() === '?1') return 'mobile';
  if (DESKTOP.test(ua)) return 'desktop';
  return 'unknown';
}

/** The referrer's host only (no path, no query: those can carry search terms and tokens), or null. */
export function referrerHost(referer: string | null | undefined): string | null {
  if (!referer) return null;
  try {
    const url = new URL(referer);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.host.slice(0, 255) || null;
  } catch {
    return null;
  }
}
