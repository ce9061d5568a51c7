import { z } from 'zod';

/** The identity service's rules for a new account, in the shopper's words (checked again by the BFF and identity). */
export const PASSWORD_HINT = 'At least 8 characters (up to 200).';

export const nameSchema = z.string().trim().min(1, 'Enter your full name').max(100, 'Name must be at most 100 characters');
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'Enter your email address')
  .max(254, 'Email must be at most 254 characters')
  .pipe(z.email('Enter a valid email address, like name@example.com'));
export const passwordSchema = z.string().min(8, 'Password must be at least 8 characters').max(200, 'Password must be at most 200 characters');

export const registrationSchema = z.object({ name: nameSchema, email: emailSchema, password: passwordSchema });
export const profileSchema = z.object({ name: nameSchema, email: emailSchema });
/** Sign-in only checks that both are there and the email looks like one: identity judges the password. */
export const signInSchema = z.object({ email: emailSchema, password: z.string().min(1, 'Enter your password') });

export type RegistrationField = 'name' | 'email' | 'password';
export type RegistrationErrors = Partial<Record<RegistrationField, string>>;

function collect<F extends string>(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>, fields: readonly F[]) {
  const errors: Partial<Record<F, string>> = {};
  for (const issue of issues) {
    const field = issue.path[0];
    if (typeof field === 'string' && (fields as readonly string[]).includes(field) && !errors[field as F]) errors[field as F] = issue.message;
  }
  return { errors, first: fields.find((field) => errors[field]) };
}

export function validateRegistration(values: { name: string; email: string; password: string }) {
  const result = registrationSchema.safeParse(values);
  return result.success ? { errors: {}, first: undefined } : collect(result.error.issues, ['name', 'email', 'password'] as const);
}

export function validateSignIn(values: { email: string; password: string }) {
  const result = signInSchema.safeParse(values);
  return result.success ? { errors: {}, first: undefined } : collect(result.error.issues, ['email', 'password'] as const);
}

export function validateProfile(values: { name: string; email: string }) {
  const result = profileSchema.safeParse(values);
  return result.success ? { errors: {}, first: undefined } : collect(result.error.issues, ['name', 'email'] as const);
}
