import type { ConsumerHandlers } from '../../runtime/domain.js';
import type { IDENTITY_TRIGGERS } from '../index.js';
import type { Notifier } from '../notifier.js';
import type { NotificationsRepository } from '../repository.js';

/**
 * Consumer `notifications.identity`: keeps the contacts read model (e-mail, name, role, disabled)
 * from identity's events and sends the account messages: welcome, password changed. Redeliveries
 * are harmless: contacts are upserts, and a message is unique per (event, template, recipient).
 */
export function identityHandlers(repository: NotificationsRepository, notifier: Notifier): ConsumerHandlers<(typeof IDENTITY_TRIGGERS)[number]> {
  return {
    async handle(event) {
      switch (event.type) {
        case 'identity.user_registered': {
          const user = event.data;
          await repository.upsertContact({ userId: user.userId, email: user.email, name: user.name, role: user.role, marketingEmail: false });
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
        case 'identity.password_changed': {
          const contact = await repository.findContact(event.data.userId);
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
