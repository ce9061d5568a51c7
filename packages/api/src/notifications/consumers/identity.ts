import type { Logger } from 'pino';
import type { ConsumerHandlers } from '../../runtime/domain.js';
import { openSecret } from '../../runtime/sealed.js';
import type { IDENTITY_TRIGGERS } from '../index.js';
import type { Notifier } from '../notifier.js';
import type { NotificationsRepository } from '../repository.js';

/**
 * Consumer `notifications.identity`: keeps the contacts read model (e-mail, name, role, disabled,
 * the marketing consent given at registration) from identity's events and sends the account
 * messages: welcome, password reset link, password changed, staff invitation. The reset and
 * invitation tokens arrive sealed (runtime/sealed.ts) and are opened only here. Redeliveries are
 * harmless: contacts are upserts, and a message is unique per (event, template, recipient).
 */
export function identityHandlers(
  repository: NotificationsRepository,
  notifier: Notifier,
  secrets: { serviceToken: string; logger: Logger },
): ConsumerHandlers<(typeof IDENTITY_TRIGGERS)[number]> {
  /** The token inside; null (logged, not retried: it can never open) when it was sealed under another SERVICE_TOKEN. */
  function opened(sealed: string, what: string): string | null {
    try {
      return openSecret(sealed, secrets.serviceToken);
    } catch (error) {
      secrets.logger.error({ err: error, what }, 'a sealed token in an event does not open with this SERVICE_TOKEN: the e-mail cannot be sent');
      return null;
    }
  }
  return {
    async handle(event) {
      switch (event.type) {
        case 'identity.user_registered': {
          const user = event.data;
          await repository.upsertContact({ userId: user.userId, email: user.email, name: user.name, role: user.role, marketingEmail: user.marketingOptIn ?? false });
          if (user.role !== 'customer') return; // staff accepted an invitation: they know the shop already
          await notifier.deliver(event, [
            { channel: 'email', template: 'welcome', data: { name: user.name }, recipient: user.email.toLowerCase(), userId: user.userId, orderId: null, kind: 'transactional' },
          ]);
          return;
        }
        case 'identity.profile_updated':
          await repository.updateContact(event.data.userId, { email: event.data.email, name: event.data.name });
          return;
        case 'identity.role_changed':
          await repository.updateContact(event.data.userId, { role: event.data.to });
          return;
        case 'identity.account_disabled':
          await repository.updateContact(event.data.userId, { disabled: true });
          return;
        case 'identity.account_enabled':
          await repository.updateContact(event.data.userId, { disabled: false });
          return;
        case 'identity.password_reset_requested': {
          const token = opened(event.data.sealedToken, 'password reset');
          if (!token) return;
          const expiresInMinutes = Math.max(1, Math.round((Date.parse(event.data.expiresAt) - Date.parse(event.occurredAt)) / 60_000));
          const resetUrl = `${notifier.links.storefrontUrl}/reset-password?token=${encodeURIComponent(token)}`;
          await notifier.deliver(event, [
            {
              channel: 'email',
              template: 'password_reset',
              data: { name: event.data.name, resetUrl, expiresInMinutes },
              recipient: event.data.email.toLowerCase(),
              userId: event.data.userId,
              orderId: null,
              kind: 'transactional',
            },
          ]);
          return;
        }
        case 'identity.staff_invited': {
          // Invitations from before the token was sealed into the event cannot be e-mailed (the owner copies the link).
          const token = event.data.sealedToken ? opened(event.data.sealedToken, 'staff invitation') : null;
          if (!token) return;
          const acceptUrl = `${notifier.links.adminUrl}/invitation/${encodeURIComponent(token)}`;
          await notifier.deliver(event, [
            {
              channel: 'email',
              template: 'staff_invitation',
              data: { name: event.data.name, role: event.data.role, acceptUrl, expiresAt: event.data.expiresAt },
              recipient: event.data.email.toLowerCase(),
              userId: null,
              orderId: null,
              kind: 'transactional',
            },
          ]);
          return;
        }
        case 'identity.password_changed': {
          const contact = await repository.findContact(event.data.userId); // its name, if known (the e-mail is in the event)
          const data = { name: contact?.name ?? '', changedAt: event.data.changedAt, forgotPasswordUrl: `${notifier.links.storefrontUrl}/forgot-password` };
          await notifier.deliver(event, [
            { channel: 'email', template: 'password_changed', data, recipient: event.data.email.toLowerCase(), userId: event.data.userId, orderId: null, kind: 'transactional' },
          ]);
          return;
        }
      }
    },
  };
}
