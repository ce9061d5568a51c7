import { permissionsOf, type AccountRole, type Permission } from '@omnicart/contracts';

/**
 * Who may see or change whose account, by the actor's role as stored now (a token may outlive a
 * demotion). Customers are looked after with `customers:*`, staff accounts with `staff:*`: an
 * order manager disables a customer, only an owner (`staff:manage`) touches another staff member.
 */

interface Actor {
  id: string;
  role: AccountRole;
}
interface Target {
  id: string;
  role: AccountRole;
}

function holds(role: AccountRole, permission: Permission): boolean {
  return permissionsOf(role).includes(permission);
}

/** The permission that lets an actor read (`read`) or change (`write`) someone else's account. */
function permissionFor(target: Target, mode: 'read' | 'write'): Permission {
  if (target.role === 'customer') return mode === 'read' ? 'customers:read' : 'customers:write';
  return mode === 'read' ? 'staff:read' : 'staff:manage';
}

/**
 * Anyone but the user and staff allowed to read their kind of account is told the user does not
 * exist (404, not 403), so ids cannot be probed.
 */
export function canAccessProfile(actor: Actor, target: Target): boolean {
  return actor.id === target.id || holds(actor.role, permissionFor(target, 'read'));
}

export type Decision = { allowed: true } | { allowed: false; reason: string };

/** Name, email or password of someone else's account: the matching write permission. */
export function profileEditDecision(
  actor: Actor,
  target: Target,
  patch: { name?: string | undefined; email?: string | undefined; password?: string | undefined },
): Decision {
  if (actor.id === target.id) return { allowed: true };
  if (patch.name === undefined && patch.email === undefined && patch.password === undefined) return { allowed: true };
  const needed = permissionFor(target, 'write');
  if (!holds(actor.role, needed)) return { allowed: false, reason: `Changing this account requires the ${needed} permission` };
  return { allowed: true };
}

export type RoleChangeDecision = { allowed: true; change: false } | { allowed: true; change: true; to: AccountRole } | { allowed: false; reason: string };

/**
 * Only `staff:manage` (owners) changes roles, never their own (an owner cannot lock the shop out
 * of staff management by accident). Asking for the role a user already has is not a change, so a
 * client that echoes the whole profile back still works.
 */
export function roleChangeDecision(actor: Actor, target: Target, requested: AccountRole | undefined): RoleChangeDecision {
  if (requested === undefined || requested === target.role) return { allowed: true, change: false };
  if (!holds(actor.role, 'staff:manage')) return { allowed: false, reason: 'Changing a role requires the staff:manage permission' };
  if (actor.id === target.id) return { allowed: false, reason: 'You cannot change your own role; ask another owner' };
  return { allowed: true, change: true, to: requested };
}

export type DisableDecision = { allowed: true; change: boolean } | { allowed: false; reason: string };

/**
 * Customers are disabled with `customers:write`, staff with `staff:manage`; never one's own
 * account. Sending the state an account already has is not a change.
 */
export function disableDecision(actor: Actor, target: Target & { disabled: boolean }, requested: boolean | undefined): DisableDecision {
  if (requested === undefined || requested === target.disabled) return { allowed: true, change: false };
  const needed = permissionFor(target, 'write');
  if (!holds(actor.role, needed)) return { allowed: false, reason: `Disabling or enabling this account requires the ${needed} permission` };
  if (actor.id === target.id) return { allowed: false, reason: 'You cannot disable your own account' };
  return { allowed: true, change: true };
}

/** A role change that takes any permission away: the user's sessions end (refresh tokens revoked). */
export function isDemotion(from: AccountRole, to: AccountRole): boolean {
  const next = permissionsOf(to);
  return permissionsOf(from).some((permission) => !next.includes(permission));
}
