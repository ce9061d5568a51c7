import { describe, expect, it } from 'vitest';
import { classifyDevice, referrerHost } from './device';

describe('classifyDevice', () => {
  it.each([
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', 'desktop'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15', 'desktop'],
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', 'desktop'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1', 'mobile'],
    ['Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36', 'mobile'],
    ['Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1', 'tablet'],
    ['Mozilla/5.0 (Linux; Android 13; SM-X200) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', 'tablet'],
    ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 'bot'],
    ['Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)', 'bot'],
    ['curl/8.5.0', 'bot'],
    ['autocannon', 'bot'],
    ['SomethingElse/1.0', 'unknown'],
  ])('%s → %s', (ua, expected) => {
    expect(classifyDevice(ua)).toBe(expected);
  });

  it('no user agent is unknown; the mobile client hint counts', () => {
    expect(classifyDevice(undefined)).toBe('unknown');
    expect(classifyDevice('   ')).toBe('unknown');
    expect(classifyDevice('Mozilla/5.0 (Linux) Chrome/131', '?1')).toBe('mobile');
  });
});

describe('referrerHost', () => {
  it('keeps the host only: never the path or the query', () => {
    expect(referrerHost('https://www.google.com/search?q=my+secret')).toBe('www.google.com');
    expect(referrerHost('http://127.0.0.1:3000/reset-password?token=abc')).toBe('127.0.0.1:3000');
    expect(referrerHost('android-app://com.google.android.gm/')).toBeNull();
    expect(referrerHost('not a url')).toBeNull();
    expect(referrerHost(null)).toBeNull();
  });
});
