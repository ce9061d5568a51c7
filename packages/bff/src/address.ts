import 'server-only';
import { DEFAULT_TRUSTED_PROXIES, clientAddress, normalizeIp, proxyList } from '@omnicart/contracts';

/**
 * The user's address from the request's X-Forwarded-For, by the app's own trust rules. Next.js
 * writes the socket's address there when the request has none; an ingress appends the address it
 * saw. So the rightmost entry is what the nearest hop saw, and the chain is walked from the right
 * past `trustedProxies` (default: loopback and private networks, i.e. the cluster's ingress); a
 * client's own entries left of that never count. Undefined when there is no readable address.
 */
export function shopperAddress(forwardedFor: string | string[] | null | undefined, trustedProxies: readonly string[] = DEFAULT_TRUSTED_PROXIES): string | undefined {
  const chain = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? '')).split(',');
  const nearest = chain.pop();
  if (nearest === undefined || !nearest.trim()) return undefined;
  const trusted = proxyList(trustedProxies);
  const address = clientAddress({ forwardedFor: chain.join(','), peer: nearest, peerTrusted: trusted.has(nearest.trim()), trusted });
  return (address && normalizeIp(address)) ?? undefined;
}
