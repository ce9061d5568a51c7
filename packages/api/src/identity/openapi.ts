import { type DomainDocument, type OperationExamples } from '../runtime/docs.js';
import { tokenExpired } from '../openapi/example-values.js';

/**
 * identity's published REST document (data/docs/user_service_api.yaml): its text, and examples keyed by
 * operationId where the schemas' own cannot say it (checked against the procedures by openapi/generate.ts).
 */
const USER_ID = '3f0c4a52-8a8e-4c0b-9f7e-2a1d7c9b6e11';
const passwordTooShort = { message: 'password: Password must be at least 8 characters' };

const examples: Record<string, OperationExamples> = {
  usersRegister: {
    errors: {
      400: passwordTooShort,
      409: { message: 'An account with this email already exists' },
    },
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
      disabled: false,
      createdAt: '2026-01-15T09:30:00.000Z',
    },
    errors: {
      400: passwordTooShort,
      401: tokenExpired,
      403: { message: 'Only an admin can change a role' },
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
    'Generated from the tRPC router (packages/api/src/identity) by `npm run openapi`; do not edit by hand.',
  ].join('\n'),
  operationIdPrefix: 'users',
  tags: { users: 'Registration, sign-in, token refresh and user profiles.' },
  examples,
};
