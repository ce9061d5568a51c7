import { z } from 'zod';
import { authedProcedure, internalProcedure, publicProcedure, router } from '../runtime/trpc.js';
import {
  loginInput,
  logoutInput,
  meInput,
  refreshInput,
  registerInput,
  sessionSchema,
  sessionStateInput,
  sessionStateOutput,
  updateUserInput,
  userByIdInput,
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

    /** Internal: a user's session epoch and disabled flag, for the access token verifiers (runtime/auth.ts). */
    sessionState: internalProcedure
      .input(sessionStateInput)
      .output(sessionStateOutput)
      .query(({ input }) => service.sessionState(input.userId)),

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

    byId: authedProcedure
      .meta({
        openapi: {
          method: 'GET',
          path: '/users/{id}',
          tags,
          summary: 'A user profile (self or admin)',
          description: 'Anyone other than the user and admins gets 404, as if the user did not exist.',
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
            'Changes name, email and/or password. Only an admin may change `role` or `disabled` (never their own `disabled`); a customer sending a different value gets 403. Anyone other than the user and admins gets 404. A password change, a demotion or a disable ends every session of the account (refresh tokens revoked, access tokens refused within a few seconds); any role change refuses the access tokens issued before, so a promoted user refreshes into the new role.',
          protect: true,
          successDescription: 'The updated profile',
          errorResponses: {
            400: 'Invalid field',
            401: 'Missing or invalid access token',
            403: 'Role change or disable by a non-admin, or an admin disabling themselves',
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
