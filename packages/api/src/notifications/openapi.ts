import type { DomainDocument, OperationExamples } from '../runtime/docs.js';
import { CUSTOMER_ID, ORDER_ID, PRODUCT_ID, tokenExpired } from '../openapi/example-values.js';
import { EXAMPLE_CAMPAIGN, EXAMPLE_MESSAGE } from './schemas.js';

/**
 * notifications' published REST document (data/docs/notification_service_api.yaml): its text, and
 * examples keyed by operationId where the schemas' own cannot say it (checked against the
 * procedures by openapi/generate.ts).
 */
const MESSAGE_ID = '0193b7a4-5c2e-7d10-9a4b-3c1f2e0d9a87';
const confirmation = { ...EXAMPLE_MESSAGE, id: MESSAGE_ID, subject: 'Your order #OC-00000042 is confirmed', userId: CUSTOMER_ID, orderId: ORDER_ID };
const retrying = {
  ...confirmation,
  id: '0193b7a4-6d1f-7a20-8b5c-4d2e3f1a0b98',
  template: 'order_shipped',
  subject: 'Your order #OC-00000042 has shipped',
  state: 'queued',
  attempts: 2,
  lastError: 'connect ECONNREFUSED 127.0.0.1:1025',
  providerMessageId: null,
  sentAt: null,
  nextAttemptAt: '2026-12-07T14:06:10.000Z',
};
const detail = {
  ...confirmation,
  recipient: 'demo@omnicart.test',
  html: '<!DOCTYPE html><html>…</html>',
  text: 'Thank you for your order OC-00000042 …',
  headers: null,
};
const preferences = { email: 'demo@omnicart.test', marketingEmail: true, smsOptIn: true, phone: '+14155550123' };
const CAMPAIGN_ID = EXAMPLE_CAMPAIGN.id;
const noStats = { recipients: 0, queued: 0, sent: 0, failed: 0, bounced: 0, suppressed: 0, unsubscribed: 0, redemptions: 0, revenue: 0, discountCost: 0 };
const campaign = EXAMPLE_CAMPAIGN;
const badPageSize = { message: 'pageSize: must be one of 10, 20, 50, 100' };
const forbidden = (permission: string) => ({ message: `This needs the ${permission} permission` });

const examples: Record<string, OperationExamples> = {
  notificationsPreferences: { response: preferences, errors: { 401: tokenExpired, 404: { message: 'Your account is still being set up for messages; try again in a moment' } } },
  notificationsUpdatePreferences: {
    response: preferences,
    errors: {
      400: { message: 'phone: SMS needs a phone number' },
      401: tokenExpired,
      404: { message: 'Your account is still being set up for messages; try again in a moment' },
    },
  },
  notificationsCustomerPreferences: {
    parameters: { userId: CUSTOMER_ID },
    response: { ...preferences, smsOptIn: false, phone: null },
    errors: { 400: { message: 'userId: userId must be a UUID' }, 401: tokenExpired, 403: forbidden('customers:read'), 404: { message: 'No contact details for this customer' } },
  },
  notificationsUnsubscribe: { errors: { 400: { message: 'This unsubscribe link is invalid' } } },
  notificationsRequestStockAlert: {
    errors: {
      400: { message: 'email: Enter your e-mail address to be told when it is back' },
      404: { message: 'This product cannot be found or is no longer sold' },
      409: { message: 'This product is in stock now: add it to your cart' },
    },
  },
  notificationsConfirmStockAlert: { errors: { 400: { message: 'This confirmation link is invalid or was already used' } } },
  notificationsPriceWatches: {
    response: {
      items: [
        {
          productId: PRODUCT_ID,
          productName: 'Sonora Headphones',
          productSlug: 'sonora-headphones',
          referencePrice: 12999,
          currentPrice: 11999,
          currency: 'USD',
          createdAt: '2026-12-07T14:05:09.120Z',
        },
      ],
    },
    errors: { 401: tokenExpired },
  },
  notificationsWatchPrice: {
    parameters: { productId: PRODUCT_ID },
    errors: { 400: { message: 'productId: productId must be a UUID' }, 401: tokenExpired, 404: { message: 'This product cannot be found or is no longer sold' } },
  },
  notificationsUnwatchPrice: {
    parameters: { productId: PRODUCT_ID },
    errors: { 400: { message: 'productId: productId must be a UUID' }, 401: tokenExpired, 404: { message: 'You are not watching the price of this product' } },
  },
  notificationsCampaigns: {
    parameters: { page: 1, pageSize: 20 },
    response: { items: [campaign], total: 1, page: 1, pageSize: 20 },
    errors: { 400: badPageSize, 401: tokenExpired, 403: forbidden('campaigns:write') },
  },
  notificationsCampaign: {
    parameters: { id: CAMPAIGN_ID },
    errors: { 400: { message: 'id: id must be a UUID' }, 401: tokenExpired, 403: forbidden('campaigns:write'), 404: { message: 'No such campaign' } },
  },
  notificationsCreateCampaign: {
    errors: { 400: { message: 'ctaUrl: A call to action needs both its button text and its link' }, 401: tokenExpired, 403: forbidden('campaigns:write') },
  },
  notificationsUpdateCampaign: {
    parameters: { id: CAMPAIGN_ID },
    errors: {
      400: { message: 'segment.categoryId: no such category' },
      401: tokenExpired,
      403: forbidden('campaigns:write'),
      404: { message: 'No such campaign' },
      409: { message: 'This campaign has gone out (or was cancelled): it can no longer be changed' },
    },
  },
  notificationsPreviewCampaign: { errors: { 400: { message: 'segment.categoryId: no such category' }, 401: tokenExpired, 403: forbidden('campaigns:write') } },
  notificationsTestCampaign: {
    parameters: { id: CAMPAIGN_ID },
    request: { email: 'marketing@omnicart.test' },
    errors: { 400: { message: 'email: Enter a valid e-mail address' }, 401: tokenExpired, 403: forbidden('campaigns:write'), 404: { message: 'No such campaign' } },
  },
  notificationsScheduleCampaign: {
    parameters: { id: CAMPAIGN_ID },
    request: { sendAt: '2026-12-24T09:00:00Z' },
    response: { ...campaign, status: 'scheduled', scheduledAt: '2026-12-24T09:00:00.000Z', startedAt: null, finishedAt: null, stats: noStats },
    errors: {
      400: { message: 'sendAt: an ISO timestamp such as 2026-12-24T09:00:00Z' },
      401: tokenExpired,
      403: forbidden('campaigns:write'),
      404: { message: 'No such campaign' },
      409: { message: 'This campaign has gone out (or was cancelled): it cannot be scheduled again' },
    },
  },
  notificationsCancelCampaign: {
    parameters: { id: CAMPAIGN_ID },
    response: { ...campaign, status: 'cancelled', scheduledAt: null, startedAt: null, finishedAt: null, stats: noStats },
    errors: {
      400: { message: 'id: id must be a UUID' },
      401: tokenExpired,
      403: forbidden('campaigns:write'),
      404: { message: 'No such campaign' },
      409: { message: 'This campaign is being sent or was sent: it can no longer be cancelled' },
    },
  },
  notificationsMessages: {
    parameters: { state: 'queued', channel: 'email', page: 1, pageSize: 20 },
    response: { items: [retrying, confirmation], total: 2, page: 1, pageSize: 20 },
    errors: { 400: { message: 'state: Invalid option: expected one of "queued"|"sending"|"sent"|"failed"|"suppressed"|"bounced"' }, 401: tokenExpired, 403: forbidden('customers:read') },
  },
  notificationsMessage: {
    parameters: { id: MESSAGE_ID },
    response: detail,
    errors: { 400: { message: 'id: id must be a UUID' }, 401: tokenExpired, 403: forbidden('customers:read'), 404: { message: 'No such message' } },
  },
  notificationsResend: {
    parameters: { id: MESSAGE_ID },
    response: { ...detail, id: '0193b7a5-0a1b-7c2d-8e3f-4a5b6c7d8e9f', state: 'queued', attempts: 0, providerMessageId: null, sentAt: null, resendOf: MESSAGE_ID, nextAttemptAt: '2026-12-07T15:00:00.000Z' },
    errors: {
      400: { message: 'id: id must be a UUID' },
      401: tokenExpired,
      403: forbidden('customers:write'),
      404: { message: 'No such message' },
      409: { message: 'This message is still being sent; resend it once it is sent, failed or bounced' },
    },
  },
};

export const document: DomainDocument = {
  file: 'notification_service_api.yaml',
  title: 'OmniCart notifications service API',
  description: [
    'Notifications (the notifications service), as served by the gateway under `/api/v1`: communication preferences, one-click unsubscribe, back-in-stock alerts and price watches for shoppers, and the delivery log (every e-mail and SMS, its state and content, resend) for staff.',
    '',
    'Messages are sent by the service itself in reaction to domain events (orders, identity); there is no API to send an arbitrary message. Each message is written once per (event, template, channel, recipient), queued, sent through SMTP or the SMS provider with retries (8 attempts over about 30 minutes by default), and logged with its state: `queued`, `sending`, `sent`, `failed`, `suppressed`, `bounced`.',
    '',
    'Send an access token from `POST /users/login` as `Authorization: Bearer <token>`. Every error answers `{ "error": { "code", "message" } }`.',
    '',
    'Generated from the tRPC router (packages/api/src/notifications) by `npm run openapi`; do not edit by hand.',
  ].join('\n'),
  operationIdPrefix: 'notifications',
  tags: { notifications: 'Preferences, unsubscribe, alerts and the delivery log.', campaigns: 'Promotional e-mails to segments of the customers who opted in.' },
  examples,
};
