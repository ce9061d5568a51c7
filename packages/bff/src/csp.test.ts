import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, createNonce, reportingEndpoints } from './csp.js';
import { summarizeCspReports } from './csp-report.js';

const directives = (policy: string) => new Map(policy.split('; ').map((directive) => [directive.split(' ')[0]!, directive.split(' ').slice(1)]));

describe('contentSecurityPolicy', () => {
  it('allows scripts only with the nonce (strict-dynamic), never unsafe-inline or eval in production', () => {
    const policy = directives(contentSecurityPolicy({ nonce: 'abc123==' }));
    expect(policy.get('script-src')).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'"]);
    expect(policy.get('style-src')).toEqual(["'self'", "'nonce-abc123=='"]);
    for (const [name, sources] of policy) {
      if (name !== 'style-src-attr') expect(sources, name).not.toContain("'unsafe-inline'");
      expect(sources, name).not.toContain("'unsafe-eval'");
    }
  });

  it('refuses framing, plugins and base-tag hijacks, and names where to report', () => {
    const policy = directives(contentSecurityPolicy({ nonce: 'n' }));
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'self'"]);
    expect(policy.get('form-action')).toEqual(["'self'"]);
    expect(policy.get('report-uri')).toEqual(['/api/csp-report']);
    expect(policy.get('report-to')).toEqual(['csp-endpoint']);
    expect(reportingEndpoints()).toBe('csp-endpoint="/api/csp-report"');
    expect(policy.has('upgrade-insecure-requests')).toBe(false);
    expect(directives(contentSecurityPolicy({ nonce: 'n', https: true })).has('upgrade-insecure-requests')).toBe(true);
  });

  it("lets images come from the catalog's allowed hosts, dropping anything that is not a host name", () => {
    const policy = directives(contentSecurityPolicy({ nonce: 'n', imageHosts: ['images.example.com', '*.cdn.example.com', "x; script-src 'unsafe-inline'", 'http://a.b'] }));
    expect(policy.get('img-src')).toEqual(["'self'", 'data:', 'blob:', 'https://images.example.com', 'https://*.cdn.example.com']);
    expect(policy.get('script-src')).not.toContain("'unsafe-inline'");
  });

  it('adds eval and the HMR socket in development only', () => {
    const policy = directives(contentSecurityPolicy({ nonce: 'n', development: true }));
    expect(policy.get('script-src')).toContain("'unsafe-eval'");
    expect(policy.get('connect-src')).toContain('ws:');
  });

  it('makes a fresh 128-bit nonce each time, in the characters Next.js accepts', () => {
    const nonces = new Set(Array.from({ length: 50 }, createNonce));
    expect(nonces.size).toBe(50);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});

describe('summarizeCspReports', () => {
  it('reads report-uri and report-to bodies, without query strings', () => {
    expect(
      summarizeCspReports(
        JSON.stringify({ 'csp-report': { 'document-uri': 'https://shop.example/search?q=secret', 'violated-directive': 'script-src-elem', 'blocked-uri': 'inline', 'line-number': 3 } }),
      ),
    ).toEqual([{ directive: 'script-src-elem', blocked: 'inline', document: 'https://shop.example/search', line: 3 }]);
    expect(
      summarizeCspReports(
        JSON.stringify([
          { type: 'csp-violation', body: { documentURL: 'https://shop.example/cart#x', effectiveDirective: 'img-src', blockedURL: 'https://evil.example/a.png?t=1' } },
          { type: 'deprecation', body: {} },
        ]),
      ),
    ).toEqual([{ directive: 'img-src', blocked: 'https://evil.example/a.png', document: 'https://shop.example/cart' }]);
  });

  it('ignores anything else', () => {
    expect(summarizeCspReports('not json')).toEqual([]);
    expect(summarizeCspReports('{"a":1}')).toEqual([]);
    expect(summarizeCspReports('null')).toEqual([]);
  });
});
