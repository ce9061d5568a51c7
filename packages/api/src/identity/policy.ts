import type { AuthUser, Role } from '../runtime/auth.js';

/**
 * Who may see or change a user profile. Anyone but the user and admins is told the user does
 * not exist (404, not 403), so ids cannot be probed.
 */
export function canAccessProfile(actor: Pick<AuthUser, 'id' | 'role'>, targetUserId: string): boolean {
  return actor.role === 'admin' || actor.id === targetUserId;
}

export type RoleChangeDecision = { allowed: true; change: boolean } | { allowed: false; reason: string };

/**
 * Only admins change roles. Sending the role a user already has is not a change, so a client
 * that echoes the whole profile back still works for customers.
 */
export function roleChangeDecision(actorRole: Role, currentRole: Role, requestedRole: Role | undefined): RoleChangeDecision {
  if (requestedRole === undefined || requestedRole === currentRole) return { allowed: true, change: false };
  if (actorRole !== 'admin') return { allowed: false, reason: 'Only an admin can change a role' };
  return { allowed: true, change: true };
}

export type DisableDecision = { allowed: true; change: boolean } | { allowed: false; reason: string };

/**
 * Only admins disable or enable accounts, and never their own (an admin cannot lock themselves
 * out). Sending the state an account already has is not a change.
 */
export function disableDecision(
  actor: Pick<AuthUser, 'id'> & { role: Role },
  target: { id: string; disabled: boolean },
  requested: boolean | undefined,
): DisableDecision {
  if (requested === undefined || requested === target.disabled) return { allowed: true, change: false };
  if (actor.role !== 'admin') return { allowed: false, reason: 'Only an admin can disable or enable an account' };
  if (actor.id === target.id) return { allowed: false, reason: 'An admin cannot disable their own account' };
  return { allowed: true, change: true };
}
