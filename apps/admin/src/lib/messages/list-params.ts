import { ADMIN_PAGE_SIZES, type AdminPageSize } from '@omnicart/contracts';
import { first, isoDate, queryString, type SearchParams } from '../url-state';
import { CHANNELS, MESSAGE_STATES } from './format';
import type { MessageChannel, MessageState } from './types';

export const DEFAULT_MESSAGE_PAGE_SIZE: AdminPageSize = 20;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TEMPLATE = /^[a-z0-9_-]{1,64}$/;

/** The delivery log's filters, exactly what the URL says (unknown or malformed values dropped). */
export interface MessageListState {
  state?: MessageState;
  channel?: MessageChannel;
  template?: string;
  /** The exact address or E.164 number (the API matches it exactly; e-mail case-insensitively). */
  recipient?: string;
  userId?: string;
  orderId?: string;
  /** Days YYYY-MM-DD, both inclusive (UTC). */
  from?: string;
  to?: string;
  page: number;
  pageSize: AdminPageSize;
}

export function parseMessageListParams(params: SearchParams): MessageListState {
  const page = Number(first(params, 'page'));
  const pageSize = Number(first(params, 'pageSize'));
  const state: MessageListState = {
    page: Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1,
    pageSize: (ADMIN_PAGE_SIZES as readonly number[]).includes(pageSize) ? (pageSize as AdminPageSize) : DEFAULT_MESSAGE_PAGE_SIZE,
  };
  const messageState = first(params, 'state');
  const channel = first(params, 'channel');
  const template = first(params, 'template')?.toLowerCase();
  // The service takes at most 320 characters of recipient.
  const recipient = first(params, 'recipient')?.slice(0, 320);
  const userId = first(params, 'userId');
  const orderId = first(params, 'orderId');
  const from = isoDate(first(params, 'from'));
  const to = isoDate(first(params, 'to'));
  if (messageState && (MESSAGE_STATES as readonly string[]).includes(messageState)) state.state = messageState as MessageState;
  if (channel && (CHANNELS as readonly string[]).includes(channel)) state.channel = channel as MessageChannel;
  if (template && TEMPLATE.test(template)) state.template = template;
  if (recipient) state.recipient = recipient;
  if (userId && UUID.test(userId)) state.userId = userId.toLowerCase();
  if (orderId && UUID.test(orderId)) state.orderId = orderId.toLowerCase();
  // A reversed range would match nothing: keep `from`, drop `to`.
  if (from) state.from = from;
  if (to && (!from || to >= from)) state.to = to;
  return state;
}

/** The state as a query string (defaults left out); `overrides` for pager links. */
export function messageListQuery(state: MessageListState, overrides: Partial<MessageListState> = {}): string {
  const merged = { ...state, ...overrides };
  return queryString(
    {
      state: merged.state,
      channel: merged.channel,
      template: merged.template,
      recipient: merged.recipient,
      userId: merged.userId,
      orderId: merged.orderId,
      from: merged.from,
      to: merged.to,
      pageSize: merged.pageSize,
      page: merged.page,
    },
    { pageSize: DEFAULT_MESSAGE_PAGE_SIZE, page: 1 },
  );
}

/** What `notifications.messages` takes for this state. */
export function messageListInput(state: MessageListState) {
  const { state: messageState, channel, template, recipient, userId, orderId, from, to, page, pageSize } = state;
  return {
    ...(messageState ? { state: messageState } : {}),
    ...(channel ? { channel } : {}),
    ...(template ? { template } : {}),
    ...(recipient ? { recipient } : {}),
    ...(userId ? { userId } : {}),
    ...(orderId ? { orderId } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    page,
    pageSize,
  };
}

export const isFiltered = (state: MessageListState): boolean =>
  Boolean(state.state || state.channel || state.template || state.recipient || state.userId || state.orderId || state.from || state.to);
