import 'server-only';
import { requestContext, type SessionUser } from '@omnicart/bff';
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

/** The request's session and service clients, made once per server render, route handler or action. */
export const getAdminContext = cache(async (): Promise<AdminContext> => {
  const { session, caller } = await requestContext(sessions);
  return { user: session, staff: staffAccess(session), api: services(caller) };
});
