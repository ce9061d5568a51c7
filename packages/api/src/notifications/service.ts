import { randomUUID } from 'node:crypto';
import type { AuthUser } from '../runtime/auth.js';
import { dateBound } from '../runtime/date-bounds.js';
import { DomainError } from '../runtime/errors.js';
import type { ContactBook } from './clients.js';
import type { ContactRow, MessageRow, NotificationsRepository } from './repository.js';
import type {
  ListMessagesInput,
  MessageDetailDto,
  MessagePageDto,
  MessageSummaryDto,
  PreferencesDto,
  UnsubscribeResultDto,
  UpdatePreferencesInput,
} from './schemas.js';
import { verifyUnsubscribeToken } from './unsubscribe.js';

export interface NotificationsServiceOptions {
  /** Contacts with identity's backfill (clients.ts). */
  contacts: ContactBook;
  unsubscribeKey: Buffer;
  maxAttempts: number;
  /** Counts an unsubscribe for its campaign's stats. */
  recordUnsubscribe?: (userId: string, campaignId: string | null) => Promise<void>;
  /** Wake the sender (a resend was queued). */
  kick?: () => void;
}

/** `demo@omnicart.test` → `d***@omnicart.test`; `+14155550123` → `+1******0123`. */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at > 0) return `${address[0]}***${address.slice(at)}`;
  if (address.startsWith('+') && address.length > 6) return `${address.slice(0, 2)}${'*'.repeat(address.length - 6)}${address.slice(-4)}`;
  return '***';
}

function toSummary(row: MessageRow): MessageSummaryDto {
  return {
    id: row.id,
    channel: row.channel,
    template: row.template,
    kind: row.kind,
    recipient: maskAddress(row.recipient),
    subject: row.subject,
    state: row.state,
    attempts: row.attempts,
    lastError: row.lastError,
    providerMessageId: row.providerMessageId,
    eventId: row.eventId,
    eventType: row.eventType,
    userId: row.userId,
    orderId: row.orderId,
    resendOf: row.resendOf,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
    nextAttemptAt: row.state === 'queued' ? row.nextAttemptAt.toISOString() : null,
  };
}

function toPreferences(contact: ContactRow): PreferencesDto {
  return { email: contact.email, marketingEmail: contact.marketingEmail, smsOptIn: contact.smsOptIn, phone: contact.phone };
}

/**
 * Messages whose links carry a secret (a password reset, a staff invitation, a guest's alert
 * confirmation): the log shows them with the token hidden, so reading the log never lets staff
 * use someone's link. A resend still sends the original to its recipient.
 */
const SECRET_LINK_TEMPLATES = new Set(['password_reset', 'staff_invitation', 'back_in_stock_confirm']);
const SECRET_IN_LINK = /(token=|\/invitation\/)[A-Za-z0-9_%.~-]+/g;
export function hideLinkSecrets(template: string, content: string): string {
  return SECRET_LINK_TEMPLATES.has(template) ? content.replace(SECRET_IN_LINK, '$1[hidden]') : content;
}

const UNKNOWN_ACCOUNT = 'Your account is still being set up for messages; try again in a moment';

/** The logic of notifications' API, framework-free (throws DomainError; never builds HTTP answers). */
export function createNotificationsService(repository: NotificationsRepository, options: NotificationsServiceOptions) {
  return {
    /** The signed-in person's communication preferences. */
    async preferences(user: AuthUser): Promise<PreferencesDto> {
      const contact = await options.contacts.findContact(user.id);
      if (!contact) throw new DomainError('NOT_FOUND', UNKNOWN_ACCOUNT);
      return toPreferences(contact);
    },

    async updatePreferences(user: AuthUser, input: UpdatePreferencesInput): Promise<PreferencesDto> {
      if (!(await options.contacts.findContact(user.id))) throw new DomainError('NOT_FOUND', UNKNOWN_ACCOUNT);
      const contact = await repository.setPreferences(user.id, { marketingEmail: input.marketingEmail, smsOptIn: input.smsOptIn, phone: input.phone });
      if (!contact) throw new DomainError('NOT_FOUND', UNKNOWN_ACCOUNT);
      return toPreferences(contact);
    },

    /** A customer's preferences, read-only (the admin's customer page). */
    async customerPreferences(userId: string): Promise<PreferencesDto> {
      const contact = await options.contacts.findContact(userId);
      if (!contact) throw new DomainError('NOT_FOUND', 'No contact details for this customer');
      return toPreferences(contact);
    },

    /** One-click unsubscribe from marketing e-mail: works without signing in; a forged token is 400 and changes nothing. */
    async unsubscribe(token: string, campaignId?: string): Promise<UnsubscribeResultDto> {
      const claim = verifyUnsubscribeToken(options.unsubscribeKey, token);
      if (!claim) throw new DomainError('VALIDATION_FAILED', 'This unsubscribe link is invalid');
      const contact = await repository.findContact(claim.userId);
      if (!contact) throw new DomainError('VALIDATION_FAILED', 'This unsubscribe link is invalid');
      const outcome = await repository.unsubscribe(claim.userId, claim.version);
      if (outcome === 'revoked') throw new DomainError('VALIDATION_FAILED', 'This unsubscribe link is no longer valid; change your preferences in your account instead');
      if (contact.marketingEmail) await options.recordUnsubscribe?.(claim.userId, campaignId ?? null);
      return { unsubscribed: true, email: maskAddress(contact.email) };
    },

    /** The delivery log, newest first. */
    async listMessages(input: ListMessagesInput): Promise<MessagePageDto> {
      const from = dateBound(input.from, 'from');
      const toExclusive = dateBound(input.to, 'to');
      if (from && toExclusive && from >= toExclusive) throw new DomainError('VALIDATION_FAILED', 'from: must be before to');
      const recipient = input.recipient ? (input.recipient.includes('@') ? input.recipient.toLowerCase() : input.recipient) : null;
      const { rows, total } = await repository.listMessages({
        state: input.state ?? null,
        channel: input.channel ?? null,
        template: input.template || null,
        recipient,
        userId: input.userId ?? null,
        orderId: input.orderId ?? null,
        from,
        toExclusive,
        offset: (input.page - 1) * input.pageSize,
        limit: input.pageSize,
      });
      return { items: rows.map(toSummary), total, page: input.page, pageSize: input.pageSize };
    },

    /** One message with its rendered content. */
    async message(id: string): Promise<MessageDetailDto> {
      const row = await repository.findMessage(id);
      if (!row) throw new DomainError('NOT_FOUND', 'No such message');
      return {
        ...toSummary(row),
        recipient: row.recipient,
        html: row.html === null ? null : hideLinkSecrets(row.template, row.html),
        text: hideLinkSecrets(row.template, row.text),
        headers: row.headers,
      };
    },

    /**
     * Sends a message again as a new one (its own log entry pointing at the original), with the
     * same content. Marketing is re-checked against consent when it goes out.
     */
    async resend(id: string): Promise<MessageDetailDto> {
      const original = await repository.findMessage(id);
      if (!original) throw new DomainError('NOT_FOUND', 'No such message');
      if (original.state === 'queued' || original.state === 'sending') {
        throw new DomainError('INVALID_STATE', 'This message is still being sent; resend it once it is sent, failed or bounced');
      }
      const copy = {
        id: randomUUID(),
        eventId: `resend:${randomUUID()}`,
        eventType: original.eventType,
        template: original.template,
        channel: original.channel,
        recipient: original.recipient,
        userId: original.userId,
        orderId: original.orderId,
        kind: original.kind,
        priority: original.priority,
        subject: original.subject,
        html: original.html,
        text: original.text,
        headers: original.headers,
        state: 'queued' as const,
        lastError: null,
        maxAttempts: options.maxAttempts,
        resendOf: original.id,
      };
      await repository.enqueue([copy]);
      options.kick?.();
      return this.message(copy.id);
    },
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
