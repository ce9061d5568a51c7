import { signInInput } from '@omnicart/contracts';
import type { z } from 'zod';

/** Field path → the first message zod gave for it (what forms show next to their fields). */
export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.') || 'form';
    fields[path] ??= issue.message;
  }
  return fields;
}

/** Sign-in: identity's own input schema (@omnicart/contracts), in the staff member's words. */
export function validateSignIn(input: { email: string; password: string }): { email?: string; password?: string } {
  const parsed = signInInput.safeParse({ email: input.email.trim(), password: input.password });
  if (parsed.success) return {};
  const errors: { email?: string; password?: string } = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if (field === 'email') errors.email ??= input.email.trim() ? 'Enter a valid email address, like name@example.com' : 'Enter your email address';
    if (field === 'password') errors.password ??= input.password ? issue.message : 'Enter your password';
  }
  return errors;
}

/** What a server action answers its form with (useActionState): the outcome, field errors, the values to show again. */
export interface FormState {
  status: 'idle' | 'error' | 'confirm' | 'done';
  message?: string;
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
  /** A created invitation's link (shown once). */
  link?: string;
}

export const IDLE_FORM: FormState = { status: 'idle' };
