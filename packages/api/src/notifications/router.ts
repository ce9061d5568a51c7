import { z } from 'zod';
import { authedProcedure, publicProcedure, router, staffProcedure } from '../runtime/trpc.js';
import type { Alerts } from './alerts.js';
import type { Campaigns } from './campaigns.js';
import {
  campaignIdInput,
  campaignInput,
  campaignPageSchema,
  campaignPreviewSchema,
  campaignPromotionListSchema,
  campaignSchema,
  confirmedStockAlertSchema,
  confirmStockAlertInput,
  customerPreferencesInput,
  listMessagesInput,
  messageDetailSchema,
  messageIdInput,
  messagePageSchema,
  preferencesSchema,
  priceWatchListSchema,
  priceWatchSchema,
  listCampaignsInput,
  productIdInput,
  scheduleCampaignInput,
  testCampaignInput,
  testCampaignResultSchema,
  updateCampaignInput,
  stockAlertInput,
  stockAlertResultSchema,
  unsubscribeInput,
  unsubscribeResultSchema,
  updatePreferencesInput,
} from './schemas.js';
import type { NotificationsService } from './service.js';

const tags = ['notifications'];
const campaignTags = ['campaigns'];

/** Thin: validate, call the service. REST paths are relative to /api/v1. */
export function createNotificationsRouter(service: NotificationsService, alerts: Alerts, campaigns: Campaigns) {
  return router({
    preferences: authedProcedure
      .meta({
        openapi: {
          method: 'GET',
          path: '/notifications/preferences',
          tags,
          summary: 'My communication preferences',
          description: 'Marketing e-mail (default off), SMS (needs a phone number) and the e-mail address messages go to. Account and order e-mails always go.',
          protect: true,
          successDescription: 'The signed-in account’s preferences',
          errorResponses: { 401: 'Missing or invalid access token', 404: 'The account is not known to notifications yet' },
        },
      })
      .input(z.void())
      .output(preferencesSchema)
      .query(({ ctx }) => service.preferences(ctx.user)),

    updatePreferences: authedProcedure
      .meta({
        openapi: {
          method: 'PUT',
          path: '/notifications/preferences',
          tags,
          summary: 'Change my communication preferences',
          description: 'Opt in or out of marketing e-mail and of SMS, and set or remove the phone number (E.164). SMS needs a number.',
          protect: true,
          successDescription: 'The saved preferences',
          errorResponses: { 400: 'Invalid phone number, or SMS without one', 401: 'Missing or invalid access token', 404: 'The account is not known to notifications yet' },
        },
      })
      .input(updatePreferencesInput)
      .output(preferencesSchema)
      .mutation(({ ctx, input }) => service.updatePreferences(ctx.user, input)),

    customerPreferences: staffProcedure('customers:read')
      .meta({
        openapi: {
          method: 'GET',
          path: '/notifications/customers/{userId}/preferences',
          tags,
          summary: 'A customer’s communication preferences, read-only (customers:read)',
          protect: true,
          successDescription: 'The customer’s preferences',
          errorResponses: { 400: 'Invalid id', 401: 'Missing or invalid access token', 403: 'The token lacks customers:read', 404: 'Unknown customer' },
        },
      })
      .input(customerPreferencesInput)
      .output(preferencesSchema)
      .query(({ input }) => service.customerPreferences(input.userId)),

    unsubscribe: publicProcedure
      .meta({
        openapi: {
          method: 'POST',
          path: '/notifications/unsubscribe',
          tags,
          summary: 'Unsubscribe from marketing e-mail with the link’s token (no sign-in)',
          description:
            'The token of a marketing e-mail’s unsubscribe link (also behind its RFC 8058 one-click List-Unsubscribe header). It never expires, but a newer opt-in revokes older links. A forged, altered or revoked token is 400 and changes nothing.',
          successDescription: 'Unsubscribed',
          errorResponses: { 400: 'Invalid or revoked token' },
        },
      })
      .input(unsubscribeInput)
      .output(unsubscribeResultSchema)
      .mutation(({ input }) => service.unsubscribe(input.token, input.campaignId)),

    requestStockAlert: publicProcedure
      .meta({
        successStatus: 201,
        openapi: {
          method: 'POST',
          path: '/notifications/stock-alerts',
          tags,
          summary: 'E-mail me when this product is back in stock',
          description:
            'Signed in (a Bearer token): the account’s address, active at once. A guest gives `email` and gets a confirmation e-mail first (double opt-in; `status` pending). One e-mail when the product’s availability goes from 0 to more, then the alert closes; asking again re-arms it. A product in stock is 409.',
          successDescription: 'The alert',
          errorResponses: { 400: 'Invalid product id or e-mail, or a guest without one', 404: 'Unknown or unsold product', 409: 'The product is in stock' },
        },
      })
      .input(stockAlertInput)
      .output(stockAlertResultSchema)
      .mutation(({ ctx, input }) => alerts.requestStockAlert(ctx.user, input)),

    confirmStockAlert: publicProcedure
      .meta({
        openapi: {
          method: 'POST',
          path: '/notifications/stock-alerts/confirm',
          tags,
          summary: 'Confirm a guest’s back-in-stock alert with the e-mailed token',
          successDescription: 'The alert is active',
          errorResponses: { 400: 'Invalid or already used token' },
        },
      })
      .input(confirmStockAlertInput)
      .output(confirmedStockAlertSchema)
      .mutation(({ input }) => alerts.confirmStockAlert(input.token)),

    priceWatches: authedProcedure
      .meta({
        openapi: {
          method: 'GET',
          path: '/notifications/price-watches',
          tags,
          summary: 'The products whose price I watch',
          protect: true,
          successDescription: 'Active price watches, newest first',
          errorResponses: { 401: 'Missing or invalid access token' },
        },
      })
      .input(z.void())
      .output(priceWatchListSchema)
      .query(({ ctx }) => alerts.priceWatches(ctx.user)),

    watchPrice: authedProcedure
      .meta({
        successStatus: 201,
        openapi: {
          method: 'PUT',
          path: '/notifications/price-watches/{productId}',
          tags,
          summary: 'Watch a product’s price',
          description:
            'One e-mail when the price falls below today’s (then the new price is the reference). Price-drop e-mails are marketing: they go only with marketing e-mail switched on in the preferences. Watching again keeps the reference.',
          protect: true,
          successDescription: 'The watch',
          errorResponses: { 400: 'Invalid product id', 401: 'Missing or invalid access token', 404: 'Unknown or unsold product' },
        },
      })
      .input(productIdInput)
      .output(priceWatchSchema)
      .mutation(({ ctx, input }) => alerts.watchPrice(ctx.user, input.productId)),

    unwatchPrice: authedProcedure
      .meta({
        successStatus: 204,
        openapi: {
          method: 'DELETE',
          path: '/notifications/price-watches/{productId}',
          tags,
          summary: 'Stop watching a product’s price',
          protect: true,
          successDescription: 'No longer watched',
          errorResponses: { 400: 'Invalid product id', 401: 'Missing or invalid access token', 404: 'Not watched' },
        },
      })
      .input(productIdInput)
      .output(z.void())
      .mutation(({ ctx, input }) => alerts.unwatchPrice(ctx.user, input.productId)),

    campaigns: staffProcedure('campaigns:write')
      .meta({
        openapi: {
          method: 'GET',
          path: '/notifications/campaigns',
          tags: campaignTags,
          summary: 'Campaigns, newest first, with their stats (campaigns:write)',
          protect: true,
          successDescription: 'A page of campaigns',
          errorResponses: { 400: 'Invalid page', 401: 'Missing or invalid access token', 403: 'The token lacks campaigns:write' },
        },
      })
      .input(listCampaignsInput)
      .output(campaignPageSchema)
      .query(({ input }) => campaigns.list(input.page, input.pageSize)),

    campaign: staffProcedure('campaigns:write')
      .meta({
        openapi: {
          method: 'GET',
          path: '/notifications/campaigns/{id}',
          tags: campaignTags,
          summary: 'One campaign with its stats (campaigns:write)',
          protect: true,
          successDescription: 'The campaign: recipients, sent, failed, bounced, suppressed, unsubscribed',
          errorResponses: { 400: 'Invalid id', 401: 'Missing or invalid access token', 403: 'The token lacks campaigns:write', 404: 'No such campaign' },
        },
      })
      .input(campaignIdInput)
      .output(campaignSchema)
      .query(({ input }) => campaigns.get(input.id)),

    createCampaign: staffProcedure('campaigns:write')
      .meta({
        successStatus: 201,
        openapi: {
          method: 'POST',
          path: '/notifications/campaigns',
          tags: campaignTags,
          summary: 'Create a campaign (a draft) (campaigns:write)',
          description:
            'Name, subject, a Markdown body rendered into the store’s template, an optional call to action (button text and link together), the segment, and optionally a promotion code (`promotion`: its shared code, or a unique single-use code per recipient; `{{code}}` in the subject or message stands for it). Nothing is sent until it is scheduled.',
          protect: true,
          successDescription: 'The draft',
          errorResponses: { 400: 'Invalid fields, unknown category, or a promotion that cannot be used', 401: 'Missing or invalid access token', 403: 'The token lacks campaigns:write', 503: 'The promotions service did not answer' },
        },
      })
      .input(campaignInput)
      .output(campaignSchema)
      .mutation(({ ctx, input }) => campaigns.create(ctx.user, input)),

    campaignPromotions: staffProcedure('campaigns:write')
      .meta({
        openapi: {
          method: 'GET',
          path: '/notifications/campaign-promotions',
          tags: campaignTags,
          summary: 'Code promotions a campaign can carry (campaigns:write)',
          description: 'Running or scheduled code promotions, newest first (at most 200), with what they give and their shared code if any: the choices for a campaign’s `promotion`.',
          protect: true,
          successDescription: 'The promotions',
          errorResponses: { 401: 'Missing or invalid access token', 403: 'The token lacks campaigns:write', 503: 'The promotions service did not answer' },
        },
      })
      .output(campaignPromotionListSchema)
      .query(() => campaigns.promotions()),

    updateCampaign: staffProcedure('campaigns:write')
      .meta({
        openapi: {
          method: 'PUT',
          path: '/notifications/campaigns/{id}',
          tags: campaignTags,
          summary: 'Change a draft or scheduled campaign (campaigns:write)',
          protect: true,
          successDescription: 'The campaign',
          errorResponses: { 400: 'Invalid fields', 401: 'Missing or invalid access token', 403: 'The token lacks campaigns:write', 404: 'No such campaign', 409: 'Already sent or cancelled' },
        },
      })
      .input(updateCampaignInput)
      .output(campaignSchema)
      .mutation(({ input: { id, ...input } }) => campaigns.update(id, input)),

    previewCampaign: staffProcedure('campaigns:write')
      .meta({
        openapi: {
          method: 'POST',
          path: '/notifications/campaigns/preview',
          tags: campaignTags,
          summary: 'Render a campaign and count its recipients, without saving (campaigns:write)',
          description: 'The admin’s live preview: the e-mail as it will look and how many customers the segment reaches now (opted in to marketing).',
          protect: true,
          successDescription: 'The rendered e-mail and the recipient count',
          errorResponses: { 400: 'Invalid fields or unknown category', 401: 'Missing or invalid access token', 403: 'The token lacks campaigns:write' },
        },
      })
      .input(campaignInput)
      .output(campaignPreviewSchema)
      .mutation(({ input }) => campaigns.preview(input)),

    testCampaign: staffProcedure('campaigns:write')
      .meta({
        openapi: {
          method: 'POST',
          path: '/notifications/campaigns/{id}/test',
          tags: campaignTags,
          summary: 'Send one copy to an address (campaigns:write)',
          description: 'A copy marked [Test] to `email`, ahead of marketing in the queue; not counted in the campaign’s stats.',
          protect: true,
          successDescription: 'Queued',
          errorResponses: { 400: 'Invalid id or e-mail', 401: 'Missing or invalid access token', 403: 'The token lacks campaigns:write', 404: 'No such campaign' },
        },
      })
      .input(testCampaignInput)
      .output(testCampaignResultSchema)
      .mutation(({ input }) => campaigns.sendTest(input.id, input.email)),

    scheduleCampaign: staffProcedure('campaigns:write')
      .meta({
        openapi: {
          method: 'POST',
          path: '/notifications/campaigns/{id}/schedule',
          tags: campaignTags,
          summary: 'Send a campaign now or at a time (campaigns:write)',
          description: 'Without `sendAt` it goes out within seconds. Its members are read when it goes out (consent as it is then); it is throttled behind order e-mails.',
          protect: true,
          successDescription: 'The scheduled campaign',
          errorResponses: { 400: 'Invalid id or time', 401: 'Missing or invalid access token', 403: 'The token lacks campaigns:write', 404: 'No such campaign', 409: 'Already sent or cancelled' },
        },
      })
      .input(scheduleCampaignInput)
      .output(campaignSchema)
      .mutation(({ input }) => campaigns.schedule(input.id, input.sendAt ? new Date(input.sendAt) : null)),

    cancelCampaign: staffProcedure('campaigns:write')
      .meta({
        openapi: {
          method: 'POST',
          path: '/notifications/campaigns/{id}/cancel',
          tags: campaignTags,
          summary: 'Cancel a draft or scheduled campaign (campaigns:write)',
          protect: true,
          successDescription: 'The cancelled campaign',
          errorResponses: { 400: 'Invalid id', 401: 'Missing or invalid access token', 403: 'The token lacks campaigns:write', 404: 'No such campaign', 409: 'Being sent or sent' },
        },
      })
      .input(campaignIdInput)
      .output(campaignSchema)
      .mutation(({ input }) => campaigns.cancel(input.id)),

    messages: staffProcedure('customers:read')
      .meta({
        openapi: {
          method: 'GET',
          path: '/notifications/messages',
          tags,
          summary: 'The delivery log, a numbered page (customers:read)',
          description:
            'Every e-mail and SMS, newest first, with its state, attempts, last error and provider id; filtered by state, channel, template, recipient, customer, order and date. Recipients are masked here (the message itself shows the address).',
          protect: true,
          successDescription: 'A page of messages',
          errorResponses: { 400: 'Invalid filter', 401: 'Missing or invalid access token', 403: 'The token lacks customers:read' },
        },
      })
      .input(listMessagesInput)
      .output(messagePageSchema)
      .query(({ input }) => service.listMessages(input)),

    message: staffProcedure('customers:read')
      .meta({
        openapi: {
          method: 'GET',
          path: '/notifications/messages/{id}',
          tags,
          summary: 'One message with its rendered content (customers:read)',
          protect: true,
          successDescription: 'The message, its HTML and text as sent',
          errorResponses: { 400: 'Invalid id', 401: 'Missing or invalid access token', 403: 'The token lacks customers:read', 404: 'No such message' },
        },
      })
      .input(messageIdInput)
      .output(messageDetailSchema)
      .query(({ input }) => service.message(input.id)),

    resend: staffProcedure('customers:write')
      .meta({
        successStatus: 201,
        openapi: {
          method: 'POST',
          path: '/notifications/messages/{id}/resend',
          tags,
          summary: 'Send a message again (customers:write)',
          description: 'Queues a copy with the same content as a new message (`resendOf` points at the original). Not while the original is still queued or sending (409).',
          protect: true,
          successDescription: 'The new message',
          errorResponses: { 400: 'Invalid id', 401: 'Missing or invalid access token', 403: 'The token lacks customers:write', 404: 'No such message', 409: 'Still being sent' },
        },
      })
      .input(messageIdInput)
      .output(messageDetailSchema)
      .mutation(({ input }) => service.resend(input.id)),
  });
}

export type NotificationsRouter = ReturnType<typeof createNotificationsRouter>;
