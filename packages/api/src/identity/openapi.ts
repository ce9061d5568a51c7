import { type DomainDocument, type OperationExamples } from '../runtime/docs.js';
import { ROLE_PERMISSIONS } from '@omnicart/contracts';
import { tokenExpired } from '../openapi/example-values.js';

/**
 * identity's published REST document (data/docs/user_service_api.yaml): its text, and examples keyed by
 * operationId where the schemas' own cannot say it (checked against the procedures by openapi/generate.ts).
 */
const USER_ID = '3f0c4a52-8a8e-4c0b-9f7e-2a1d7c9b6e11';
const passwordTooShort = { message: 'password: Password must be at least 8 characters' };

const STAFF_ID = '7b1e9c40-2d5f-4a8b-9e3c-6f0a1b2c3d4e';
const customerRow = {
  id: USER_ID,
  email: 'jane@example.com',
  name: 'Jane Doe',
  role: 'customer',
  staffRole: null,
  permissions: [],
  disabled: false,
  createdAt: '2026-01-15T09:30:00.000Z',
};
const staffRow = {
  id: STAFF_ID,
  email: 'sam@omnicart.test',
  name: 'Sam Orders',
  role: 'admin',
  staffRole: 'order_manager',
  permissions: [...ROLE_PERMISSIONS.order_manager],
  disabled: false,
  createdAt: '2026-02-01T10:00:00.000Z',
};
function staffRowFor(name: string, email: string) {
  return { ...staffRow, name, email };
}
const badPageSize = { message: 'pageSize: must be one of 10, 20, 50, 100' };

const INVITATION_ID = '5c2d8e1a-4b3f-4e6a-9d7c-1a2b3c4d5e6f';
const INVITATION_TOKEN = 'k2Vq0x9Jm3d8ZP1s7u4Wc5rT6yH0aB2nE8fG1iL3oQ4';
const invitation = {
  id: INVITATION_ID,
  email: 'sam@example.com',
  name: 'Sam Orders',
  staffRole: 'order_manager',
  invitedBy: USER_ID,
  expiresAt: '2026-01-22T09:30:00.000Z',
  expired: false,
  createdAt: '2026-01-15T09:30:00.000Z',
};
const invitationGone = { message: 'This invitation link is invalid, was withdrawn, has expired or was already used; ask an owner for a new one' };

const examples: Record<string, OperationExamples> = {
  usersInviteStaff: {
    response: { invitation, token: INVITATION_TOKEN },
    errors: { 400: { message: 'email: Invalid email address' }, 401: tokenExpired, 409: { message: 'An account with this email already exists; give it a role from its customer page instead' } },
  },
  usersInvitations: {
    response: { items: [invitation] },
    errors: { 401: tokenExpired },
  },
  usersRevokeInvitation: {
    parameters: { id: INVITATION_ID },
    errors: { 400: { message: 'id: Invitation id must be a UUID' }, 401: tokenExpired, 404: { message: 'No pending invitation with this id' } },
  },
  usersInvitation: {
    parameters: { token: INVITATION_TOKEN },
    response: { email: 'sam@example.com', name: 'Sam Orders', staffRole: 'order_manager', expiresAt: '2026-01-22T09:30:00.000Z' },
    errors: { 400: { message: 'token: Invitation token is invalid' }, 404: invitationGone },
  },
  usersAcceptInvitation: {
    response: { ...staffRowFor('Sam Orders', 'sam@example.com') },
    errors: { 400: { message: 'password: Password must be at least 8 characters' }, 404: invitationGone, 409: { message: 'An account with this email already exists' } },
  },
  usersList: {
    parameters: { q: 'jane', page: 1, pageSize: 20 },
    response: { items: [customerRow], total: 1, page: 1, pageSize: 20 },
    errors: { 400: badPageSize, 401: tokenExpired },
  },
  usersExportUsers: {
    parameters: { q: 'example.com', disabled: false, sort: 'name_asc', limit: 500 },
    response: { items: [customerRow], nextCursor: 'WyJuYW1lX2FzYyIsIkphbmUgRG9lIiwiM2YwYzRhNTItOGE4ZS00YzBiLTlmN2UtMmExZDdjOWI2ZTExIl0' },
    errors: { 400: { message: 'after: the cursor continues the created_desc sort, not name_asc; pass back the nextCursor of a previous page with the same sort' }, 401: tokenExpired },
  },
  usersListStaff: {
    parameters: { staffRole: 'order_manager' },
    response: { items: [staffRow], total: 1, page: 1, pageSize: 20 },
    errors: { 400: badPageSize, 401: tokenExpired },
  },
  usersRegister: {
    errors: {
      400: passwordTooShort,
      409: { message: 'An account with this email already exists' },
    },
  },
  usersRequestPasswordReset: {
    request: { email: 'jane@example.com' },
    response: { message: 'If an account exists for that email, we have sent a link to reset its password.' },
    errors: {
      400: { message: 'email: Invalid email address' },
      429: { message: 'Too many password reset requests from this address; try again in 1740 seconds', details: { retryAfterSeconds: 1740 } },
    },
  },
  usersConfirmPasswordReset: {
    request: { token: 'Zr4bT0qk3V9mXe1s8uWc5yH2aB7nE0fG6iL1oQ3pR9d', password: 'a-new-long-secret' },
    response: { email: 'jane@example.com', message: 'Your password has been changed. You are signed out everywhere else.' },
    errors: { 400: { message: 'This reset link is invalid or has expired; ask for a new one.' } },
  },
  usersLogin: {
    request: { email: 'demo@omnicart.test', password: 'omnicart-demo' },
    errors: {
      400: { message: 'email: Invalid email address' },
      401: { message: 'Invalid email or password' },
      429: {
        message: 'Too many failed login attempts; try again in 840 seconds',
        details: { retryAfterSeconds: 840 },
      },
    },
  },
  usersRefresh: {
    errors: {
      400: { message: 'refreshToken: Refresh token is required' },
      401: { message: 'Refresh token has been revoked; sign in again' },
    },
  },
  usersLogout: {
    request: { refreshToken: 'q3J9w1uWl0yQm8kXc2fY7bHn4vT6rE5sA0dG1hJ2kL8' },
    errors: {
      400: { message: 'refreshToken: Refresh token must not be empty' },
      401: { message: 'Refresh token is invalid' },
      403: { message: 'The refresh token belongs to another account' },
    },
  },
  usersMe: {
    errors: { 401: tokenExpired },
  },
  usersById: {
    parameters: { id: USER_ID },
    errors: {
      400: { message: 'id: User id must be a UUID' },
      401: tokenExpired,
      404: { message: 'User not found' },
    },
  },
  usersUpdate: {
    parameters: { id: USER_ID },
    request: { name: 'Jane Q. Doe' },
    response: {
      id: USER_ID,
      email: 'jane@example.com',
      name: 'Jane Q. Doe',
      role: 'customer',
      staffRole: null,
      permissions: [],
      disabled: false,
      createdAt: '2026-01-15T09:30:00.000Z',
    },
    errors: {
      400: passwordTooShort,
      401: tokenExpired,
      403: { message: 'Changing a role requires the staff:manage permission' },
      404: { message: 'User not found' },
      409: { message: 'An account with this email already exists' },
    },
  },
};

export const document: DomainDocument = {
  file: 'user_service_api.yaml',
  title: 'OmniCart user service API',
  description: [
    'Accounts and sign-in for OmniCart (the identity service), as served by the gateway under `/api/v1`.',
    '',
    'Login returns a short-lived access token (JWT signed with EdDSA; public keys at identity\'s',
    '`/.well-known/jwks.json`) and a single-use refresh token. Send the access token as',
    '`Authorization: Bearer <token>`. Every error answers `{ "error": { "code", "message" } }`.',
    '',
    'Sessions have an epoch: each access token carries the one it was issued in (claim `sev`). Signing out',
    '(`POST /users/logout`), a password change, a role change and disabling the account move it on, and the',
    'gateway and every service then refuse older access tokens within a few seconds (401 `Access token has',
    'been revoked (signed out, password or role changed); sign in again`, or `This account is disabled`).',
    'Tokens without an expiry (`exp`) are refused. While identity cannot be asked about a token, requests',
    'carrying one may answer 503 with `Retry-After`.',
    '',
    'Forgotten passwords: `POST /users/password-reset` emails a single-use link (valid 30 minutes) and answers the',
    'same 202 for every email; `POST /users/password-reset/confirm` sets the new password with the link\'s token and',
    'ends every session of the account.',
    '',
    'Roles: a customer, or a staff role (owner, catalog_manager, order_manager, marketing, analyst) with named',
    'permissions (`products:write`, `orders:refund`, `staff:manage`, ...; the list and each role\'s set are in',
    'packages/contracts/src/permissions.ts). Access tokens carry the role (`role`) and the permissions (`perms`);',
    'operations that need one say so in `x-omnicart-permission` and answer 403 without it. For clients written',
    'before staff roles, a user\'s `role` is still `customer` or `admin` (every staff member is `admin`); the precise',
    'role is `staffRole`, and sending `role: "admin"` makes a customer an owner.',
    '',
    'Generated from the tRPC router (packages/api/src/identity) by `npm run openapi`; do not edit by hand.',
  ].join('\n'),
  operationIdPrefix: 'users',
  tags: { users: 'Registration, sign-in, token refresh and user profiles.' },
  examples,
};
