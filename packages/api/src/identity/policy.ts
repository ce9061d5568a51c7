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
