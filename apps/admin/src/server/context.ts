import 'server-only';
import { requestContext, serviceStatus, staffFields, type SessionUser } from '@omnicart/bff';
import { cache } from 'react';
import { staffAccess, type StaffAccess } from '@/lib/access';
import { sessions } from './auth';
import { services, type Services } from './services';

export interface AdminContext {
  /** The signed-in user (staff or not), or null. */
  user: SessionUser | null;
  /** Their staff role and permissions; null for a customer or a guest. */
  staff: StaffAccess | null;
  /** Service clients carrying the user's token, forwarded address and request id. */
  api: Services;
}

/**
 * The session as identity sees it now. The cookie alone would keep a disabled or demoted staff
 * member in for up to an access token's lifetime: identity refuses their token within seconds
 * (their session epoch moved), so a 401 here reads as signed out, and the role and permissions
 * come from identity rather than the cookie. Identity unreachable: the cookie's view stands (the
 * page's own calls fail on their own).
 */
async function liveUser(session: SessionUser | null, api: Services): Promise<SessionUser | null> {
  if (!session) return null;
  try {
    const me = await api.identity.me.query({});
    return { ...session, name: me.name, email: me.email, role: me.role, ...staffFields(me) };
  } catch (error) {
    return serviceStatus(error) === 401 ? null : session;
  }
}

/** The request's session and service clients, made once per server render, route handler or action. */
export const getAdminContext = cache(async (): Promise<AdminContext> => {
  const { session, caller } = await requestContext(sessions);
  const api = services(caller);
  const user = await liveUser(session, api);
  return { user, staff: staffAccess(user), api };
});
