import { z } from 'zod';

/**
 * Identity's request and response shapes: the tRPC validators and the OpenAPI source.
 * Unknown fields are ignored (zod objects strip them).
 */

export const roleSchema = z.enum(['customer', 'admin']).meta({ description: 'Account role', example: 'customer' });

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: 'Invalid email address' }))
  .meta({ description: 'Email address (case-insensitive; stored lower-cased)', format: 'email', example: 'jane@example.com' });

export const passwordSchema = z
  .string()
  .min(8, { message: 'Password must be at least 8 characters' })
  .max(200, { message: 'Password must be at most 200 characters' })
  .meta({ description: 'Password, 8 to 200 characters', example: 'correct-horse-battery' });

export const nameSchema = z
  .string()
  .trim()
  .min(1, { message: 'Name is required' })
  .max(100, { message: 'Name must be at most 100 characters' })
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  .regex(/^[^\u0000-\u001F\u007F-\u009F]*$/, { message: 'Name must not contain control characters' })
  .meta({ description: 'Display name, 1 to 100 characters', example: 'Jane Doe' });

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
    createdAt: z.string().meta({ format: 'date-time', description: 'When the account was created (ISO 8601, UTC)', example: '2026-01-15T09:30:00.000Z' }),
  })
  .meta({
    id: 'User',
    example: {
      id: '3f0c4a52-8a8e-4c0b-9f7e-2a1d7c9b6e11',
      email: 'jane@example.com',
      name: 'Jane Doe',
      role: 'customer',
      createdAt: '2026-01-15T09:30:00.000Z',
    },
  });
export type UserOutput = z.infer<typeof userSchema>;

export const registerInput = z
  .object({ email: emailSchema, password: passwordSchema, name: nameSchema })
  .meta({ example: { email: 'jane@example.com', password: 'correct-horse-battery', name: 'Jane Doe' } });

export const loginInput = z
  .object({
    email: emailSchema,
    // Any non-empty string may be tried; length rules apply when a password is set.
    password: z.string().min(1, { message: 'Password is required' }).max(200).meta({ example: 'correct-horse-battery' }),
  })
  .meta({ example: { email: 'demo@omnicart.test', password: 'omnicart-demo' } });

export const refreshInput = z
  .object({
    refreshToken: z
      .string()
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
  })
  .meta({ example: { id: '3f0c4a52-8a8e-4c0b-9f7e-2a1d7c9b6e11', name: 'Jane Q. Doe' } });
