import 'server-only';
import { createTRPCClient, httpLink, type TRPCClient, type TRPCLink } from '@trpc/client';
import type { AnyTRPCRouter } from '@trpc/server';
import { tracedFetch } from './tracing.js';

/** Where the services are reached, and how long one call may take. */
export interface GatewayOptions {
  /** The gateway's base URL: domain `d` answers tRPC at `${gatewayUrl}/trpc/d`. */
  gatewayUrl: string;
  /** Upper bound for one service call, in milliseconds. */
  timeoutMs: number;
  /**
   * The platform's SERVICE_TOKEN. With it the gateway trusts this app as a proxy and counts the
   * shopper's address (the caller's `forwardedFor`) instead of the app's own; without it every
   * user of the app looks like one address to the gateway and identity's sign-in throttle
   * (unless the gateway lists the app among its TRUSTED_PROXIES with TRUST_PROXY=true).
   */
  serviceToken?: string | undefined;
  /** The app's name, sent beside the token (gateway logs). */
  appName?: string | undefined;
}

/** On whose behalf a service call is made (request.ts reads it from the request). */
export interface Caller {
  /** The signed-in user's identity access token, sent as `Authorization: Bearer …`. */
  accessToken?: string | undefined;
  /** The user's address, as this app's trust rules worked it out (request.ts `shopperAddress`). */
  forwardedFor?: string | undefined;
  /** The id the ingress gave the request (`X-Request-Id`): the services log their work under it. */
  requestId?: string | undefined;
}

/** `{ identity: IdentityRouter, … }` → `{ identity: typed client, … }`. */
export type DomainClients<TDomains extends { [K in keyof TDomains]: AnyTRPCRouter }> = { [K in keyof TDomains]: TRPCClient<TDomains[K]> };

/** The service token header (the gateway's trusted-proxy credential; it never travels past the gateway). */
export const SERVICE_TOKEN_HEADER = 'x-omnicart-service-token';

/** The headers every call made for `caller` carries. */
export function callerHeaders(caller: Caller, gateway: Pick<GatewayOptions, 'serviceToken' | 'appName'> = {}): Record<string, string> {
  const headers: Record<string, string> = {};
  if (caller.accessToken) headers.authorization = `Bearer ${caller.accessToken}`;
  // The user's address, and the token that makes the gateway believe it: the gateway and
  // identity's sign-in throttle count users one by one instead of as one app address.
  if (gateway.serviceToken) {
    headers[SERVICE_TOKEN_HEADER] = gateway.serviceToken;
    if (gateway.appName) headers['x-omnicart-service'] = gateway.appName;
  }
  if (caller.forwardedFor) headers['x-forwarded-for'] = caller.forwardedFor;
  if (caller.requestId) headers['x-request-id'] = caller.requestId;
  return headers;
}

/**
 * A typed tRPC client of one domain service, reached through the gateway
 * (`${gatewayUrl}/trpc/<domain>`). Browsers never talk to these: the app's route handlers and
 * server components do, on behalf of `caller`. Types only from `@omnicart/api`.
 */
export function domainClient<TRouter extends AnyTRPCRouter>(domain: string, gateway: GatewayOptions, caller: Caller = {}): TRPCClient<TRouter> {
  const headers = callerHeaders(caller, gateway);
  return createTRPCClient<TRouter>({
    links: [
      httpLink<AnyTRPCRouter>({
        url: `${gateway.gatewayUrl}/trpc/${domain}`,
        headers: () => headers,
        // Next.js must not cache service calls itself: an app caches reads on purpose (unstable_cache).
        // With tracing on, the call is a client span of the app's request and carries its traceparent.
        fetch: (input, init) => tracedFetch(`/trpc/${domain}`, input, { ...init, cache: 'no-store', signal: AbortSignal.timeout(gateway.timeoutMs) }),
      }) as TRPCLink<TRouter>,
    ],
  });
}

/**
 * The service clients an app uses, made per caller:
 * `serviceClients<{ identity: IdentityRouter; cart: CartRouter }>(['identity', 'cart'], gateway)` →
 * `(caller?) => ({ identity, cart })`. `gateway` is asked each time clients are made, so an app's
 * environment may be validated lazily.
 */
export function serviceClients<TDomains extends { [K in keyof TDomains]: AnyTRPCRouter }>(domains: ReadonlyArray<keyof TDomains & string>, gateway: () => GatewayOptions) {
  return (caller: Caller = {}): DomainClients<TDomains> => {
    const options = gateway();
    return Object.fromEntries(domains.map((domain) => [domain, domainClient(domain, options, caller)])) as DomainClients<TDomains>;
  };
}
