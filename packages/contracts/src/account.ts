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
  .object({ email: emailSchema, password: passwordSchema, name: nameSchema })
  .meta({ example: { email: 'jane@example.com', password: 'correct-horse-battery', name: 'Jane Doe' } });
export type RegistrationInput = z.input<typeof registrationInput>;

/** Signing in: any non-empty password may be tried (length rules apply when one is set). */
export const signInInput = z
  .object({
    email: emailSchema,
    password: text().min(1, { message: 'Password is required' }).max(PASSWORD_MAX_LENGTH).meta({ example: 'correct-horse-battery' }),
  })
  .meta({ example: { email: 'demo@omnicart.test', password: 'omnicart-demo' } });
export type SignInInput = z.input<typeof signInInput>;

/** The fields of a profile a customer edits themselves. */
export const profileInput = z.object({ name: nameSchema, email: emailSchema });
export type ProfileInput = z.input<typeof profileInput>;
