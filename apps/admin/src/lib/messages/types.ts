import type { NotificationsRouter } from '@omnicart/api';
import type { inferRouterOutputs } from '@trpc/server';

/** Types only, from the notifications router (@omnicart/api). */
type NotificationsOut = inferRouterOutputs<NotificationsRouter>;
export type MessagePage = NotificationsOut['messages'];
export type MessageSummary = MessagePage['items'][number];
export type MessageDetail = NotificationsOut['message'];
export type MessageState = MessageSummary['state'];
export type MessageChannel = MessageSummary['channel'];
export type CustomerPreferences = NotificationsOut['customerPreferences'];

/** An order's messages as its page shows them: hidden without `customers:read`, unavailable when notifications does not answer. */
export type OrderMessagesData = { state: 'hidden' } | { state: 'unavailable' } | { state: 'ok'; page: MessagePage };

/** A customer's preferences for their page: `unknown` when notifications has no contact for them yet (404). */
export type PreferencesData = { state: 'hidden' } | { state: 'unavailable' } | { state: 'unknown' } | { state: 'ok'; preferences: CustomerPreferences };

/** What the resend form answers: the new message's id on success, the API's refusal in words otherwise. */
export type ResendState = { status: 'idle' } | { status: 'done'; messageId: string } | { status: 'error'; message: string };
