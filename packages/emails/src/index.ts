/**
 * @omnicart/emails: the email and SMS templates of the notifications domain. Pure rendering: data
 * in, { subject, html, text } (or an SMS body) out; sending, preferences and retries belong to the
 * notifications domain.
 */
export type {
  Address,
  Brand,
  CampaignCode,
  EmailTemplateName,
  EmailTemplates,
  Money,
  OrderDiscount,
  OrderLine,
  RenderedEmail,
  RenderEmailOptions,
  SmsTemplateName,
  SmsTemplates,
} from './types.js';
export { MARKETING_TEMPLATES, isMarketingTemplate, renderEmail } from './render.js';
export { renderSms, fitsOneSmsSegment } from './sms.js';
export { emailDataSchemas, brandSchema, TemplateDataError, isAbsoluteHttpUrl } from './schemas.js';
