import {
  EMAIL_MAX_LENGTH,
  NAME_MAX_LENGTH,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  emailSchema as emailRule,
  passwordResetConfirmInput,
  passwordResetRequestInput,
  profileInput,
  registrationInput,
  signInInput,
} from '@omnicart/contracts';
import { worded, wordedValue, type FieldWords } from '@/lib/forms/wording';

/**
 * Identity's account rules (@omnicart/contracts: the same schemas identity checks) in the
 * shopper's words. The BFF takes its input with these schemas, and identity checks the rules again.
 */
export const PASSWORD_HINT = `At least ${PASSWORD_MIN_LENGTH} characters (up to ${PASSWORD_MAX_LENGTH}).`;

const NAME: FieldWords = { empty: 'Enter your full name', too_big: `Name must be at most ${NAME_MAX_LENGTH} characters` };
const EMAIL: FieldWords = {
  empty: 'Enter your email address',
  too_big: `Email must be at most ${EMAIL_MAX_LENGTH} characters`,
  invalid_format: 'Enter a valid email address, like name@example.com',
};
const NEW_PASSWORD: FieldWords = {
  too_small: `Password must be at least ${PASSWORD_MIN_LENGTH} characters`,
  too_big: `Password must be at most ${PASSWORD_MAX_LENGTH} characters`,
};
/** Signing in: any password that is there may be tried; identity judges it. */
const PASSWORD: FieldWords = { empty: 'Enter your password', too_big: `Password must be at most ${PASSWORD_MAX_LENGTH} characters` };

/** One email address (checkout's guest email). */
export const emailSchema = wordedValue(emailRule, EMAIL);
export const registrationSchema = worded(registrationInput, { name: NAME, email: EMAIL, password: NEW_PASSWORD });
export const profileSchema = worded(profileInput, { name: NAME, email: EMAIL });
/** Sign-in only checks that both are there and the email looks like one: identity judges the password. */
export const signInSchema = worded(signInInput, { email: EMAIL, password: PASSWORD });

/** "Forgot your password?": just an email that looks like one (identity answers the same for every email). */
export const passwordResetRequestSchema = worded(passwordResetRequestInput, { email: EMAIL });
/** A new password from a reset link: the registration's policy; the link's token is identity's to judge. */
export const passwordResetConfirmSchema = worded(passwordResetConfirmInput, {
  token: { invalid: 'This reset link is invalid or has expired; ask for a new one.' },
  password: { ...NEW_PASSWORD, empty: 'Enter a new password' },
});

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

export function validatePasswordResetRequest(values: { email: string }) {
  const result = passwordResetRequestSchema.safeParse(values);
  return result.success ? { errors: {}, first: undefined } : collect(result.error.issues, ['email'] as const);
}

export type PasswordResetField = 'password' | 'confirmPassword';
export const PASSWORDS_DIFFER = 'The two passwords do not match';

/** The reset form: the password policy, then the confirmation typed the same (checked here only: identity gets one password). */
export function validatePasswordReset(values: { token: string; password: string; confirmPassword: string }) {
  const result = passwordResetConfirmSchema.safeParse({ token: values.token, password: values.password });
  const { errors } = result.success ? { errors: {} as Partial<Record<PasswordResetField, string>> } : collect(result.error.issues, ['password'] as const);
  const found: Partial<Record<PasswordResetField, string>> = { ...errors };
  if (!values.confirmPassword) found.confirmPassword = 'Enter the new password again';
  else if (values.confirmPassword !== values.password) found.confirmPassword = PASSWORDS_DIFFER;
  return { errors: found, first: (['password', 'confirmPassword'] as const).find((field) => found[field]) };
}
