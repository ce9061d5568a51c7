import { z } from 'zod';
import { authedProcedure, internalProcedure, publicProcedure, router, staffProcedure } from '../runtime/trpc.js';
import {
  loginInput,
  logoutInput,
  meInput,
  refreshInput,
  registerInput,
  sessionSchema,
  contactInput,
  contactOutput,
  sessionStateInput,
  sessionStateOutput,
  updateUserInput,
  acceptInvitationInput,
  passwordResetConfirmInput,
  passwordResetDoneSchema,
  passwordResetRequestInput,
  passwordResetRequestedSchema,
  invitationCreatedSchema,
  invitationIdInput,
  invitationListSchema,
  invitationPreviewSchema,
  invitationTokenInput,
  inviteStaffInput,
  listUsersInput,
  exportUsersInput,
  userExportPageSchema,
  userByIdInput,
  userPageSchema,
  userSchema,
} from './schemas.js';
import type { IdentityService } from './service.js';

const tags = ['users'];

/** Thin: validate, call the service. REST paths are relative to /api/v1. */
export function createIdentityRouter(service: IdentityService) {
  return router({
    register: publicProcedure
      .meta({
        successStatus: 201,
        openapi: {
          method: 'POST',
          path: '/users/register',
          tags,
          summary: 'Register a customer account',
          description: 'Creates a customer. The role is always `customer`; a `role` field in the body is ignored.',
          successDescription: 'The new account',
          errorResponses: { 400: 'Invalid email, password or name', 409: 'Email already registered' },
        },
      })
      .input(registerInput)
      .output(userSchema)
      .mutation(({ input }) => service.register(input)),

    login: publicProcedure
      .meta({
        openapi: {
          method: 'POST',
          path: '/users/login',
          tags,
          summary: 'Sign in with email and password',
          description:
            'Returns a short-lived access token (JWT, EdDSA) and a single-use refresh token. Unknown email and wrong password give the same 401. Repeated failures per account or per client address answer 429 with `details.retryAfterSeconds`.',
          successDescription: 'Tokens and the signed-in user',
          errorResponses: { 400: 'Malformed body', 401: 'Invalid email or password', 429: 'Too many failed attempts' },
        },
      })
      .input(loginInput)
      .output(sessionSchema)
      .mutation(({ input, ctx }) => service.login({ ...input, ip: ctx.ip })),

    refresh: publicProcedure
      .meta({
        openapi: {
          method: 'POST',
          path: '/users/refresh',
          tags,
          summary: 'Exchange a refresh token for a new token pair',
          description:
            'Refresh tokens rotate: each is accepted once. Presenting a token that was already used revokes every token of that login.',
          successDescription: 'A new access token and refresh token',
          errorResponses: { 400: 'Malformed body', 401: 'Refresh token invalid, expired, revoked or reused' },
        },
      })
      .input(refreshInput)
      .output(sessionSchema)
      .mutation(({ input }) => service.refresh(input.refreshToken)),

    logout: publicProcedure
      .meta({
        successStatus: 204,
        openapi: {
          method: 'POST',
          path: '/users/logout',
          tags,
          summary: 'Sign out',
          description:
            'Revokes the refresh token’s whole family and bumps the account’s session epoch, so every access token issued to the account so far is refused within a few seconds (`SESSION_CACHE_TTL_MS`, 2 s by default) by the gateway and every service. Other devices refresh into the new epoch. Send the access token, the refresh token, or both (with an expired access token, send only the refresh token). Signing out a session that already ended answers 204 too.',
          successDescription: 'Signed out',
          errorResponses: {
            400: 'Malformed body',
            401: 'Neither a valid access token nor a known refresh token',
            403: 'The refresh token belongs to another account than the access token',
          },
        },
      })
      .input(logoutInput)
      .output(z.void())
      .mutation(async ({ input, ctx }) => {
        await service.logout({ user: ctx.user, refreshToken: input.refreshToken });
      }),

    requestPasswordReset: publicProcedure
      .meta({
        successStatus: 202,
        openapi: {
          method: 'POST',
          path: '/users/password-reset',
          tags,
          summary: 'Ask for a password reset link by email',
          description:
            'Always 202 with the same body, whether or not the email has an account (the answer never tells). For an enabled account, a single-use link valid for 30 minutes ' +
            '(`PASSWORD_RESET_TOKEN_TTL_MINUTES`) is emailed to it; earlier links keep working until used or expired. Beyond `PASSWORD_RESET_MAX_PER_EMAIL` requests (3) per email per ' +
            '`PASSWORD_RESET_WINDOW_SECONDS` (1 hour) no further link is sent, still 202; beyond `PASSWORD_RESET_MAX_PER_IP` (20) from one client address the address gets 429 with `details.retryAfterSeconds`.',
          successDescription: 'Accepted (the same answer for every email)',
          errorResponses: { 400: 'Invalid email', 429: 'Too many requests from this address' },
        },
      })
      .input(passwordResetRequestInput)
      .output(passwordResetRequestedSchema)
      .mutation(({ input, ctx }) => service.requestPasswordReset({ email: input.email, ip: ctx.ip })),

    confirmPasswordReset: publicProcedure
      .meta({
        openapi: {
          method: 'POST',
          path: '/users/password-reset/confirm',
          tags,
          summary: 'Set a new password with the token of a reset link',
          description:
            'The password follows the registration policy. Single use: the link (and every other outstanding link of the account) is spent, and of two concurrent confirms one succeeds. ' +
            'Every session of the account ends (refresh tokens revoked, access tokens refused within a few seconds). Answers the account’s email, to sign in with the new password at once.',
          successDescription: 'Password changed',
          errorResponses: { 400: 'The link is unknown, expired, already used or malformed; or the password is too weak' },
        },
      })
      .input(passwordResetConfirmInput)
      .output(passwordResetDoneSchema)
      .mutation(({ input }) => service.confirmPasswordReset(input)),

    /** Internal: a user's session epoch and disabled flag, for the access token verifiers (runtime/auth.ts). */
    sessionState: internalProcedure
      .input(sessionStateInput)
      .output(sessionStateOutput)
      .query(({ input }) => service.sessionState(input.userId)),

    /** Internal: an account's e-mail, name, role and disabled flag (notifications' contacts backfill). */
    contact: internalProcedure
      .input(contactInput)
      .output(contactOutput)
      .query(({ input }) => service.contact(input.userId)),

    me: authedProcedure
      .meta({
        openapi: {
          method: 'GET',
          path: '/users/me',
          tags,
          summary: 'The signed-in user',
          protect: true,
          successDescription: 'The caller’s profile',
          errorResponses: { 401: 'Missing, malformed, expired or invalid access token' },
        },
      })
      .input(meInput)
      .output(userSchema)
      .query(({ ctx }) => service.me(ctx.user)),

    list: staffProcedure('customers:read')
      .meta({
        openapi: {
          method: 'GET',
          path: '/users',
          tags,
          summary: 'Customers, a numbered page (staff)',
          description: 'Customer accounts matching `q` (part of the email or name) and `disabled`, sorted on the server, with the total.',
          protect: true,
          successDescription: 'A page of customers',
        },
      })
      .input(listUsersInput)
      .output(userPageSchema)
      .query(({ input }) => service.listUsers('customers', input)),

    exportUsers: staffProcedure('customers:read')
      .meta({
        openapi: {
          method: 'GET',
          path: '/users/export',
          tags,
          summary: 'Every customer matching the list’s filters, in keyset pages (admin export)',
          description:
            'The same filters and sort as `/users`, for reading all matches (the admin’s CSV export): `limit` customers per page (1-1000, default 500) and ' +
            '`nextCursor` to pass as `after` for the next page, null after the last. Each page costs the same however deep it is, and accounts created ' +
            'during the walk never shift it (none is skipped or repeated). A cursor from another sort, or altered, is 400.',
          protect: true,
          successDescription: 'A page of customers and the cursor of the next',
          errorResponses: { 400: 'Invalid filter, limit or cursor', 401: 'Missing or invalid access token', 403: 'The token lacks customers:read' },
        },
      })
      .input(exportUsersInput)
      .output(userExportPageSchema)
      .query(({ input }) => service.exportUsers(input)),

    listStaff: staffProcedure('staff:read')
      .meta({
        openapi: {
          method: 'GET',
          path: '/users/staff',
          tags,
          summary: 'Staff accounts, a numbered page (staff:read)',
          description: 'Every staff account (any role, or `staffRole`), filtered by `q` and `disabled`, sorted on the server, with the total.',
          protect: true,
          successDescription: 'A page of staff accounts',
        },
      })
      .input(listUsersInput)
      .output(userPageSchema)
      .query(({ input }) => service.listUsers('staff', input)),

    inviteStaff: staffProcedure('staff:manage')
      .meta({
        successStatus: 201,
        openapi: {
          method: 'POST',
          path: '/users/staff/invitations',
          tags,
          summary: 'Invite someone to the staff with a role (staff:manage)',
          description:
            'Creates a single-use invitation link valid for STAFF_INVITATION_TTL_HOURS (default 7 days) and answers its token once; the link is ' +
            '`<admin URL>/invitation/<token>`. A pending invitation for the same email is replaced. An email that already has an account is 409: give that account a role instead (PUT /users/{id} with `staffRole`).',
          protect: true,
          successDescription: 'The invitation and its token',
          errorResponses: { 400: 'Invalid field', 401: 'Missing or invalid access token', 409: 'The email already has an account' },
        },
      })
      .input(inviteStaffInput)
      .output(invitationCreatedSchema)
      .mutation(({ input, ctx }) => service.inviteStaff(ctx.user, input)),

    invitations: staffProcedure('staff:read')
      .meta({
        openapi: {
          method: 'GET',
          path: '/users/staff/invitations',
          tags,
          summary: 'Pending staff invitations (staff:read)',
          description: 'Invitations neither accepted nor withdrawn, newest first; `expired` marks links that no longer work.',
          protect: true,
          successDescription: 'Pending invitations',
        },
      })
      .input(z.object({}))
      .output(invitationListSchema)
      .query(() => service.pendingInvitations()),

    revokeInvitation: staffProcedure('staff:manage')
      .meta({
        successStatus: 204,
        openapi: {
          method: 'DELETE',
          path: '/users/staff/invitations/{id}',
          tags,
          summary: 'Withdraw a pending staff invitation (staff:manage)',
          protect: true,
          successDescription: 'Withdrawn: the link no longer works',
          errorResponses: { 400: 'Malformed id', 401: 'Missing or invalid access token', 404: 'No pending invitation with this id' },
        },
      })
      .input(invitationIdInput)
      .output(z.void())
      .mutation(async ({ input, ctx }) => {
        await service.revokeInvitation(ctx.user, input.id);
      }),

    invitation: publicProcedure
      .meta({
        openapi: {
          method: 'GET',
          path: '/users/invitations/{token}',
          tags,
          summary: 'What an invitation link offers (for the set-password page)',
          description: 'The invited email, name and role while the link works; 404 once it was used, withdrawn or expired.',
          successDescription: 'The invitation',
          errorResponses: { 400: 'Malformed token', 404: 'The link is invalid, withdrawn, expired or used' },
        },
      })
      .input(invitationTokenInput)
      .output(invitationPreviewSchema)
      .query(({ input }) => service.previewInvitation(input.token)),

    acceptInvitation: publicProcedure
      .meta({
        successStatus: 201,
        openapi: {
          method: 'POST',
          path: '/users/invitations/accept',
          tags,
          summary: 'Accept a staff invitation: set a password, the account is created with the invited role',
          description: 'Single use: of two concurrent accepts one creates the account, the other gets 404. Sign in afterwards with POST /users/login.',
          successDescription: 'The new staff account',
          errorResponses: { 400: 'Invalid field', 404: 'The link is invalid, withdrawn, expired or used', 409: 'An account with the invited email exists already' },
        },
      })
      .input(acceptInvitationInput)
      .output(userSchema)
      .mutation(({ input }) => service.acceptInvitation(input)),

    byId: authedProcedure
      .meta({
        openapi: {
          method: 'GET',
          path: '/users/{id}',
          tags,
          summary: 'A user profile (self or staff)',
          description: 'Yourself; staff also read customers (customers:read) and staff (staff:read). Anyone else gets 404, as if the user did not exist.',
          protect: true,
          successDescription: 'The profile',
          errorResponses: { 400: 'Malformed id', 401: 'Missing or invalid access token', 404: 'User not found' },
        },
      })
      .input(userByIdInput)
      .output(userSchema)
      .query(({ input, ctx }) => service.getProfile(ctx.user, input.id)),

    update: authedProcedure
      .meta({
        openapi: {
          method: 'PUT',
          path: '/users/{id}',
          tags,
          summary: 'Update a user profile (self or admin)',
          description:
            'Changes name, email and/or password; staff change other accounts with customers:write (customers) or staff:manage (staff). ' +
            'Roles: `staffRole` (a staff role, or null for a customer) or the legacy `role` (`admin` makes a customer an owner, `customer` removes staff access) need staff:manage and never apply to oneself; ' +
            '`disabled` needs customers:write or staff:manage, never one’s own. Sending the values an account already has is not a change (no 403). ' +
            'Anyone who may not read the account gets 404. A password change, a demotion (any role change that takes a permission away) or a disable ends every session of the account ' +
            '(refresh tokens revoked, access tokens refused within a few seconds); any role change refuses the access tokens issued before, so a promoted user refreshes into the new role.',
          protect: true,
          successDescription: 'The updated profile',
          errorResponses: {
            400: 'Invalid field',
            401: 'Missing or invalid access token',
            403: 'A change the caller’s permissions do not cover, or a change of one’s own role or disabled state',
            404: 'User not found',
            409: 'Email already registered',
          },
        },
      })
      .input(updateUserInput)
      .output(userSchema)
      .mutation(({ input: { id, ...patch }, ctx }) => service.updateProfile(ctx.user, id, patch)),
  });
}

export type IdentityRouter = ReturnType<typeof createIdentityRouter>;
