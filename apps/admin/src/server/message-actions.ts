'use server';
import { serviceStatus } from '@omnicart/bff';
import { revalidatePath } from 'next/cache';
import type { ResendState } from '@/lib/messages/types';
import { getAdminContext } from './context';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * "Resend" on a message's page: checks `customers:write`, then `notifications.resend` through the
 * gateway with the staff member's token. The answer links to the new message; a refusal says why
 * in the API's words (409: the original is still queued or being sent).
 */
export async function resendMessage(_previous: ResendState, form: FormData): Promise<ResendState> {
  const context = await getAdminContext();
  if (!context.user) return { status: 'error', message: 'Your session has ended. Sign in again to continue.' };
  if (!context.staff?.permissions.includes('customers:write')) return { status: 'error', message: "You don't have permission to resend messages." };
  const id = String(form.get('id') ?? '').trim();
  if (!UUID.test(id)) return { status: 'error', message: 'This message no longer exists.' };
  try {
    const created = await context.api.notifications.resend.mutate({ id });
    revalidatePath('/messages');
    return { status: 'done', messageId: created.id };
  } catch (error) {
    const status = serviceStatus(error);
    const message = error instanceof Error ? error.message : '';
    if (status === 409) return { status: 'error', message: `Not resent: ${message || 'the message is still queued or being sent. Try again once it has settled.'}` };
    if (status === 404) return { status: 'error', message: 'This message no longer exists.' };
    if (status === 403) return { status: 'error', message: "You don't have permission to resend messages." };
    if (status === 401) return { status: 'error', message: 'Your session has ended. Sign in again to continue.' };
    if (status === 400) return { status: 'error', message: `Not resent: ${message}` };
    console.error('resend failed', error);
    return { status: 'error', message: 'Could not resend right now: the notifications service did not answer. Please try again.' };
  }
}
