import type { Brand } from '@omnicart/emails';
import { composeMessages, type TriggeringEvent } from './compose.js';
import type { Links, MessagePlan } from './plans.js';
import type { ContactRow, NewMessage, NotificationsRepository } from './repository.js';

/**
 * What every consumer does with the plans of one event: render them under the store's brand,
 * write them (once per event, template, channel and recipient) and wake the sender.
 */
export interface Notifier {
  readonly links: Links;
  /** The store's name (orders' settings, else STORE_NAME) and storefront URL, as e-mails show them. */
  brand(): Promise<Brand>;
  /** Renders the plans into messages without writing them (for callers that write them in their own transaction). */
  compose(event: TriggeringEvent, plans: readonly MessagePlan[], contacts?: readonly (ContactRow | null)[]): Promise<NewMessage[]>;
  deliver(event: TriggeringEvent, plans: readonly MessagePlan[], contacts?: readonly (ContactRow | null)[]): Promise<number>;
}

export function createNotifier(deps: {
  repository: Pick<NotificationsRepository, 'enqueue' | 'storeName'>;
  links: Links;
  defaultStoreName: string;
  maxAttempts: number;
  unsubscribeKey: Buffer;
  kick: () => void;
}): Notifier {
  async function brand(): Promise<Brand> {
    return { storeName: (await deps.repository.storeName()) ?? deps.defaultStoreName, storefrontUrl: deps.links.storefrontUrl };
  }
  async function compose(event: TriggeringEvent, plans: readonly MessagePlan[], contacts: readonly (ContactRow | null)[] = []): Promise<NewMessage[]> {
    const byId = new Map(contacts.filter((contact): contact is ContactRow => contact !== null).map((contact) => [contact.userId, contact]));
    return composeMessages(event, plans, {
      brand: await brand(),
      maxAttempts: deps.maxAttempts,
      unsubscribeKey: deps.unsubscribeKey,
      consent: (userId) => byId.get(userId) ?? null,
    });
  }
  return {
    links: deps.links,
    brand,
    compose,
    async deliver(event, plans, contacts = []) {
      if (plans.length === 0) return 0;
      const messages = await compose(event, plans, contacts);
      const written = await deps.repository.enqueue(messages);
      if (written > 0) deps.kick();
      return written;
    },
  };
}
