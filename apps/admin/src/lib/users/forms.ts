import { STAFF_ROLES, emailSchema, nameSchema, passwordSchema } from '@omnicart/contracts';
import { z } from 'zod';

/**
 * The staff forms' rules, checked in the server actions before anything is sent (identity checks
 * again; its refusals are shown next to the same fields). Identity's own field schemas
 * (@omnicart/contracts), with the staff member's wording where zod's would be cryptic.
 */
const staffRole = z.enum(STAFF_ROLES, { message: 'Choose a role' });

export const inviteForm = z.object({
  email: z
    .string()
    .trim()
    .min(1, 'Enter their email address')
    .refine((value) => emailSchema.safeParse(value).success, 'Enter a valid email address, like name@example.com')
    .transform((value) => emailSchema.parse(value)),
  name: z.string().trim().min(1, 'Enter their name').pipe(nameSchema),
  staffRole,
});

export const roleForm = z.object({ staffRole });

/** Accepting an invitation: the shared password rule, typed twice. */
export const acceptForm = z
  .object({ password: passwordSchema, confirm: z.string() })
  .refine((form) => form.password === form.confirm, { path: ['confirm'], message: 'The two passwords are not the same' });

/** The invitation link an owner hands over (the token is its only secret). */
export function invitationLink(adminUrl: string, token: string): string {
  return `${adminUrl.replace(/\/+$/, '')}/invitation/${encodeURIComponent(token)}`;
}
