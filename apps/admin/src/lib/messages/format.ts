import type { MessageChannel, MessageState } from './types';

/**
 * The notifications domain's words in the merchant's: template names (packages/emails' templates
 * and the notifications README's table), states and channels.
 */
export const TEMPLATE_LABELS: Readonly<Record<string, string>> = {
  welcome: 'Welcome',
  password_reset: 'Password reset',
  password_changed: 'Password changed',
  staff_invitation: 'Staff invitation',
  order_confirmation: 'Order confirmation',
  payment_failed: 'Payment failed',
  order_shipped: 'Order shipped',
  order_delivered: 'Order delivered',
  order_cancelled: 'Order cancelled',
  order_refunded: 'Order refunded',
  back_in_stock_confirm: 'Back-in-stock confirmation',
  back_in_stock: 'Back in stock',
  price_drop: 'Price drop',
  abandoned_cart: 'Abandoned cart reminder',
  campaign: 'Campaign',
};

/** The templates the filter offers, in the order above. */
export const TEMPLATES = Object.keys(TEMPLATE_LABELS);

/** "Order confirmation"; a template this admin does not know yet reads as its name, humanised ("gift_card" → "Gift card"). */
export function templateLabel(template: string): string {
  const known = TEMPLATE_LABELS[template];
  if (known) return known;
  const words = template.replace(/[_-]+/g, ' ').trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : template;
}

export const MESSAGE_STATES = ['queued', 'sending', 'sent', 'failed', 'bounced', 'suppressed'] as const satisfies readonly MessageState[];

export const STATE_LABELS: Readonly<Record<MessageState, string>> = {
  queued: 'Queued',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Failed',
  bounced: 'Bounced',
  suppressed: 'Suppressed',
};

export const STATE_TONES: Readonly<Record<MessageState, 'neutral' | 'success' | 'warning' | 'danger' | 'info'>> = {
  queued: 'warning',
  sending: 'info',
  sent: 'success',
  failed: 'danger',
  bounced: 'danger',
  suppressed: 'neutral',
};

/** What each state means, for the detail page. */
export const STATE_DESCRIPTIONS: Readonly<Record<MessageState, string>> = {
  queued: 'Waiting to be sent, or between retries.',
  sending: 'Being handed to the provider now.',
  sent: 'The provider accepted it.',
  failed: 'Every attempt failed; it will not be tried again.',
  bounced: 'Refused permanently by the recipient’s server or number; not retried.',
  suppressed: 'Never sent: no consent, or no address or number for this channel.',
};

export const CHANNELS = ['email', 'sms'] as const satisfies readonly MessageChannel[];

export const CHANNEL_LABELS: Readonly<Record<MessageChannel, string>> = { email: 'E-mail', sms: 'SMS' };

/** Resending makes sense once the original has settled (the API answers 409 while it is queued or sending). */
export const canResendState = (state: MessageState): boolean => state !== 'queued' && state !== 'sending';

/** A provider error for a table cell: the first line, at most `max` characters (the detail page has all of it). */
export function shortError(error: string | null, max = 80): string | null {
  if (!error) return null;
  const line = error.split(/\r?\n/, 1)[0]!.trim();
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}
