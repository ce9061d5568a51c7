import { describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLE_PERMISSIONS, STAFF_ROLES, hasPermission, legacyRole, permissionsOf } from './permissions.js';

describe('staff roles and permissions', () => {
  it('gives owners every permission and customers none', () => {
    expect(permissionsOf('owner')).toEqual(PERMISSIONS);
    expect(permissionsOf('customer')).toEqual([]);
    expect(permissionsOf('admin')).toEqual([]);
  });

  it('keeps analysts read-only and staff management with owners', () => {
    expect(ROLE_PERMISSIONS.analyst.every((permission) => permission.endsWith(':read'))).toBe(true);
    for (const role of STAFF_ROLES.filter((r) => r !== 'owner')) expect(ROLE_PERMISSIONS[role]).not.toContain('staff:manage');
  });

  it('separates the catalog and order managers', () => {
    expect(hasPermission({ permissions: ROLE_PERMISSIONS.order_manager }, 'products:write')).toBe(false);
    expect(hasPermission({ permissions: ROLE_PERMISSIONS.order_manager }, 'orders:refund')).toBe(true);
    expect(hasPermission({ permissions: ROLE_PERMISSIONS.catalog_manager }, 'inventory:write')).toBe(true);
    expect(hasPermission({ permissions: ROLE_PERMISSIONS.catalog_manager }, 'orders:refund')).toBe(false);
    expect(hasPermission(null, 'orders:read')).toBe(false);
  });

  it('maps every staff role to the legacy `admin` role', () => {
    expect(legacyRole('customer')).toBe('customer');
    for (const role of STAFF_ROLES) expect(legacyRole(role)).toBe('admin');
  });
});
