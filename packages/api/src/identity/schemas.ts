import { z } from 'zod';
import { PASSWORD_RESET_REQUESTED_MESSAGE, PERMISSIONS, STAFF_ROLES, emailSchema, numberedPageSchema, pageNumberSchema, pageSizeSchema, nameSchema, passwordSchema, passwordResetConfirmInput, passwordResetRequestInput, registrationInput, signInInput, text } from '@omnicart/contracts';

export { emailSchema, nameSchema, passwordSchema };

/**
 * Identity's request and response shapes: the tRPC validators and the OpenAPI source.
 * Unknown fields are ignored (zod objects strip them).
 */

export const roleSchema = z.enum(['customer', 'admin']).meta({
  description: 'Account role as clients written before staff roles know it: `admin` for every staff member (the precise role is `staffRole`)',
  example: 'customer',
});

export const staffRoleSchema = z.enum(STAFF_ROLES).meta({
  description: 'Staff role: owner (everything, manages staff), catalog_manager, order_manager, marketing or analyst (read-only)',
  example: 'order_manager',
});

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
    staffRole: staffRoleSchema.nullable().meta({ description: 'The staff role; null for customers', example: null }),
    permissions: z.array(z.enum(PERMISSIONS)).meta({ description: 'What the role may do (empty for customers)', example: [] }),
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
      staffRole: null,
      permissions: [],
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
        staffRole: null,
        permissions: [],
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
    role: roleSchema.optional().meta({
      description: 'Legacy: `admin` makes a customer an owner (a staff member keeps their role), `customer` removes staff access. Needs staff:manage',
    }),
    staffRole: staffRoleSchema.nullable().optional().meta({ description: 'The precise role: a staff role, or null for a customer. Needs staff:manage; never one’s own' }),
    disabled: z
      .boolean()
      .optional()
      .meta({ description: 'Disable or enable the account (customers: customers:write; staff: staff:manage), never one’s own. Disabling ends every session of it at once' }),
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

/** Internal: how to reach an account (notifications fills its contacts read model with it when an event came before it knew the account). */
export const contactInput = z.object({ userId: userIdSchema });
export const contactOutput = z.object({ userId: z.uuid(), email: z.string(), name: z.string(), role: z.string(), disabled: z.boolean() }).nullable();

export const USER_SORTS = ['created_desc', 'created_asc', 'name_asc', 'email_asc'] as const;
export type UserSort = (typeof USER_SORTS)[number];

/** The account lists' filters and sort, shared by the numbered pages and the export's keyset pages. */
const userListFilters = {
  q: text().trim().max(100).optional().describe('Case-insensitive part of the email or name'),
  staffRole: staffRoleSchema.optional().describe('Staff list only: one role'),
  disabled: z.boolean().optional().describe('true: only disabled accounts; false: only active ones'),
  sort: z.enum(USER_SORTS).default('created_desc').describe('Order of the rows (default newest first; ties by id)'),
};

/** GET /users and GET /users/staff: a numbered page of accounts for the admin's lists. */
export const listUsersInput = z.object({
  ...userListFilters,
  page: pageNumberSchema.default(1),
  pageSize: pageSizeSchema.default(20),
});
export type ListUsersInput = z.output<typeof listUsersInput>;
export const userPageSchema = numberedPageSchema(userSchema);

/** Most accounts one export page carries. */
export const MAX_USER_EXPORT_PAGE = 1_000;

/**
 * GET /users/export: the customer list's filters and sort, walked with a keyset cursor instead of
 * page numbers, so reading every page of 100,000 customers costs one pass, not a growing OFFSET
 * per page (and no account is skipped or repeated when accounts arrive meanwhile).
 */
export const exportUsersInput = z.object({
  ...userListFilters,
  // A name or an e-mail sort carries that text in the cursor (e-mails run to 320 characters).
  after: text().max(1200).optional().describe('`nextCursor` of the previous page (absent: the first page)'),
  limit: z.number().int().min(1).max(MAX_USER_EXPORT_PAGE).default(500).describe(`Accounts per page, 1-${MAX_USER_EXPORT_PAGE} (default 500)`),
});
export type ExportUsersInput = z.output<typeof exportUsersInput>;

export const userExportPageSchema = z.object({
  items: z.array(userSchema),
  nextCursor: z.string().nullable().describe('Pass as `after` for the next page; null after the last one'),
});
export type UserExportPage = z.infer<typeof userExportPageSchema>;

// ---------------------------------------------------------------------------------------------
// Staff invitations

export const inviteStaffInput = z
  .object({ email: emailSchema, name: nameSchema, staffRole: staffRoleSchema })
  .meta({ example: { email: 'sam@example.com', name: 'Sam Orders', staffRole: 'order_manager' } });

export const invitationSchema = z
  .object({
    id: z.string().meta({ format: 'uuid' }),
    email: z.string(),
    name: z.string(),
    staffRole: staffRoleSchema,
    invitedBy: z.string().meta({ format: 'uuid', description: 'The owner who sent it' }),
    expiresAt: z.string().meta({ format: 'date-time' }),
    expired: z.boolean().meta({ description: 'True once the link no longer works (send a new invitation)' }),
    createdAt: z.string().meta({ format: 'date-time' }),
  })
  .meta({ id: 'StaffInvitation' });

export const invitationCreatedSchema = z.object({
  invitation: invitationSchema,
  token: z.string().meta({
    description: 'The single-use secret of the invitation link, shown once: the link is `<admin URL>/invitation/<token>` (the admin app builds and shows it)',
  }),
});

export const invitationListSchema = z.object({ items: z.array(invitationSchema) });
export const invitationIdInput = z.object({ id: z.uuid({ message: 'Invitation id must be a UUID' }) });

const invitationTokenSchema = text().min(20, { message: 'Invitation token is invalid' }).max(200).meta({ description: 'The token from the invitation link' });
export const invitationTokenInput = z.object({ token: invitationTokenSchema });
export const invitationPreviewSchema = z.object({ email: z.string(), name: z.string(), staffRole: staffRoleSchema, expiresAt: z.string() });
export const acceptInvitationInput = z
  .object({ token: invitationTokenSchema, password: passwordSchema, name: nameSchema.optional().meta({ description: 'Replaces the name the owner typed' }) })
  .meta({ example: { token: 'k2Vq0x9Jm3d8ZP1s7u4Wc5rT6yH0aB2nE8fG1iL3oQ4', password: 'a-long-secret-1' } });

// ---------------------------------------------------------------------------------------------
// Password reset

export { passwordResetConfirmInput, passwordResetRequestInput };

export const passwordResetRequestedSchema = z
  .object({ message: z.string().meta({ description: 'The same sentence whether or not the e-mail has an account' }) })
  .meta({ example: { message: PASSWORD_RESET_REQUESTED_MESSAGE } });

export const passwordResetDoneSchema = z
  .object({
    email: z.string().meta({ format: 'email', description: 'The account’s e-mail: sign in with it and the new password (POST /users/login)' }),
    message: z.string(),
  })
  .meta({ example: { email: 'jane@example.com', message: 'Your password has been changed. You are signed out everywhere else.' } });
