'use server';
import { serviceStatus } from '@omnicart/bff';
import { ROLE_LABELS, type Permission } from '@omnicart/contracts';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { getEnv } from '@/env';
import { fieldErrorsOf, type FormState } from '@/lib/forms';
import { acceptForm, invitationLink, inviteForm, roleForm } from '@/lib/users/forms';
import { getAdminContext } from './context';

/**
 * The staff and customer pages' actions, as server actions: each checks the staff member's
 * permission, validates the form, calls identity through the gateway with the staff member's token
 * and answers the form (field errors beside their fields, identity's refusal in its words).
 */

function failure(error: unknown, verb: string, field?: string): FormState {
  const status = serviceStatus(error);
  const message = error instanceof Error ? error.message : '';
  if (status === 403) return { status: 'error', message: `You don't have permission to ${verb}.` };
  if (status === 401) return { status: 'error', message: 'Your session has ended. Sign in again to continue.' };
  if (status === 404) return { status: 'error', message: `Could not ${verb}: it no longer exists.` };
  if (status === 400 || status === 409 || status === 422) {
    return field ? { status: 'error', message: `Could not ${verb}.`, fieldErrors: { [field]: message } } : { status: 'error', message: `Could not ${verb}: ${message}` };
  }
  console.error(`user action (${verb}) failed`, error);
  return { status: 'error', message: `Could not ${verb} right now: the identity service did not answer. Please try again.` };
}

/** The staff member's context, or the answer for a form when they may not do this. */
async function staffFor(permission: Permission, verb: string) {
  const context = await getAdminContext();
  if (!context.user) return { refused: { status: 'error', message: 'Your session has ended. Sign in again to continue.' } satisfies FormState };
  if (!context.staff?.permissions.includes(permission)) return { refused: { status: 'error', message: `You don't have permission to ${verb}.` } satisfies FormState };
  return { context };
}

const idOf = (form: FormData, name = 'id') => String(form.get(name) ?? '').slice(0, 64);

export async function inviteStaff(_previous: FormState, form: FormData): Promise<FormState> {
  const verb = 'invite staff';
  const { refused, context } = await staffFor('staff:manage', verb);
  if (refused) return refused;
  const values = { email: String(form.get('email') ?? ''), name: String(form.get('name') ?? ''), staffRole: String(form.get('staffRole') ?? '') };
  const parsed = inviteForm.safeParse(values);
  if (!parsed.success) return { status: 'error', message: 'Check the highlighted fields.', fieldErrors: fieldErrorsOf(parsed.error), values };
  try {
    const { invitation, token } = await context.api.identity.inviteStaff.mutate(parsed.data);
    revalidatePath('/staff');
    return {
      status: 'done',
      message: `${invitation.name} is invited as ${ROLE_LABELS[invitation.staffRole]}.`,
      link: invitationLink(getEnv().ADMIN_URL, token),
    };
  } catch (error) {
    if (serviceStatus(error) === 409) return { status: 'error', message: 'Could not invite staff.', fieldErrors: { email: 'This email already has an account: give that account a staff role instead' }, values };
    return { ...failure(error, verb, 'email'), values };
  }
}

export async function revokeInvitation(_previous: FormState, form: FormData): Promise<FormState> {
  const verb = 'withdraw this invitation';
  const { refused, context } = await staffFor('staff:manage', verb);
  if (refused) return refused;
  try {
    await context.api.identity.revokeInvitation.mutate({ id: idOf(form) });
  } catch (error) {
    return failure(error, verb);
  }
  revalidatePath('/staff');
  return { status: 'done', message: 'The invitation is withdrawn: its link no longer works.' };
}

/** A staff role for a staff member or a customer (staff:manage; never one's own). */
export async function changeStaffRole(_previous: FormState, form: FormData): Promise<FormState> {
  const verb = 'change this role';
  const { refused, context } = await staffFor('staff:manage', verb);
  if (refused) return refused;
  const id = idOf(form);
  if (id === context.user?.id) return { status: 'error', message: 'You cannot change your own role.' };
  const values = { staffRole: String(form.get('staffRole') ?? '') };
  const parsed = roleForm.safeParse(values);
  if (!parsed.success) return { status: 'error', message: 'Check the highlighted fields.', fieldErrors: fieldErrorsOf(parsed.error), values };
  try {
    await context.api.identity.update.mutate({ id, staffRole: parsed.data.staffRole });
  } catch (error) {
    return { ...failure(error, verb, 'staffRole'), values };
  }
  revalidatePath('/staff');
  revalidatePath(`/customers/${id}`);
  return { status: 'done', message: `Now ${ROLE_LABELS[parsed.data.staffRole]}. Their sessions were signed out to take the new role.` };
}

/**
 * Disable or enable an account, in two steps (the first answers 'confirm'). Staff accounts need
 * staff:manage, customers customers:write: which one is read from identity, not from the form.
 */
export async function setAccountDisabled(_previous: FormState, form: FormData): Promise<FormState> {
  const disabled = form.get('disabled') === 'true';
  const verb = disabled ? 'disable this account' : 'enable this account';
  const context = await getAdminContext();
  if (!context.user || !context.staff) return { status: 'error', message: 'Your session has ended. Sign in again to continue.' };
  const id = idOf(form);
  if (id === context.user.id) return { status: 'error', message: 'You cannot disable your own account.' };
  let target;
  try {
    target = await context.api.identity.byId.query({ id });
  } catch (error) {
    return failure(error, verb);
  }
  const needed: Permission = target.staffRole ? 'staff:manage' : 'customers:write';
  if (!context.staff.permissions.includes(needed)) return { status: 'error', message: `You don't have permission to ${verb}.` };
  if (form.get('confirm') !== 'yes') return { status: 'confirm' };
  try {
    await context.api.identity.update.mutate({ id, disabled });
  } catch (error) {
    return failure(error, verb);
  }
  revalidatePath('/staff');
  revalidatePath('/customers');
  revalidatePath(`/customers/${id}`);
  return { status: 'done', message: disabled ? `${target.name} is disabled and signed out everywhere.` : `${target.name} can sign in again.` };
}

/** The public invitation page: sets the password, then on to sign in. No session needed. */
export async function acceptInvitation(_previous: FormState, form: FormData): Promise<FormState> {
  const token = String(form.get('token') ?? '').slice(0, 200);
  const values = { password: String(form.get('password') ?? ''), confirm: String(form.get('confirm') ?? '') };
  const parsed = acceptForm.safeParse(values);
  // Passwords are never sent back to the browser.
  if (!parsed.success) return { status: 'error', message: 'Check the highlighted fields.', fieldErrors: fieldErrorsOf(parsed.error) };
  const { api } = await getAdminContext();
  try {
    await api.identity.acceptInvitation.mutate({ token, password: parsed.data.password });
  } catch (error) {
    const status = serviceStatus(error);
    if (status === 404) return { status: 'error', message: 'This invitation link no longer works: it was used, withdrawn or has expired. Ask the shop owner for a new one.' };
    if (status === 400) return { status: 'error', message: 'Could not set your password.', fieldErrors: { password: error instanceof Error ? error.message : 'Invalid password' } };
    if (status === 409) return { status: 'error', message: 'This email already has an account: sign in with it instead.' };
    console.error('accepting an invitation failed', error);
    return { status: 'error', message: 'Could not set your password right now. Please try again in a moment.' };
  }
  redirect('/login?joined=1');
}
