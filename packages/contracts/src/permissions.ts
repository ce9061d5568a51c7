/**
 * Staff roles and named permissions: the one list the services, the gateway and the admin app share.
 *
 * A role is a fixed set of permissions (owners hold every one). Identity puts the holder's
 * permissions in the access token (claim `perms`); the gateway checks a procedure's permission
 * before forwarding and the service checks it again. The admin app hides what a role cannot use,
 * but never relies on that: the API refuses too.
 */

export const PERMISSIONS = [
  'dashboard:read',
  'reports:read',
  'products:read',
  'products:write',
  'categories:write',
  'inventory:read',
  'inventory:write',
  'orders:read',
  'orders:write',
  'orders:refund',
  'customers:read',
  'customers:write',
  'staff:read',
  'staff:manage',
  'audit:read',
  'settings:read',
  'settings:write',
  'campaigns:write',
  'discounts:read',
  'discounts:write',
  /** Operations: list, replay and discard the event bus's dead letters (owners only). */
  'events:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const STAFF_ROLES = ['owner', 'catalog_manager', 'order_manager', 'marketing', 'analyst'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Every role an account can have: a customer, or one of the staff roles. */
export const ACCOUNT_ROLES = ['customer', ...STAFF_ROLES] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

/** What every staff member may read: the dashboard, and the entities their work touches. */
const READ_ALL: Permission[] = PERMISSIONS.filter((permission) => permission.endsWith(':read'));

export const ROLE_PERMISSIONS: Readonly<Record<StaffRole, readonly Permission[]>> = {
  owner: PERMISSIONS,
  catalog_manager: [
    'dashboard:read',
    'products:read',
    'products:write',
    'categories:write',
    'inventory:read',
    'inventory:write',
    'orders:read',
    'audit:read',
    'settings:read',
  ],
  order_manager: [
    'dashboard:read',
    'products:read',
    'inventory:read',
    'orders:read',
    'orders:write',
    'orders:refund',
    'customers:read',
    'customers:write',
    'audit:read',
    'settings:read',
  ],
  marketing: ['dashboard:read', 'reports:read', 'products:read', 'customers:read', 'orders:read', 'campaigns:write', 'discounts:read', 'discounts:write', 'settings:read'],
  // Read-only: everything a staff member can read, nothing else.
  analyst: READ_ALL,
};

export const ROLE_LABELS: Readonly<Record<AccountRole, string>> = {
  customer: 'Customer',
  owner: 'Owner',
  catalog_manager: 'Catalog manager',
  order_manager: 'Order manager',
  marketing: 'Marketing',
  analyst: 'Analyst',
};

export function isStaffRole(role: string): role is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(role);
}

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

/** The permissions a role holds (none for customers or an unknown role). */
export function permissionsOf(role: string): readonly Permission[] {
  return isStaffRole(role) ? ROLE_PERMISSIONS[role] : [];
}

/**
 * The REST contract's coarse `role` (`customer` | `admin`), kept for clients written before staff
 * roles: every staff member is `admin` there; the precise role is `staffRole`.
 */
export type LegacyRole = 'customer' | 'admin';
export function legacyRole(role: AccountRole): LegacyRole {
  return role === 'customer' ? 'customer' : 'admin';
}

export function hasPermission(holder: { permissions?: readonly string[] } | null | undefined, permission: Permission): boolean {
  return Boolean(holder?.permissions?.includes(permission));
}
