import type { Permission } from '@omnicart/contracts';

/**
 * The admin's sections: the one list the sidebar, the access guard (server/guard.ts
 * `requireSection`) and the command palette read. Adding a section is one entry here plus its
 * route folder under src/app/(admin)/<href> whose page starts with `await requireSection('<id>')`.
 */
export interface Section {
  id: string;
  label: string;
  /** Where the section lives (its route folder). */
  href: string;
  /** What a staff member needs to open it (and to see it in the navigation). */
  permission: Permission;
  /** One line for the command palette and the section's empty state. */
  description: string;
  /** 'soon': its backend is not there yet; the page says so honestly instead of showing made-up data. */
  status: 'live' | 'soon';
}

export const SECTIONS = [
  { id: 'dashboard', label: 'Dashboard', href: '/', permission: 'dashboard:read', description: 'Revenue, orders and average order value at a glance', status: 'live' },
  { id: 'reports', label: 'Reports', href: '/reports', permission: 'reports:read', description: 'Sales, best sellers, the conversion funnel, search, retention and recommendation shelves over any date range, with CSV', status: 'live' },
  { id: 'orders', label: 'Orders', href: '/orders', permission: 'orders:read', description: 'Find, fulfil, refund and export orders', status: 'live' },
  { id: 'products', label: 'Products', href: '/products', permission: 'products:read', description: 'Every product: search, edit, archive and restore, bulk changes', status: 'live' },
  { id: 'inventory', label: 'Inventory', href: '/inventory', permission: 'inventory:read', description: 'Stock per SKU, reservations and adjustments', status: 'live' },
  { id: 'customers', label: 'Customers', href: '/customers', permission: 'customers:read', description: 'Customer accounts and their orders', status: 'live' },
  { id: 'messages', label: 'Messages', href: '/messages', permission: 'customers:read', description: 'Every e-mail and SMS sent to customers: delivery state, content, resend', status: 'live' },
  { id: 'staff', label: 'Staff', href: '/staff', permission: 'staff:read', description: 'Staff members, their roles and invitations', status: 'live' },
  { id: 'campaigns', label: 'Campaigns', href: '/campaigns', permission: 'campaigns:write', description: 'Marketing e-mails to customers who opted in: write, preview, test, send or schedule', status: 'live' },
  { id: 'promotions', label: 'Promotions', href: '/promotions', permission: 'discounts:read', description: 'Discount codes and automatic promotions: create, schedule, generate codes, usage and revenue', status: 'live' },
  { id: 'audit', label: 'Audit log', href: '/audit', permission: 'audit:read', description: 'Who changed what, and when', status: 'live' },
  { id: 'dead-letters', label: 'Dead letters', href: '/operations/dead-letters', permission: 'events:manage', description: 'Operations: events a consumer gave up on; inspect, replay or discard them', status: 'live' },
  { id: 'settings', label: 'Settings', href: '/settings', permission: 'settings:read', description: 'Store name, time zone, shipping and taxes', status: 'live' },
] as const satisfies readonly Section[];

export type SectionId = (typeof SECTIONS)[number]['id'];

export function sectionById(id: SectionId): Section {
  return SECTIONS.find((section) => section.id === id)!;
}

/** The sections a holder of these permissions may open, in navigation order. */
export function visibleSections(permissions: readonly Permission[]): Section[] {
  return SECTIONS.filter((section) => permissions.includes(section.permission));
}

/** The section a path belongs to (the longest matching href), e.g. /orders/abc → orders. */
export function sectionForPath(pathname: string): Section | undefined {
  return [...SECTIONS]
    .sort((a, b) => b.href.length - a.href.length)
    .find((section) => (section.href === '/' ? pathname === '/' : pathname === section.href || pathname.startsWith(`${section.href}/`)));
}
