import { z } from 'zod';
import { emailSchema, nameSchema, passwordSchema, registrationInput, signInInput, text } from '@omnicart/contracts';

export { emailSchema, nameSchema, passwordSchema };

/**
 * Identity's request and response shapes: the tRPC validators and the OpenAPI source.
 * Unknown fields are ignored (zod objects strip them).
 */

export const roleSchema = z.enum(['customer', 'admin']).meta({ description: 'Account role', example: 'customer' });

export const userIdSchema = z.uuid({ message: 'User id must be a UUID' }).meta({
  description: 'User id',
  example: '3f0c4a52-8a8e-4c0b-9f7e-2a1d7c9b6e11',
});

export const userSchema = z
  .object({
    // Plain strings with a format: the server produced these values, no pattern needed.
    id: z.string().meta({ format: 'uuid', example: '3f0c4a52-8a8e-4c0b-9f7e-2a1d7c9b6e11' }),
    email: z.string().meta({ format: 'email', example: 'jane@example.com' }),
    name: z.string().meta({ example: 'Jane Doe' }),
    role: roleSchema,
    disabled: z.boolean().meta({ description: 'True while an admin has disabled the account (no sign-in, refresh or access token works)', example: false }),
    createdAt: z.string().meta({ format: 'date-time', description: 'When the account was created (ISO 8601, UTC)', example: '2026-01-15T09:30:00.000Z' }),
  })
  .meta({
    id: 'User',
    example: {
      id: '3f0c4a52-8a8e-4c0b-9f7e-2a1d7c9b6e11',
      email: 'jane@example.com',
      name: 'Jane Doe',
      role: 'customer',
      disabled: false,
      createdAt: '2026-01-15T09:30:00.000Z',
    },
  });
export type UserOutput = z.infer<typeof userSchema>;

/** Registration and sign-in are shared with the apps (@omnicart/contracts). */
export const registerInput = registrationInput;
export const loginInput = signInInput;

export const refreshInput = z
  .object({
    refreshToken: text()
      .min(1, { message: 'Refresh token is required' })
      .max(512)
      .meta({ description: 'Refresh token from login or a previous refresh', example: 'q3J9w1uWl0yQm8kXc2fY7bHn4vT6rE5sA0dG1hJ2kL8' }),
  })
  .meta({ example: { refreshToken: 'q3J9w1uWl0yQm8kXc2fY7bHn4vT6rE5sA0dG1hJ2kL8' } });

export const sessionSchema = z
  .object({
    accessToken: z.string().meta({ description: 'JWT (EdDSA) to send as "Authorization: Bearer <token>"' }),
    tokenType: z.literal('Bearer'),
    expiresIn: z.number().int().min(1).max(86_400).meta({ description: 'Access token lifetime in seconds', example: 900 }),
    refreshToken: z.string().meta({ description: 'Opaque single-use token for POST /users/refresh' }),
    user: userSchema,
  })
  .meta({
    id: 'Session',
    example: {
      accessToken: 'eyJhbGciOiJFZERTQSIsImtpZCI6Ii4uLiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIuLi4ifQ.c2lnbmF0dXJl',
      tokenType: 'Bearer',
      expiresIn: 900,
      refreshToken: 'q3J9w1uWl0yQm8kXc2fY7bHn4vT6rE5sA0dG1hJ2kL8',
      user: {
        id: '3f0c4a52-8a8e-4c0b-9f7e-2a1d7c9b6e11',
        email: 'demo@omnicart.test',
        name: 'Demo Shopper',
        role: 'customer',
        disabled: false,
        createdAt: '2026-01-15T09:30:00.000Z',
      },
    },
  });
export type SessionOutput = z.infer<typeof sessionSchema>;

export const meInput = z.object({});

export const userByIdInput = z.object({ id: userIdSchema });

export const updateUserInput = z
  .object({
    id: userIdSchema,
    name: nameSchema.optional(),
    email: emailSchema.optional(),
    password: passwordSchema.optional(),
    role: roleSchema.optional().meta({ description: 'Only an admin may change a role' }),
    disabled: z
      .boolean()
      .optional()
      .meta({ description: 'Only an admin may disable or enable an account, never their own. Disabling ends every session of it at once' }),
  })
  .meta({ example: { id: '3f0c4a52-8a8e-4c0b-9f7e-2a1d7c9b6e11', name: 'Jane Q. Doe' } });

export const logoutInput = z
  .object({
    refreshToken: text()
      .min(1, { message: 'Refresh token must not be empty' })
      .max(512)
      .optional()
      .meta({ description: 'The refresh token of the session to end: its whole family is revoked. Optional with a Bearer access token' }),
  })
  .meta({ example: { refreshToken: 'q3J9w1uWl0yQm8kXc2fY7bHn4vT6rE5sA0dG1hJ2kL8' } });

/** Internal (services and the gateway): what access tokens are checked against. */
export const sessionStateInput = z.object({ userId: userIdSchema });
export const sessionStateOutput = z.object({ epoch: z.number().int().min(0), disabled: z.boolean() }).nullable();
