import 'server-only';
import { serviceStatus } from '@omnicart/bff';
import type { Permission } from '@omnicart/contracts';
import { headers } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import type { StaffAccess } from '@/lib/access';
import { safeCallbackUrl } from '@/lib/callback-url';
import { sectionById, type SectionId } from '@/sections';
import { getAdminContext, type AdminContext } from './context';

export type StaffContext = AdminContext & { staff: StaffAccess };

/**
 * Every admin page starts here (pages render in parallel with their layout, so the layout's check
 * alone would not keep data out of a response). Signed out: to /login and back. A customer, or a
 * staff member without the permission: `forbidden()` (403, app/forbidden.tsx says which of the two).
 */
export async function requirePermission(permission: Permission): Promise<StaffContext> {
  const context = await getAdminContext();
  if (!context.user) {
    const path = safeCallbackUrl((await headers()).get('x-admin-path'));
    redirect(path === '/' ? '/login' : `/login?callbackUrl=${encodeURIComponent(path)}`);
  }
  if (!context.staff || !context.staff.permissions.includes(permission)) forbidden();
  return context as StaffContext;
}

/** `requirePermission` for a section of the registry (src/sections.ts). */
export function requireSection(id: SectionId): Promise<StaffContext> {
  return requirePermission(sectionById(id).permission);
}

/**
 * A page's service read: a 403 from the API (the role lacks the permission the service checks)
 * shows the not-allowed page rather than an error.
 */
export async function orForbidden<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (serviceStatus(error) === 403) forbidden();
    throw error;
  }
}
