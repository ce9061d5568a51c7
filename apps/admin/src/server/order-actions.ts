'use server';
import { serviceStatus } from '@omnicart/bff';
import type { Permission } from '@omnicart/contracts';
import { revalidatePath } from 'next/cache';
import { fieldErrorsOf } from '@/lib/forms';
import { money } from '@/lib/format';
import { fulfilForm, refundForm, type ActionState } from '@/lib/orders/forms';
import { availableActions } from '@/lib/orders/status';
import type { OrderStatus } from '@/lib/orders/types';
import { getAdminContext } from './context';

/**
 * The order page's actions, as server actions: each checks the staff member's permission, validates
 * the form, calls `orders.updateStatus` through the gateway with the staff member's token, and
 * answers the form (field errors beside their fields, the service's refusal in its words).
 */

interface StatusChange {
  id: string;
  status: OrderStatus;
  note?: string;
  amount?: number;
  /** Only with status fulfilled. */
  carrier?: string;
  trackingNumber?: string;
}

function failure(error: unknown, verb: string, field?: string): ActionState {
  const status = serviceStatus(error);
  const message = error instanceof Error ? error.message : '';
  if (status === 403) return { status: 'error', message: `You don't have permission to ${verb}.` };
  if (status === 401) return { status: 'error', message: 'Your session has ended. Sign in again to continue.' };
  if (status === 404) return { status: 'error', message: 'This order no longer exists.' };
  if (status === 400 || status === 409 || status === 402 || status === 422) {
    return field ? { status: 'error', message: `Could not ${verb}.`, fieldErrors: { [field]: message } } : { status: 'error', message: `Could not ${verb}: ${message}` };
  }
  console.error(`order action (${verb}) failed`, error);
  return { status: 'error', message: `Could not ${verb} right now: the orders service did not answer. Please try again.` };
}

/** The staff member's context, or the answer for a form when they may not do this. */
async function staffFor(permission: Permission, verb: string) {
  const context = await getAdminContext();
  if (!context.user) return { refused: { status: 'error', message: 'Your session has ended. Sign in again to continue.' } satisfies ActionState };
  if (!context.staff?.permissions.includes(permission)) return { refused: { status: 'error', message: `You don't have permission to ${verb}.` } satisfies ActionState };
  return { context };
}

async function change(input: StatusChange, verb: string, field?: string): Promise<ActionState | null> {
  const { api } = await getAdminContext();
  try {
    await api.orders.updateStatus.mutate(input);
  } catch (error) {
    return failure(error, verb, field);
  }
  revalidatePath(`/orders/${input.id}`);
  return null;
}

const orderId = (form: FormData) => String(form.get('id') ?? '').slice(0, 64);

export async function fulfilOrder(_previous: ActionState, form: FormData): Promise<ActionState> {
  const verb = 'fulfil this order';
  const { refused } = await staffFor('orders:write', verb);
  if (refused) return refused;
  const values = { carrier: String(form.get('carrier') ?? ''), trackingNumber: String(form.get('trackingNumber') ?? '') };
  const parsed = fulfilForm.safeParse(values);
  if (!parsed.success) return { status: 'error', message: 'Check the highlighted fields.', fieldErrors: fieldErrorsOf(parsed.error), values };
  const { carrier, trackingNumber } = parsed.data;
  const failed = await change({ id: orderId(form), status: 'fulfilled', carrier, trackingNumber }, verb, 'trackingNumber');
  return failed ? { ...failed, values } : { status: 'done', message: `Marked as fulfilled: ${carrier} ${trackingNumber}.` };
}

export async function markDelivered(_previous: ActionState, form: FormData): Promise<ActionState> {
  const verb = 'mark this order delivered';
  const { refused } = await staffFor('orders:write', verb);
  if (refused) return refused;
  return (await change({ id: orderId(form), status: 'delivered' }, verb)) ?? { status: 'done', message: 'Marked as delivered.' };
}

export async function cancelOrder(_previous: ActionState, form: FormData): Promise<ActionState> {
  const verb = 'cancel this order';
  const { refused } = await staffFor('orders:write', verb);
  if (refused) return refused;
  if (form.get('confirm') !== 'yes') return { status: 'confirm' };
  return (await change({ id: orderId(form), status: 'cancelled', note: 'Cancelled by staff' }, verb)) ?? { status: 'done', message: 'The order is cancelled.' };
}

/** Two steps: the first answers 'confirm' with the checked amount, the second (confirm=yes) sends it. */
export async function refundOrder(_previous: ActionState, form: FormData): Promise<ActionState> {
  const verb = 'refund this order';
  const { refused, context } = await staffFor('orders:refund', verb);
  if (refused) return refused;
  const id = orderId(form);
  const values = { kind: String(form.get('kind') ?? ''), amount: String(form.get('amount') ?? '') };
  let order;
  try {
    order = await context.api.orders.get.query({ id });
  } catch (error) {
    return failure(error, verb);
  }
  const { refundable } = availableActions(order);
  const parsed = refundForm(refundable, order.currency).safeParse(values);
  if (!parsed.success) return { status: 'error', message: 'Check the highlighted fields.', fieldErrors: fieldErrorsOf(parsed.error), values };
  const { kind, amount } = parsed.data;
  if (form.get('confirm') !== 'yes') return { status: 'confirm', kind, amount, values };
  const input: StatusChange =
    kind === 'full' ? { id, status: 'refunded', note: 'Refunded in full by staff' } : { id, status: 'partially_refunded', amount, note: `Refunded ${money(amount, order.currency)} by staff` };
  const failed = await change(input, verb, 'amount');
  return failed ? { ...failed, values } : { status: 'done', message: `Refunded ${money(amount, order.currency)}.` };
}
