import { metadataOnlyService, type DomainModule } from '../runtime/domain.js';
import { recordNotificationSend } from '../runtime/metrics.js';
import type { NotificationsSettings } from './config.js';
import { createAlerts, type Alerts } from './alerts.js';
import { createCampaigns, type Campaigns } from './campaigns.js';
import { createCampaignOffers, createCatalogFacts, createContactBook, createIdentityContacts, type CampaignOffers, type CatalogFacts, type IdentityContacts } from './clients.js';
import { alertsHandlers } from './consumers/alerts.js';
import { identityHandlers } from './consumers/identity.js';
import { abandonedCartsJob } from './jobs/abandoned-carts.js';
import { campaignsJob } from './jobs/campaigns.js';
import { senderJob } from './jobs/sender.js';
import { ordersHandlers } from './consumers/orders.js';
import { ABANDONED_CARTS_JOB, ALERTS_CONSUMER, CAMPAIGNS_JOB, IDENTITY_CONSUMER, ORDERS_CONSUMER, SENDER_JOB } from './index.js';
import { createNotifier } from './notifier.js';
import { document } from './openapi.js';
import { createSmtpEmailProvider } from './providers/email-smtp.js';
import { createTwilioSmsProvider } from './providers/sms-twilio.js';
import type { EmailProvider, SmsProvider } from './providers/types.js';
import { createAlertsRepository, createCampaignsRepository, createNotificationsDb, createNotificationsRepository } from './repository.js';
import { createNotificationsRouter } from './router.js';
import { createSender } from './sender.js';
import { createNotificationsService, type NotificationsService } from './service.js';
import { unsubscribeKey } from './unsubscribe.js';

/** Options for tests: other providers (the integration tests use the real ones against the dev inbox). */
export interface NotificationsModuleOptions {
  email?: EmailProvider;
  sms?: SmsProvider;
  catalog?: CatalogFacts;
  identity?: IdentityContacts;
  promotions?: CampaignOffers;
}

/** Start wiring: what a process running notifications serves. */
export function createNotificationsModule(options: NotificationsModuleOptions = {}): DomainModule<NotificationsSettings> {
  return {
    async start({ pool, logger, config, env, client }) {
      const db = createNotificationsDb(pool);
      const repository = createNotificationsRepository(db);
      const email = options.email ?? createSmtpEmailProvider({ url: config.SMTP_URL });
      const sms =
        options.sms ??
        createTwilioSmsProvider({ accountSid: config.TWILIO_ACCOUNT_SID, authToken: config.TWILIO_AUTH_TOKEN, from: config.SMS_FROM, apiUrl: config.SMS_API_URL });
      const sender = createSender({
        repository,
        email,
        sms,
        logger: logger.child({ job: SENDER_JOB }),
        onOutcome: recordNotificationSend,
        settings: {
          emailRate: config.EMAIL_SEND_RATE,
          smsRate: config.SMS_SEND_RATE,
          retryBaseMs: config.NOTIFICATIONS_RETRY_BASE_MS,
          leaseMs: config.NOTIFICATIONS_LEASE_MS,
          mailFrom: config.MAIL_FROM,
        },
      });
      const contacts = createContactBook(repository, options.identity ?? createIdentityContacts({ client }));
      const key = unsubscribeKey(config.NOTIFICATIONS_UNSUBSCRIBE_SECRET, env.SERVICE_TOKEN);
      const notifier = createNotifier({
        repository,
        links: { storefrontUrl: config.STOREFRONT_URL.replace(/\/$/, ''), adminUrl: config.ADMIN_URL.replace(/\/$/, '') },
        defaultStoreName: config.STORE_NAME,
        maxAttempts: config.NOTIFICATIONS_MAX_ATTEMPTS,
        unsubscribeKey: key,
        kick: () => sender.kick(),
      });
      const catalog = options.catalog ?? createCatalogFacts({ client });
      const campaignsRepository = createCampaignsRepository(db);
      const campaigns = createCampaigns({
        campaigns: campaignsRepository,
        catalog,
        offers: options.promotions ?? createCampaignOffers({ client }),
        notifier,
        unsubscribeKey: key,
        onResultsUnavailable: (error) => logger.warn({ err: error }, 'promotions did not answer: campaign results left out'),
        maxAttempts: config.NOTIFICATIONS_MAX_ATTEMPTS,
        kick: () => sender.kick(),
      });
      const alerts = createAlerts({
        alerts: createAlertsRepository(db),
        contacts,
        catalog,
        notifier,
        abandonedAfterMs: config.ABANDONED_CART_AFTER,
        kick: () => sender.kick(),
      });
      const service = createNotificationsService(repository, { contacts, recordUnsubscribe: campaignsRepository.recordUnsubscribe, unsubscribeKey: key, maxAttempts: config.NOTIFICATIONS_MAX_ATTEMPTS, kick: () => sender.kick() });
      logger.info({ domain: 'notifications', smtp: new URL(config.SMTP_URL).host, sms: config.SMS_API_URL }, 'notifications domain started');
      return {
        router: createNotificationsRouter(service, alerts, campaigns),
        consumers: {
          [IDENTITY_CONSUMER]: identityHandlers(repository, notifier, { serviceToken: env.SERVICE_TOKEN, logger }),
          [ORDERS_CONSUMER]: ordersHandlers(repository, notifier, contacts, { campaigns: campaignsRepository, catalog }),
          [ALERTS_CONSUMER]: alertsHandlers(alerts),
        },
        jobs: {
          [SENDER_JOB]: senderJob(sender, config.NOTIFICATIONS_POLL_MS),
          [CAMPAIGNS_JOB]: campaignsJob(campaigns, config.CAMPAIGNS_CHECK_MS),
          [ABANDONED_CARTS_JOB]: abandonedCartsJob(alerts, config.ABANDONED_CART_CHECK_MS),
        },
        async stop() {
          await sender.stop();
          await Promise.allSettled([email.close(), sms.close()]);
          await db.$disconnect();
        },
      };
    },
    describeRouter: () => createNotificationsRouter(
        metadataOnlyService<NotificationsService>('notifications'),
        metadataOnlyService<Alerts>('notifications'),
        metadataOnlyService<Campaigns>('notifications'),
      ),
    openapi: document,
  };
}

export const domainModule = createNotificationsModule();
