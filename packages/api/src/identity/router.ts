import { authedProcedure, publicProcedure, router } from '../runtime/trpc.js';
import {
  loginInput,
  meInput,
  refreshInput,
  registerInput,
  sessionSchema,
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
            'Changes name, email and/or password. Only an admin may change `role`; a customer sending a different role gets 403. Anyone other than the user and admins gets 404.',
          protect: true,
          successDescription: 'The updated profile',
          errorResponses: {
            400: 'Invalid field',
            401: 'Missing or invalid access token',
            403: 'Role change by a non-admin',
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
