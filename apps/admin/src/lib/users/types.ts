import type { IdentityRouter } from '@omnicart/api';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

/** Types only, from identity's router (@omnicart/api). */
type IdentityIn = inferRouterInputs<IdentityRouter>;
type IdentityOut = inferRouterOutputs<IdentityRouter>;
export type User = IdentityOut['byId'];
export type UsersPage = IdentityOut['list'];
export type ListUsersInput = IdentityIn['listStaff'];
export type UserSort = NonNullable<ListUsersInput['sort']>;
export type Invitation = IdentityOut['invitations']['items'][number];
export type InvitationPreview = IdentityOut['invitation'];

/** The sorts identity's lists offer (checked against the router's type). */
export const USER_SORTS = ['created_desc', 'created_asc', 'name_asc', 'email_asc'] as const satisfies readonly UserSort[];
export const USER_SORT_LABELS: Readonly<Record<UserSort, string>> = {
  created_desc: 'Newest first',
  created_asc: 'Oldest first',
  name_asc: 'Name (A–Z)',
  email_asc: 'Email (A–Z)',
};
