import { ROLE_LABELS, hasPermission, permissionsOf, type Permission, type StaffRole } from '@omnicart/contracts';

/** What the admin needs of the session's user (@omnicart/bff SessionUser). */
export interface AccessUser {
  role: 'customer' | 'admin';
  staffRole?: StaffRole | null;
  permissions?: readonly Permission[];
}

/** A staff member's role and permissions. */
export interface StaffAccess {
  staffRole: StaffRole;
  roleLabel: string;
  permissions: readonly Permission[];
}

/**
 * The one place the admin works out staff access. Identity's user output gains `staffRole` and
 * `permissions`; until every session carries them, the legacy `role: 'admin'` reads as the owner.
 * null: not staff (a customer), who sees no admin page at all.
 */
export function staffAccess(user: AccessUser | null | undefined): StaffAccess | null {
  if (!user) return null;
  const staffRole = user.staffRole ?? (user.role === 'admin' ? 'owner' : null);
  if (!staffRole) return null;
  return { staffRole, roleLabel: ROLE_LABELS[staffRole], permissions: user.permissions ?? permissionsOf(staffRole) };
}

export function can(staff: StaffAccess | null, permission: Permission): boolean {
  return hasPermission(staff, permission);
}
