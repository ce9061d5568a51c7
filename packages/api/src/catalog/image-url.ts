/**
 * Which image URLs a product may carry (the input schema and the service's allow-list check).
 * Pure and dependency-free: schemas.ts imports it.
 *
 * Nothing fetches an image URL at write time, but browsers render them and future workers
 * (thumbnails, feeds) will fetch them, so a URL must never point inside our network: only our own
 * image paths, or https on a host of the configured allow-list (CATALOG_IMAGE_HOSTS). The
 * allow-list is also the defence against redirects: nothing can tell at write time where a URL
 * will redirect, so only hosts we trust (no open redirectors) may be listed.
 */
/** Our own image paths: what `GET /images/products/<slug>.svg` and `GET /images/uploads/<sha256>.webp` (uploads.ts) serve. */
const OWN_IMAGE_PATH = /^\/images\/(?:products\/[a-z0-9]+(?:-[a-z0-9]+)*\.svg|uploads\/[0-9a-f]{64}\.webp)$/;
/**
 * The authority of an https URL as written: a host name or an IP literal and at most the default
 * port. No userinfo (`https://good.example@evil`), no percent-encoding, backslashes or other
 * characters that parsers disagree on, so the host checked is the host every client will use.
 */
const PLAIN_AUTHORITY = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::443)?$/i;
/** Host names that only mean something inside a network (and cloud metadata names). */
const INTERNAL_NAME = /(?:^|\.)(?:localhost|local|localdomain|internal|intranet|lan|home|corp|private|home\.arpa|in-addr\.arpa|ip6\.arpa)$/i;

/** IPv4 ranges no image may point at: [network, prefix length]. */
const BLOCKED_IPV4: ReadonlyArray<[string, number]> = [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT (Alibaba's metadata at 100.100.100.200)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata at 169.254.169.254)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];

function ipv4Number(address: string): number | null {
  const parts = address.split('.');
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255)) return null;
  return parts.reduce((value, part) => value * 256 + Number(part), 0);
}

/** Whether a dotted-quad IPv4 address is private, loopback, link-local, CGNAT, metadata, unspecified or reserved. */
export function isBlockedIpv4(address: string): boolean {
  const value = ipv4Number(address);
  if (value === null) return true;
  return BLOCKED_IPV4.some(([network, prefix]) => {
    const size = 2 ** (32 - prefix);
    return Math.floor(value / size) === Math.floor(ipv4Number(network)! / size);
  });
}

/** The eight 16-bit groups of an IPv6 address (with `::` and an embedded dotted IPv4), or null. */
function ipv6Groups(address: string): number[] | null {
  let text = address.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const value = ipv4Number(dotted[1]!);
    if (value === null) return null;
    text = `${text.slice(0, dotted.index)}${Math.floor(value / 65536).toString(16)}:${(value % 65536).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string) => (part === '' ? [] : part.split(':'));
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (!groups.every((group) => /^[0-9a-f]{1,4}$/.test(group))) return null;
  return groups.map((group) => parseInt(group, 16));
}

/**
 * Whether an IPv6 address (without brackets) is one no image may point at: unspecified, loopback,
 * IPv4-mapped/-compatible/NAT64/6to4 forms of a blocked IPv4 address, unique-local (fc00::/7,
 * e.g. AWS's fd00:ec2::254), link-local and site-local (fe80::/10, fec0::/10), multicast.
 */
export function isBlockedIpv6(address: string): boolean {
  const groups = ipv6Groups(address);
  if (!groups) return true;
  const [g0, g1, g2, g3, g4, g5, g6, g7] = groups as [number, number, number, number, number, number, number, number];
  const embedded = (high: number, low: number) => `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  const upperZero = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  if (upperZero && (g5 === 0 || g5 === 0xffff)) {
    // ::, ::1, ::a.b.c.d (compatible) and ::ffff:a.b.c.d (mapped): judged as the IPv4 address.
    if (g5 === 0 && g6 === 0) return true;
    return isBlockedIpv4(embedded(g6, g7));
  }
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0xffff && g5 === 0) return isBlockedIpv4(embedded(g6, g7)); // ::ffff:0:a.b.c.d
  if (g0 === 0x64 && g1 === 0xff9b) return g2 !== 0 || g3 !== 0 || g4 !== 0 || g5 !== 0 || isBlockedIpv4(embedded(g6, g7)); // NAT64
  if (g0 === 0x2002) return isBlockedIpv4(embedded(g1, g2)); // 6to4
  if ((g0 & 0xfe00) === 0xfc00) return true; // unique local
  if ((g0 & 0xffc0) === 0xfe80 || (g0 & 0xffc0) === 0xfec0) return true; // link-local, site-local
  if ((g0 & 0xff00) === 0xff00) return true; // multicast
  return false;
}

/** Whether `host` (lower case, as the URL parser gave it) matches an allow-list entry: exact, or `*.example.com` for its subdomains. */
function hostAllowed(host: string, allowedHosts: readonly string[]): boolean {
  return allowedHosts.some((entry) => {
    const allowed = entry.trim().toLowerCase();
    if (allowed.startsWith('*.')) return host.endsWith(allowed.slice(1)) && host.length > allowed.length - 1;
    return host === allowed;
  });
}

/**
 * Why an image URL is refused, or null when it is acceptable: our own image path, or an https URL
 * whose host is not internal in any notation (decimal, octal, hex or short IPv4 are normalised by
 * the WHATWG parser, as browsers do; IPv6 literals are checked group by group) and, when
 * `allowedHosts` is given, is on it (an empty list: only our own paths).
 */
export function imageUrlProblem(url: string, allowedHosts?: readonly string[]): string | null {
  if (url.startsWith('/')) {
    return OWN_IMAGE_PATH.test(url) ? null : 'a site-relative image url must be one of ours (/images/products/<slug>.svg or an upload, /images/uploads/<sha256>.webp)';
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme !== 'https') return 'an image url must be an https URL or our own image path';
  const authority = /^https:\/\/([^/?#]*)(?:[/?#]|$)/i.exec(url)?.[1];
  if (authority === undefined || authority.includes('@')) return 'an image url must not carry a user name or password';
  if (!PLAIN_AUTHORITY.test(authority) || /[\s\\]/.test(url)) return 'an image url must name a plain host (letters, digits, dots, hyphens; default port)';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'an image url must be a valid URL';
  }
  if (parsed.username || parsed.password) return 'an image url must not carry a user name or password';
  const host = parsed.hostname.toLowerCase();
  if (host.startsWith('[')) {
    if (isBlockedIpv6(host.slice(1, -1))) return `image host ${host} is a private, loopback, link-local or reserved address`;
  } else if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) {
    if (isBlockedIpv4(host)) return `image host ${host} is a private, loopback, link-local or reserved address`;
  } else if (!host.includes('.') || host.endsWith('.') || INTERNAL_NAME.test(host)) {
    return `image host ${host} is an internal name`;
  }
  if (allowedHosts && !hostAllowed(host, allowedHosts)) {
    return `image host ${host} is not on the allow-list (CATALOG_IMAGE_HOSTS)`;
  }
  return null;
}
