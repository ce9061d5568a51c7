import { describe, expect, it } from 'vitest';
import { DEFAULT_TRUSTED_PROXIES, clientAddress, normalizeIp, proxyList } from './forwarded.js';

const trusted = proxyList(DEFAULT_TRUSTED_PROXIES);
const walk = (forwardedFor: string | string[] | undefined, peer: string, peerTrusted = trusted.has(peer)) =>
  clientAddress({ forwardedFor, peer, peerTrusted, trusted });

describe('normalizeIp', () => {
  it('reads IPv4, IPv6, brackets, ports, zones and IPv4-mapped addresses', () => {
    expect(normalizeIp(' 203.0.113.7 ')).toBe('203.0.113.7');
    expect(normalizeIp('203.0.113.7:51234')).toBe('203.0.113.7');
    expect(normalizeIp('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(normalizeIp('[2001:db8::1]:443')).toBe('2001:db8::1');
    expect(normalizeIp('fe80::1%eth0')).toBe('fe80::1');
    expect(normalizeIp('::ffff:10.1.2.3')).toBe('10.1.2.3');
    expect(normalizeIp('::ffff:a01:203')).toBe('10.1.2.3');
    expect(normalizeIp('::1')).toBe('::1');
    expect(normalizeIp('::')).toBe('::');
  });

  it('refuses anything that is not an address', () => {
    for (const junk of ['', 'unknown', '1.2.3', '1.2.3.256', '01.2.3.4.5', '2001:db8::1::2', '1:2:3:4:5:6:7:8:9', 'gggg::1', '_hidden', '[::1']) {
      expect(normalizeIp(junk), junk).toBeNull();
    }
  });
});

describe('proxyList', () => {
  it('matches IPv4 and IPv6 networks, bare addresses and mapped addresses', () => {
    const list = proxyList(['10.0.0.0/8', '2001:db8::/32', '198.51.100.9']);
    expect(list.has('10.200.3.4')).toBe(true);
    expect(list.has('::ffff:10.200.3.4')).toBe(true);
    expect(list.has('11.0.0.1')).toBe(false);
    expect(list.has('2001:db8:ffff::1')).toBe(true);
    expect(list.has('2001:db9::1')).toBe(false);
    expect(list.has('198.51.100.9')).toBe(true);
    expect(list.has('198.51.100.10')).toBe(false);
    expect(list.has('not-an-ip')).toBe(false);
  });

  it('the default trusts loopback and private networks only', () => {
    for (const ip of ['127.0.0.1', '::1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', 'fd12::1']) expect(trusted.has(ip), ip).toBe(true);
    for (const ip of ['172.32.0.1', '8.8.8.8', '2001:db8::1', '169.254.169.254', '0.0.0.0']) expect(trusted.has(ip), ip).toBe(false);
  });

  it('names a bad entry', () => {
    expect(() => proxyList(['10.0.0.0/33'])).toThrow('"10.0.0.0/33"');
    expect(() => proxyList(['ingress'])).toThrow('"ingress"');
  });
});

describe('clientAddress', () => {
  it('answers the peer when the peer is not trusted, whatever it forwards', () => {
    expect(walk('198.51.100.1', '203.0.113.7')).toBe('203.0.113.7');
    expect(walk(undefined, '::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('takes the address the ingress saw, not the leftmost entry the client wrote', () => {
    // The client sent "X-Forwarded-For: 1.1.1.1"; the ingress (10.0.0.2) appended the real address.
    expect(walk('1.1.1.1, 203.0.113.7', '10.0.0.2')).toBe('203.0.113.7');
    expect(walk(['1.1.1.1, 9.9.9.9', '203.0.113.7'], '10.0.0.2')).toBe('203.0.113.7');
  });

  it('walks past every trusted hop (IPv4 and IPv6)', () => {
    expect(walk('203.0.113.7, 10.0.0.9, 10.0.0.3', '127.0.0.1')).toBe('203.0.113.7');
    expect(walk('2001:db8::7, fd00::3', '::1')).toBe('2001:db8::7');
    expect(walk('1.1.1.1, [2001:db8::7]:5555, fd00::3', '::1')).toBe('2001:db8::7');
  });

  it('never lets a spoofed private entry left of the client through', () => {
    expect(walk('10.0.0.99, 203.0.113.7', '10.0.0.2')).toBe('203.0.113.7');
  });

  it('answers the leftmost address of an all-trusted chain', () => {
    expect(walk('10.0.0.7, 10.0.0.3', '10.0.0.2')).toBe('10.0.0.7');
    expect(walk(undefined, '127.0.0.1')).toBe('127.0.0.1');
  });

  it('stops at an unreadable entry and keeps the last address a trusted hop vouched for', () => {
    expect(walk('evil, 10.0.0.7', '10.0.0.2')).toBe('10.0.0.7');
    expect(walk('1.1.1.1, unknown', '10.0.0.2')).toBe('10.0.0.2');
  });

  it('a peer trusted by credential (a BFF with the service token) speaks for the shopper', () => {
    expect(clientAddress({ forwardedFor: '203.0.113.7', peer: '127.0.0.1', peerTrusted: true, trusted: proxyList([]) })).toBe('203.0.113.7');
    expect(clientAddress({ forwardedFor: '203.0.113.7', peer: '127.0.0.1', peerTrusted: false, trusted: trusted })).toBe('127.0.0.1');
  });
});
