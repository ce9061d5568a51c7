import { describe, expect, it } from 'vitest';
import { canAccessProfile, disableDecision, isDemotion, profileEditDecision, roleChangeDecision } from './policy.js';

const owner = { id: 'o1', role: 'owner' as const };
const orderManager = { id: 'm1', role: 'order_manager' as const };
const analyst = { id: 'a1', role: 'analyst' as const };
const customer = { id: 'u1', role: 'customer' as const };
const otherCustomer = { id: 'u2', role: 'customer' as const };
const catalogManager = { id: 'c1', role: 'catalog_manager' as const };

describe('canAccessProfile', () => {
  it('lets a user see their own profile and hides everyone else from a customer', () => {
    expect(canAccessProfile(customer, customer)).toBe(true);
    expect(canAccessProfile(customer, otherCustomer)).toBe(false);
    expect(canAccessProfile(customer, owner)).toBe(false);
  });
  it('shows customers to staff holding customers:read and staff to staff:read', () => {
    expect(canAccessProfile(orderManager, customer)).toBe(true);
    expect(canAccessProfile(catalogManager, customer)).toBe(false);
    expect(canAccessProfile(orderManager, owner)).toBe(false);
    expect(canAccessProfile(analyst, owner)).toBe(true);
    expect(canAccessProfile(owner, orderManager)).toBe(true);
  });
});

describe('profileEditDecision', () => {
  it('lets users edit themselves and staff edit the accounts their permissions cover', () => {
    expect(profileEditDecision(customer, customer, { name: 'x' })).toEqual({ allowed: true });
    expect(profileEditDecision(orderManager, customer, { name: 'x' })).toEqual({ allowed: true });
    expect(profileEditDecision(analyst, customer, { name: 'x' })).toEqual({ allowed: false, reason: 'Changing this account requires the customers:write permission' });
    expect(profileEditDecision(orderManager, owner, { email: 'x@y.z' })).toEqual({ allowed: false, reason: 'Changing this account requires the staff:manage permission' });
    expect(profileEditDecision(analyst, customer, {})).toEqual({ allowed: true });
  });
});

describe('roleChangeDecision', () => {
  it('refuses anyone without staff:manage', () => {
    expect(roleChangeDecision(customer, customer, 'owner')).toEqual({ allowed: false, reason: 'Changing a role requires the staff:manage permission' });
    expect(roleChangeDecision(orderManager, customer, 'analyst')).toEqual({ allowed: false, reason: 'Changing a role requires the staff:manage permission' });
  });
  it('treats the unchanged role as no change, even from a customer', () => {
    expect(roleChangeDecision(customer, customer, 'customer')).toEqual({ allowed: true, change: false });
    expect(roleChangeDecision(customer, customer, undefined)).toEqual({ allowed: true, change: false });
  });
  it('lets an owner change other roles either way, never their own', () => {
    expect(roleChangeDecision(owner, customer, 'analyst')).toEqual({ allowed: true, change: true, to: 'analyst' });
    expect(roleChangeDecision(owner, orderManager, 'customer')).toEqual({ allowed: true, change: true, to: 'customer' });
    expect(roleChangeDecision(owner, owner, 'analyst')).toEqual({ allowed: false, reason: 'You cannot change your own role; ask another owner' });
  });
});

describe('disableDecision', () => {
  it('refuses a customer disabling anyone, themselves included', () => {
    expect(disableDecision(customer, { ...customer, disabled: false }, true)).toEqual({
      allowed: false,
      reason: 'Disabling or enabling this account requires the customers:write permission',
    });
  });
  it('refuses disabling one’s own account', () => {
    expect(disableDecision(owner, { ...owner, disabled: false }, true)).toEqual({ allowed: false, reason: 'You cannot disable your own account' });
  });
  it('lets an order manager disable customers but not staff; owners disable staff', () => {
    expect(disableDecision(orderManager, { ...customer, disabled: false }, true)).toEqual({ allowed: true, change: true });
    expect(disableDecision(orderManager, { ...analyst, disabled: false }, true)).toEqual({
      allowed: false,
      reason: 'Disabling or enabling this account requires the staff:manage permission',
    });
    expect(disableDecision(owner, { ...analyst, disabled: true }, false)).toEqual({ allowed: true, change: true });
    expect(disableDecision(customer, { ...customer, disabled: false }, false)).toEqual({ allowed: true, change: false });
  });
});

describe('isDemotion', () => {
  it('is any change that takes a permission away', () => {
    expect(isDemotion('owner', 'analyst')).toBe(true);
    expect(isDemotion('order_manager', 'customer')).toBe(true);
    expect(isDemotion('customer', 'analyst')).toBe(false);
    expect(isDemotion('analyst', 'owner')).toBe(false);
    expect(isDemotion('catalog_manager', 'order_manager')).toBe(true);
  });
});
