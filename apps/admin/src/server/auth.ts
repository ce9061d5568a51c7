import 'server-only';
import { createSessions } from '@omnicart/bff';
import { getEnv, secureCookies } from '@/env';
import { services } from './services';

/**
 * The staff member's session (@omnicart/bff createSessions, as the storefront's): credentials
 * sign-in against identity, tokens in next-auth's encrypted cookie. The cookie has a name of its own
 * (cookies ignore ports: the storefront's on :3000 and this one on :3001 must not overwrite each
 * other) and a secret of its own; a working day long.
 */
export const sessions = createSessions({
  secret: () => getEnv().NEXTAUTH_SECRET,
  secureCookies,
  identity: (caller) => services(caller).identity,
  cookieName: 'omnicart-admin.session-token',
  maxAgeSeconds: 8 * 60 * 60,
  signInPage: '/login',
  trustedProxies: () => getEnv().TRUSTED_PROXIES,
});

/** next-auth's options for /api/auth/[...nextauth]. */
export const authOptions = () => sessions.authOptions();
