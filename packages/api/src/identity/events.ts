import { z } from 'zod';
import { ACCOUNT_ROLES, auditContract, defineEvent } from '@omnicart/contracts';

/** What identity announces. Contact details travel in the events (notifications keeps a read model). */

/** The account role (`customer` or a staff role; before staff roles, `admin` — now `owner`). */
const role = z.enum(ACCOUNT_ROLES);

export const userRegistered = defineEvent({
  type: 'identity.user_registered',
  version: 1,
  aggregate: 'userId',
  description:
    'An account was created: a customer registering (role customer, with `marketingOptIn`: whether they asked for offers and news by email), or an invited staff member accepting (their staff role, no `marketingOptIn`). Events written before the opt-in existed lack the field.',
  schema: z.object({ userId: z.uuid(), email: z.string(), name: z.string(), role, registeredAt: z.string(), marketingOptIn: z.boolean().optional() }),
});

export const profileUpdated = defineEvent({
  type: 'identity.profile_updated',
  version: 1,
  aggregate: 'userId',
  description: 'A user’s name or email changed (by themselves or an admin); carries the new values.',
  schema: z.object({ userId: z.uuid(), changed: z.array(z.enum(['name', 'email'])).min(1), email: z.string(), name: z.string() }),
});

export const roleChanged = defineEvent({
  type: 'identity.role_changed',
  version: 1,
  aggregate: 'userId',
  description: 'An owner changed a user’s role (customer or a staff role); the envelope’s actor is that owner.',
  schema: z.object({ userId: z.uuid(), from: role, to: role }),
});

export const passwordChanged = defineEvent({
  type: 'identity.password_changed',
  version: 1,
  aggregate: 'userId',
  description: 'A user’s password changed (their own or an admin’s edit, or a password reset link); every refresh token of theirs was revoked with it.',
  schema: z.object({ userId: z.uuid(), email: z.string(), changedAt: z.string() }),
});

export const accountDisabled = defineEvent({
  type: 'identity.account_disabled',
  version: 1,
  aggregate: 'userId',
  description: 'An admin disabled an account: its refresh tokens were revoked with it, and no sign-in or access token of it works until it is enabled again.',
  schema: z.object({ userId: z.uuid(), disabledAt: z.string() }),
});

export const accountEnabled = defineEvent({
  type: 'identity.account_enabled',
  version: 1,
  aggregate: 'userId',
  description: 'An admin enabled a disabled account again (its owner signs in anew).',
  schema: z.object({ userId: z.uuid() }),
});

export const staffInvited = defineEvent({
  type: 'identity.staff_invited',
  version: 1,
  aggregate: 'invitationId',
  description:
    'An owner invited someone to join the staff with a role. `sealedToken` is the link’s token sealed under SERVICE_TOKEN (runtime/sealed.ts: only services open it; notifications emails the link `<admin URL>/invitation/<token>`). Events written before it existed lack it.',
  schema: z.object({ invitationId: z.uuid(), email: z.string(), name: z.string(), role, expiresAt: z.string(), sealedToken: z.string().optional() }),
});

export const passwordResetRequested = defineEvent({
  type: 'identity.password_reset_requested',
  version: 1,
  aggregate: 'userId',
  description:
    'Someone asked for a password reset link for an enabled account (unknown e-mails, disabled accounts and throttled requests write nothing). `sealedToken` is the link’s single-use token sealed under SERVICE_TOKEN (runtime/sealed.ts: only services open it); notifications emails the link `<storefront URL>/reset-password?token=<token>`, which works until `expiresAt`.',
  schema: z.object({ userId: z.uuid(), email: z.string(), name: z.string(), sealedToken: z.string().min(1), expiresAt: z.string() }),
});

export const staffInvitationRevoked = defineEvent({
  type: 'identity.staff_invitation_revoked',
  version: 1,
  aggregate: 'invitationId',
  description: 'An owner withdrew a pending staff invitation; its link no longer works.',
  schema: z.object({ invitationId: z.uuid(), email: z.string() }),
});

/** The audit trail of staff and integration writes (the audit domain's read model consumes it). */
export const identityAudit = auditContract('identity');

export const identityEvents = [staffInvited, staffInvitationRevoked, userRegistered, profileUpdated, roleChanged, passwordChanged, passwordResetRequested, accountDisabled, accountEnabled, identityAudit] as const;
