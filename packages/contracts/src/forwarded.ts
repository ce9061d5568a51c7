/**
 * Who is the client behind a chain of proxies? The gateway and the apps' BFFs answer it the same
 * way: an `X-Forwarded-For` chain is `client, proxy1, proxy2` and every hop appends the address
 * it saw, so only the entries written by hops we trust mean anything. Walk from the right (the
 * peer that connected to us) past the trusted proxies; the first address that is not a trusted
 * proxy is the client. Anything left of it was written by the client itself and is ignored.
 * Pure string and integer work (no Node `net`), so it runs anywhere.
 */

/** The default trusted proxies: loopback and the private networks a cluster's ingress and pods live in. */
export const DEFAULT_TRUSTED_PROXIES: readonly string[] = [
  '127.0.0.0/8',
  '::1/128',
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  'fc00::/7',
];

interface ParsedIp {
  version: 4 | 6;
  value: bigint;
}

function parseIpv4(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = (value << 8n) | BigInt(octet);
  }
  return value;
}

function parseIpv6(text: string): bigint | null {
  let address = text;
  // A trailing dotted quad (e.g. ::ffff:10.0.0.1) is the last two groups.
  const lastColon = address.lastIndexOf(':');
  if (address.includes('.', lastColon)) {
    const v4 = parseIpv4(address.slice(lastColon + 1));
    if (v4 === null) return null;
    address = `${address.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const groups = (half: string | undefined): string[] | null => (half === undefined || half === '' ? [] : half.split(':'));
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !rest) return null;
  const wanted = 8;
  const present = head.length + rest.length;
  if (halves.length === 2 ? present >= wanted : present !== wanted) return null;
  const all = [...head, ...Array<string>(wanted - present).fill('0'), ...rest];
  let value = 0n;
  for (const group of all) {
    if (!/^[0-9a-f]{1,4}$/i.test(group)) return null;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  return value;
}

/**
 * An address as it appears in a forwarding header or on a socket: IPv4, IPv6 (with or without a
 * zone or brackets), either with a port (`1.2.3.4:5678`, `[::1]:80`). IPv4-mapped IPv6
 * (`::ffff:1.2.3.4`) is the IPv4 address. Null for anything else.
 */
export function normalizeIp(raw: string): string | null {
  let text = raw.trim();
  if (!text) return null;
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(text);
  if (bracketed) text = bracketed[1]!;
  else if (/^[\d.]+:\d{1,5}$/.test(text)) text = text.slice(0, text.lastIndexOf(':'));
  const zone = text.indexOf('%');
  if (zone !== -1) text = text.slice(0, zone);
  const parsed = parseIp(text);
  if (!parsed) return null;
  return parsed.version === 4 ? formatIpv4(parsed.value) : formatIpv6(parsed.value);
}

function parseIp(text: string): ParsedIp | null {
  const v4 = parseIpv4(text);
  if (v4 !== null) return { version: 4, value: v4 };
  if (!text.includes(':')) return null;
  const v6 = parseIpv6(text);
  if (v6 === null) return null;
  // IPv4-mapped (::ffff:a.b.c.d) is that IPv4 address.
  if (v6 >> 32n === 0xffffn) return { version: 4, value: v6 & 0xffffffffn };
  return { version: 6, value: v6 };
}

function formatIpv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
}

function formatIpv6(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_, index) => Number((value >> BigInt((7 - index) * 16)) & 0xffffn));
  // RFC 5952: the longest run of two or more zero groups becomes '::'.
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; start++) {
    let length = 0;
    while (start + length < 8 && groups[start + length] === 0) length++;
    if (length > bestLength) {
      bestStart = start;
      bestLength = length;
    }
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart === -1) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/** A list of networks ('10.0.0.0/8', '::1', '2001:db8::/32'); a bare address is a /32 or /128. */
export interface ProxyList {
  has(ip: string): boolean;
}

/** @throws Error naming the entry when one is not an address or CIDR block. */
export function proxyList(entries: readonly string[]): ProxyList {
  const networks = entries.map((entry) => {
    const [address = '', bits] = entry.trim().split('/');
    const parsed = parseIp(address);
    const max = parsed?.version === 4 ? 32 : 128;
    const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
    if (!parsed || !(prefix >= 0 && prefix <= max)) throw new Error(`Not an IP address or CIDR block: "${entry}"`);
    const shift = BigInt(max - prefix);
    return { version: parsed.version, shift, network: parsed.value >> shift };
  });
  return {
    has(ip) {
      const parsed = parseIp(ip);
      if (!parsed) return false;
      return networks.some((net) => net.version === parsed.version && parsed.value >> net.shift === net.network);
    },
  };
}

/**
 * The client's address: the `X-Forwarded-For` chain (header values in order, each possibly a
 * comma list) followed by the connecting peer, walked from the right while the address is a
 * trusted proxy. `peerTrusted` says whether the peer may speak for someone else at all (e.g. it
 * presented the service token); other entries are trusted when `trusted` has them.
 * An unparseable entry ends the walk at the last address seen; an all-trusted chain answers its
 * leftmost address. Null only when the peer's own address is unknown and nothing is trusted.
 */
export function clientAddress(input: {
  forwardedFor: string | readonly string[] | undefined;
  peer: string | undefined;
  peerTrusted: boolean;
  trusted: ProxyList;
}): string | null {
  const peer = input.peer === undefined ? null : normalizeIp(input.peer);
  if (!input.peerTrusted) return peer ?? input.peer ?? null;
  const header = typeof input.forwardedFor === 'string' ? [input.forwardedFor] : (input.forwardedFor ?? []);
  const chain = header.flatMap((value) => value.split(','));
  let client = peer;
  for (let index = chain.length - 1; index >= 0; index--) {
    const entry = normalizeIp(chain[index]!);
    if (entry === null) break; // written by something we cannot read: trust ends here
    client = entry;
    if (!input.trusted.has(entry)) break;
  }
  return client ?? input.peer ?? null;
}
