import { describe, expect, it } from 'vitest';
import { canAccessProfile, disableDecision, roleChangeDecision } from './policy.js';

describe('canAccessProfile', () => {
  it('lets a user see their own profile', () => {
    expect(canAccessProfile({ id: 'u1', role: 'customer' }, 'u1')).toBe(true);
  });
  it('hides other users from a customer', () => {
    expect(canAccessProfile({ id: 'u1', role: 'customer' }, 'u2')).toBe(false);
  });
  it('lets an admin see anyone', () => {
    expect(canAccessProfile({ id: 'a1', role: 'admin' }, 'u2')).toBe(true);
  });
});

describe('roleChangeDecision', () => {
  it('refuses a customer promoting anyone', () => {
    expect(roleChangeDecision('customer', 'customer', 'admin')).toEqual({ allowed: false, reason: 'Only an admin can change a role' });
  });
  it('treats the unchanged role as no change, even from a customer', () => {
    expect(roleChangeDecision('customer', 'customer', 'customer')).toEqual({ allowed: true, change: false });
    expect(roleChangeDecision('customer', 'customer', undefined)).toEqual({ allowed: true, change: false });
  });
  it('lets an admin change a role either way', () => {
    expect(roleChangeDecision('admin', 'customer', 'admin')).toEqual({ allowed: true, change: true });
    expect(roleChangeDecision('admin', 'admin', 'customer')).toEqual({ allowed: true, change: true });
  });
});

describe('disableDecision', () => {
  it('refuses a customer disabling anyone, themselves included', () => {
    expect(disableDecision({ id: 'u1', role: 'customer' }, { id: 'u1', disabled: false }, true)).toEqual({
      allowed: false,
      reason: 'Only an admin can disable or enable an account',
    });
  });
  it('refuses an admin disabling their own account', () => {
    expect(disableDecision({ id: 'a1', role: 'admin' }, { id: 'a1', disabled: false }, true)).toEqual({
      allowed: false,
      reason: 'An admin cannot disable their own account',
    });
  });
  it('treats the unchanged state as no change and lets an admin disable and enable others', () => {
    expect(disableDecision({ id: 'u1', role: 'customer' }, { id: 'u1', disabled: false }, false)).toEqual({ allowed: true, change: false });
    expect(disableDecision({ id: 'a1', role: 'admin' }, { id: 'u2', disabled: false }, true)).toEqual({ allowed: true, change: true });
    expect(disableDecision({ id: 'a1', role: 'admin' }, { id: 'u2', disabled: true }, false)).toEqual({ allowed: true, change: true });
  });
});
