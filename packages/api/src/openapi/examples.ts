import type { OperationExamples } from './generate.js';

/**
 * Hand-written examples, keyed by operationId. Request and success examples come from the zod
 * schemas' `.meta({ example })` where the domain wrote them; this table adds what a schema cannot
 * carry (path/query values, error bodies with the messages the services really produce) and
 * overrides schema examples where a table entry exists. The generator checks every example
 * against the procedure's input/output schema, so they cannot drift from the code.
 */

const USER_ID = '3f0c4a52-8a8e-4c0b-9f7e-2a1d7c9b6e11';

const passwordTooShort = { message: 'password: Password must be at least 8 characters' };
const tokenExpired = { message: 'Access token has expired' };

export const identityExamples: Record<string, OperationExamples> = {
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
