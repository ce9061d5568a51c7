import 'server-only';
import { serviceStatus } from '@omnicart/bff';
import type { OrderMessagesData, PreferencesData } from '@/lib/messages/types';
import { getAdminContext } from './context';

/** How many of an order's messages its page lists (the delivery log, filtered by the order, has the rest). */
export const ORDER_MESSAGES_SHOWN = 20;

/**
 * The messages sent for an order, newest first, for its page (components/messages/OrderMessages.tsx):
 * hidden from staff without `customers:read` (the delivery log's permission); notifications not
 * answering leaves the rest of the order page working.
 */
export async function orderMessages(orderId: string): Promise<OrderMessagesData> {
  const { staff, api } = await getAdminContext();
  if (!staff?.permissions.includes('customers:read')) return { state: 'hidden' };
  try {
    return { state: 'ok', page: await api.notifications.messages.query({ orderId, page: 1, pageSize: ORDER_MESSAGES_SHOWN }) };
  } catch {
    return { state: 'unavailable' };
  }
}

/**
 * A customer's communication preferences, read only, for their page: `unknown` when notifications
 * has no contact for them yet (it answers 404), `unavailable` when it does not answer.
 */
export async function customerPreferences(userId: string): Promise<PreferencesData> {
  const { staff, api } = await getAdminContext();
  if (!staff?.permissions.includes('customers:read')) return { state: 'hidden' };
  try {
    return { state: 'ok', preferences: await api.notifications.customerPreferences.query({ userId }) };
  } catch (error) {
    if (serviceStatus(error) === 404) return { state: 'unknown' };
    return { state: 'unavailable' };
  }
}
