import { ROLE_PERMISSIONS } from '@omnicart/contracts';
import { describe, expect, it } from 'vitest';
import { staffAccess } from './lib/access';
import { SECTIONS, sectionForPath, visibleSections } from './sections';

describe('staffAccess', () => {
  it('is nobody for a guest or a customer', () => {
    expect(staffAccess(null)).toBeNull();
    expect(staffAccess({ role: 'customer' })).toBeNull();
    expect(staffAccess({ role: 'customer', staffRole: null, permissions: [] })).toBeNull();
  });

  it("reads the legacy admin role as the owner until identity sends staffRole", () => {
    expect(staffAccess({ role: 'admin' })).toEqual({ staffRole: 'owner', roleLabel: 'Owner', permissions: ROLE_PERMISSIONS.owner });
  });

  it("takes identity's staffRole and permissions when the session has them", () => {
    expect(staffAccess({ role: 'admin', staffRole: 'analyst', permissions: ['dashboard:read'] })).toEqual({ staffRole: 'analyst', roleLabel: 'Analyst', permissions: ['dashboard:read'] });
    expect(staffAccess({ role: 'admin', staffRole: 'catalog_manager' })?.permissions).toEqual(ROLE_PERMISSIONS.catalog_manager);
  });
});

describe('sections', () => {
  it('shows the owner every section, in order', () => {
    expect(visibleSections(ROLE_PERMISSIONS.owner).map((section) => section.id)).toEqual(SECTIONS.map((section) => section.id));
  });

  it('hides what a role cannot open: a catalog manager sees no customers or staff, marketing no inventory', () => {
    const catalog = visibleSections(ROLE_PERMISSIONS.catalog_manager).map((section) => section.id);
    expect(catalog).toEqual(['dashboard', 'orders', 'products', 'inventory', 'audit', 'settings']);
    const marketing = visibleSections(ROLE_PERMISSIONS.marketing).map((section) => section.id);
    expect(marketing).toEqual(['dashboard', 'reports', 'orders', 'products', 'customers', 'messages', 'campaigns', 'promotions', 'settings']);
    // Promotions: discounts:read (owner, marketing); an order manager has none.
    expect(visibleSections(ROLE_PERMISSIONS.order_manager).map((section) => section.id)).not.toContain('promotions');
    expect(visibleSections([])).toEqual([]);
    // Reports: the roles holding reports:read (owner, marketing, analyst).
    expect(visibleSections(ROLE_PERMISSIONS.analyst).map((section) => section.id)).toContain('reports');
    expect(visibleSections(ROLE_PERMISSIONS.order_manager).map((section) => section.id)).not.toContain('reports');
  });

  it('finds the section of a path: the dashboard only at /, nested pages under their section', () => {
    expect(sectionForPath('/')?.id).toBe('dashboard');
    expect(sectionForPath('/orders')?.id).toBe('orders');
    expect(sectionForPath('/orders/abc/packing-slip')?.id).toBe('orders');
    expect(sectionForPath('/ordersx')).toBeUndefined();
    expect(sectionForPath('/reports/funnel')?.id).toBe('reports');
    expect(sectionForPath('/login')).toBeUndefined();
  });

  it('has unique ids and hrefs', () => {
    expect(new Set(SECTIONS.map((section) => section.id)).size).toBe(SECTIONS.length);
    expect(new Set(SECTIONS.map((section) => section.href)).size).toBe(SECTIONS.length);
  });
});
