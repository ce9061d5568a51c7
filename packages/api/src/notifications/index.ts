// notifications: e-mail and SMS to customers and staff — account and order messages, alerts,
// reminders and campaigns — with a send queue (retries, throttling, priorities), a delivery log,
// consent and preferences. The public face: the manifest, the router type and the DTOs. Everything
// else is private (module.ts loads it when a process runs the domain).
import { cartUpdated } from '../cart/index.js';
import { productArchived, productUpdated } from '../catalog/index.js';
import { stockChanged } from '../inventory/index.js';
import { accountDisabled, accountEnabled, passwordChanged, passwordResetRequested, profileUpdated, roleChanged, staffInvited, userRegistered } from '../identity/index.js';
import { orderCancelled, orderPaid, orderRefunded, settingsChanged, statusChanged } from '../orders/index.js';
import { defineConsumer, defineDomain, type LoadedDomain } from '../runtime/domain.js';
import { notificationsConfig } from './config.js';
import { notificationsEvents } from './events.js';
import type { NotificationsModuleOptions } from './module.js';

export type { NotificationsRouter } from './router.js';
export type { PriceWatchDto, StockAlertResultDto } from './alerts.js';
export type { CampaignDto, CampaignStatsDto } from './campaigns.js';
export type { MessageDetailDto, MessagePageDto, MessageSummaryDto, PreferencesDto, UnsubscribeResultDto } from './schemas.js';

export const IDENTITY_CONSUMER = 'notifications.identity';
export const ORDERS_CONSUMER = 'notifications.orders';
export const ALERTS_CONSUMER = 'notifications.alerts';
export const SENDER_JOB = 'notifications.sender';
export const ABANDONED_CARTS_JOB = 'notifications.abandoned-carts';
export const CAMPAIGNS_JOB = 'notifications.campaigns';

/** Identity's events notifications reads: contacts, and the account messages. */
export const IDENTITY_TRIGGERS = [userRegistered, profileUpdated, roleChanged, accountDisabled, accountEnabled, passwordChanged, passwordResetRequested, staffInvited] as const;
/** Orders' events notifications reads: the order messages, and the store's name. */
export const ORDER_TRIGGERS = [orderPaid, statusChanged, orderCancelled, orderRefunded, settingsChanged] as const;
/** What alerts and reminders follow: availability, prices and status, customers' carts. */
export const ALERT_TRIGGERS = [stockChanged, productUpdated, productArchived, cartUpdated] as const;

export const manifest = defineDomain({
  name: 'notifications',
  port: 4107,
  summary:
    'E-mail and SMS to customers and staff: order updates, account messages, alerts, abandoned-cart reminders and campaigns, with a send queue (retries, throttling, priorities), a delivery log, consent and preferences.',
  rest: ['notifications'],
  config: notificationsConfig,
  publishes: notificationsEvents,
  consumers: [
    defineConsumer({
      name: IDENTITY_CONSUMER,
      events: IDENTITY_TRIGGERS,
      summary: 'Keeps the contacts read model (e-mail, name, role, disabled, consent at registration) and sends the account e-mails: welcome, password reset link, password changed, staff invitation.',
    }),
    defineConsumer({
      name: ORDERS_CONSUMER,
      events: ORDER_TRIGGERS,
      summary:
        'Sends the order messages (confirmation, payment failed, shipped, delivered, cancelled, refunded) by e-mail, and by SMS to customers who opted in; keeps the store’s name and customers’ paid orders for campaign segments.',
      concurrency: 8,
    }),
    defineConsumer({
      name: ALERTS_CONSUMER,
      events: ALERT_TRIGGERS,
      summary:
        'Follows availability, prices and customers’ carts: back-in-stock alerts when a product’s availability goes from 0 to more, price-drop alerts below a watcher’s reference, and the carts abandoned-cart reminders look at.',
    }),
  ],
  jobs: [
    { name: SENDER_JOB, summary: 'Sends due messages (queued, or a dead sender’s), throttled per channel, retried with backoff; replicas share the queue (SKIP LOCKED).' },
    { name: CAMPAIGNS_JOB, summary: 'Sends scheduled campaigns whose time has come: one message per member of the segment who opted in, queued behind order messages.' },
    { name: ABANDONED_CARTS_JOB, summary: 'One reminder per cart state for customers who opted in to marketing, once a cart is untouched for ABANDONED_CART_AFTER; never after an order.' },
  ],
  openapiFile: 'notification_service_api.yaml',
  calls: ['catalog', 'identity', 'promotions'],
  secrets: {
    SMTP_URL: { secret: 'omnicart-notifications', key: 'smtp-url' },
    TWILIO_ACCOUNT_SID: { secret: 'omnicart-notifications', key: 'twilio-account-sid' },
    TWILIO_AUTH_TOKEN: { secret: 'omnicart-notifications', key: 'twilio-auth-token' },
  },
  load: async () => (await import('./module.js')).domainModule,
});

/** This domain ready to host with non-default options (tests); its code loads on demand, as with `manifest.load()`. */
export async function createNotificationsDomain(options: NotificationsModuleOptions = {}): Promise<LoadedDomain> {
  return { manifest, module: (await import('./module.js')).createNotificationsModule(options) as LoadedDomain['module'] };
}
