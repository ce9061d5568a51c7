import 'server-only';
import { createSessions } from '@omnicart/bff';
import { getEnv, secureCookies } from '@/env';
import { services } from './services';

/**
 * The shopper's session (@omnicart/bff createSessions): next-auth credentials sign-in against
 * identity, the tokens in next-auth's encrypted session cookie, refreshed single-flight.
 */
export const sessions = createSessions({
  secret: () => getEnv().NEXTAUTH_SECRET,
  secureCookies,
  identity: (caller) => services(caller).identity,
  // next-auth's own name: sessions signed in before this cookie had a name of its own stay valid.
  cookieName: 'next-auth.session-token',
  maxAgeSeconds: 30 * 24 * 60 * 60,
  signInPage: '/login',
  // Whose X-Forwarded-For entries count when the shopper's address is worked out (sign-in throttling).
  trustedProxies: () => getEnv().TRUSTED_PROXIES,
});

/** next-auth's options for /api/auth/[...nextauth]. */
export const authOptions = () => sessions.authOptions();
