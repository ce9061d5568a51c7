import { describe, expect, it } from 'vitest';
import { imageUrlProblem, isBlockedIpv4, isBlockedIpv6 } from './image-url.js';

const ALLOWED = ['images.omnicart.test', '*.cdn.example.com'];

describe('image URLs', () => {
  it.each([
    ['our own image path', '/images/products/sonora-headphones.svg'],
    ['an uploaded image', `/images/uploads/${'0123456789abcdef'.repeat(4)}.webp`],
    ['an https URL on the allow-list', 'https://images.omnicart.test/a/b.png'],
    ['the allow-list host with its default port and a query', 'https://images.omnicart.test:443/a.jpg?w=600'],
    ['a subdomain of a wildcard entry', 'https://eu.cdn.example.com/x.webp'],
    ['an upper-case scheme and host', 'HTTPS://Images.OmniCart.test/a.png'],
  ])('accepts %s', (_label, url) => {
    expect(imageUrlProblem(url, ALLOWED)).toBeNull();
    expect(imageUrlProblem(url)).toBeNull();
  });

  it.each([
    // IPv4 loopback and metadata, in every notation the WHATWG parser (browsers, fetch) accepts
    ['metadata, dotted', 'https://169.254.169.254/latest/meta-data/'],
    ['metadata over http', 'http://169.254.169.254/latest/meta-data/'],
    ['loopback, dotted', 'https://127.0.0.1/a.png'],
    ['loopback, decimal', 'https://2130706433/a.png'],
    ['loopback, octal', 'https://0177.0.0.1/a.png'],
    ['loopback, hex', 'https://0x7f.1/a.png'],
    ['loopback, hex dotted', 'https://0x7f.0x0.0x0.0x1/a.png'],
    ['loopback, short', 'https://127.1/a.png'],
    ['metadata, decimal', 'https://2852039166/'],
    ['metadata, hex', 'https://0xa9fea9fe/'],
    ['metadata, octal', 'https://0251.0376.0251.0376/'],
    ['unspecified', 'https://0.0.0.0/a.png'],
    ['unspecified, short', 'https://0/a.png'],
    ['private 10/8', 'https://10.1.2.3/a.png'],
    ['private 172.16/12', 'https://172.31.255.1/a.png'],
    ['private 192.168/16', 'https://192.168.0.10/a.png'],
    ['CGNAT 100.64/10', 'https://100.100.100.200/a.png'],
    ['broadcast', 'https://255.255.255.255/a.png'],
    ['percent-encoded IPv4', 'https://%31%32%37.0.0.1/a.png'],
    // IPv6
    ['IPv6 loopback', 'https://[::1]/a.png'],
    ['IPv6 unspecified', 'https://[::]/a.png'],
    ['IPv4-mapped metadata, dotted', 'https://[::ffff:169.254.169.254]/'],
    ['IPv4-mapped metadata, hex', 'https://[::ffff:a9fe:a9fe]/'],
    ['IPv4-mapped loopback', 'https://[::ffff:127.0.0.1]/'],
    ['IPv4-mapped, expanded', 'https://[0:0:0:0:0:ffff:7f00:1]/'],
    ['IPv4-compatible loopback', 'https://[::127.0.0.1]/'],
    ['NAT64 metadata', 'https://[64:ff9b::a9fe:a9fe]/'],
    ['6to4 private', 'https://[2002:c0a8:1::]/'],
    ['unique local', 'https://[fd00::]/'],
    ['AWS IPv6 metadata', 'https://[fd00:ec2::254]/'],
    ['link-local', 'https://[fe80::]/'],
    ['link-local with a zone', 'https://[fe80::1%25eth0]/'],
    ['multicast', 'https://[ff02::1]/'],
    // names
    ['localhost', 'https://localhost/a.png'],
    ['a localhost subdomain', 'https://images.localhost/a.png'],
    ['GCP metadata', 'https://metadata.google.internal/computeMetadata/v1/'],
    ['a single-label host', 'https://metadata/a.png'],
    ['a trailing-dot host', 'https://images.omnicart.test./a.png'],
    // userinfo and parser tricks
    ['userinfo naming a good host', 'https://images.omnicart.test@169.254.169.254/'],
    ['userinfo with a password', 'https://user:pass@images.omnicart.test/a.png'],
    ['a backslash', 'https://images.omnicart.test\\@127.0.0.1/a.png'],
    ['a non-default port', 'https://images.omnicart.test:8443/a.png'],
    ['whitespace', 'https://images.omnicart.test/a b.png'],
    // schemes and paths
    ['http', 'http://images.omnicart.test/a.png'],
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:image/svg+xml,<svg/>'],
    ['file:', 'file:///etc/passwd'],
    ['ftp:', 'ftp://images.omnicart.test/a.png'],
    ['protocol-relative', '//evil.example/x.svg'],
    ['another site path', '/api/v1/users/me'],
    ['a traversal', '/images/products/../../admin.svg'],
    ['an upload that is not a content hash', '/images/uploads/../../etc/passwd.webp'],
    ['an upload of another type', `/images/uploads/${'0123456789abcdef'.repeat(4)}.svg`],
    ['not a URL', 'images.omnicart.test/a.png'],
  ])('refuses %s', (_label, url) => {
    expect(imageUrlProblem(url, ALLOWED)).toEqual(expect.any(String));
    expect(imageUrlProblem(url)).toEqual(expect.any(String));
  });

  it('refuses a public https host that is not on the allow-list, and every https host with an empty list', () => {
    expect(imageUrlProblem('https://evil.example/a.png', ALLOWED)).toMatch(/allow-list/);
    expect(imageUrlProblem('https://cdn.example.com/a.png', ALLOWED)).toMatch(/allow-list/);
    expect(imageUrlProblem('https://images.omnicart.test.evil.example/a.png', ALLOWED)).toMatch(/allow-list/);
    expect(imageUrlProblem('https://images.omnicart.test/a.png', [])).toMatch(/allow-list/);
    expect(imageUrlProblem('/images/products/a.svg', [])).toBeNull();
    // Without a list (the schema's check) a public host passes; the service then applies the list.
    expect(imageUrlProblem('https://evil.example/a.png')).toBeNull();
  });

  it('names why in the message', () => {
    expect(imageUrlProblem('https://2130706433/')).toMatch(/127\.0\.0\.1.*private, loopback/);
    expect(imageUrlProblem('https://[::ffff:a9fe:a9fe]/')).toMatch(/reserved address/);
    expect(imageUrlProblem('http://images.omnicart.test/a.png')).toMatch(/https/);
    expect(imageUrlProblem('https://images.omnicart.test@evil/')).toMatch(/user name or password/);
  });

  it('classifies addresses by range', () => {
    for (const address of ['0.0.0.0', '10.0.0.1', '100.64.0.1', '100.127.255.255', '127.255.0.1', '169.254.169.254', '172.16.0.1', '192.0.0.192', '192.168.1.1', '198.18.0.1', '224.0.0.1', '255.255.255.255']) {
      expect(isBlockedIpv4(address), address).toBe(true);
    }
    for (const address of ['8.8.8.8', '100.63.255.255', '100.128.0.1', '172.32.0.1', '1.1.1.1', '203.0.113.7']) expect(isBlockedIpv4(address), address).toBe(false);
    for (const address of ['::', '::1', '::ffff:a9fe:a9fe', 'fc00::1', 'fdff::1', 'fe80::1', 'febf::1', 'fec0::1', 'ff00::1', '64:ff9b::7f00:1', 'not-an-address', '1::2::3']) {
      expect(isBlockedIpv6(address), address).toBe(true);
    }
    for (const address of ['2606:4700::1111', '2001:4860:4860::8888', '::ffff:8.8.8.8', '64:ff9b::808:808']) expect(isBlockedIpv6(address), address).toBe(false);
  });
});
