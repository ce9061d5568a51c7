import { z } from 'zod';
import { text } from './text.js';

/**
 * Account rules shared by identity (its procedure inputs and the OpenAPI documents) and the apps
 * (the same rules checked in the browser before sending). The messages are the API's; an app words
 * them for its users by issue code (see the storefront's registration rules).
 */

export const EMAIL_MAX_LENGTH = 254;
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 200;
export const NAME_MAX_LENGTH = 100;

export const emailSchema = text()
  .trim()
  .toLowerCase()
  .max(EMAIL_MAX_LENGTH)
  .pipe(z.email({ message: 'Invalid email address' }))
  .meta({ description: 'Email address (case-insensitive; stored lower-cased)', format: 'email', example: 'jane@example.com' });

export const passwordSchema = text()
  .min(PASSWORD_MIN_LENGTH, { message: `Password must be at least ${PASSWORD_MIN_LENGTH} characters` })
  .max(PASSWORD_MAX_LENGTH, { message: `Password must be at most ${PASSWORD_MAX_LENGTH} characters` })
  .meta({ description: `Password, ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`, example: 'correct-horse-battery' });

export const nameSchema = text()
  .trim()
  .min(1, { message: 'Name is required' })
  .max(NAME_MAX_LENGTH, { message: `Name must be at most ${NAME_MAX_LENGTH} characters` })
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  .regex(/^[^\u0000-\u001F\u007F-\u009F]*$/, { message: 'Name must not contain control characters' })
  .meta({ description: `Display name, 1 to ${NAME_MAX_LENGTH} characters`, example: 'Jane Doe' });

/** A new account: `POST /users/register`, and the storefront's sign-up form. */
export const registrationInput = z
  .object({
    email: emailSchema,
    password: passwordSchema,
    name: nameSchema,
    marketingOptIn: z
      .boolean()
      .default(false)
      .meta({ description: 'The shopper asked for offers and news by email (unchecked by default; carried by identity.user_registered to notifications)', example: false }),
  })
  .meta({ example: { email: 'jane@example.com', password: 'correct-horse-battery', name: 'Jane Doe', marketingOptIn: false } });
export type RegistrationInput = z.input<typeof registrationInput>;

/** Signing in: any non-empty password may be tried (length rules apply when one is set). */
export const signInInput = z
  .object({
    email: emailSchema,
    password: text().min(1, { message: 'Password is required' }).max(PASSWORD_MAX_LENGTH).meta({ example: 'correct-horse-battery' }),
  })
  .meta({ example: { email: 'demo@omnicart.test', password: 'omnicart-demo' } });
export type SignInInput = z.input<typeof signInInput>;

/** What identity answers to every password-reset request, whether or not the email has an account. */
export const PASSWORD_RESET_REQUESTED_MESSAGE = 'If an account exists for that email, we have sent a link to reset its password.';
/** Identity's answer to a reset link that is unknown, expired, already used or malformed. */
export const PASSWORD_RESET_LINK_INVALID = 'This reset link is invalid or has expired; ask for a new one.';

/** "Forgot your password?": `POST /users/password-reset`, and the storefront's form. */
export const passwordResetRequestInput = z.object({ email: emailSchema }).meta({ example: { email: 'jane@example.com' } });
export type PasswordResetRequestInput = z.input<typeof passwordResetRequestInput>;

/** Setting a new password from a reset link: `POST /users/password-reset/confirm`. */
export const passwordResetConfirmInput = z
  .object({
    token: text()
      .min(1, { message: PASSWORD_RESET_LINK_INVALID })
      .max(512, { message: PASSWORD_RESET_LINK_INVALID })
      .meta({ description: 'The token from the reset link (`?token=`)', example: 'Zr4bT0qk3V9mXe1s8uWc5yH2aB7nE0fG6iL1oQ3pR9d' }),
    password: passwordSchema,
  })
  .meta({ example: { token: 'Zr4bT0qk3V9mXe1s8uWc5yH2aB7nE0fG6iL1oQ3pR9d', password: 'a-new-long-secret' } });
export type PasswordResetConfirmInput = z.input<typeof passwordResetConfirmInput>;

/** The fields of a profile a customer edits themselves. */
export const profileInput = z.object({ name: nameSchema, email: emailSchema });
export type ProfileInput = z.input<typeof profileInput>;
