// The local dev inbox: a real SMTP server (no TLS, any or no AUTH) and a Twilio-shaped SMS API in one
// process, with a web inbox and a JSON API over what they received. `npm start` and the tests send
// through it with the real adapters (nodemailer, the `twilio` SDK); tests read it with inboxClient().
// Development only: not in the production image (scripts/prune-production-build.mjs).
export { DEFAULT_HTTP_PORT, DEFAULT_SMTP_PORT, startDevInbox, type DevInbox, type DevInboxOptions } from './server.js';
export { REJECT_DOMAIN, TEMPFAIL_DOMAIN } from './smtp.js';
export { MAGIC_FROM_NUMBERS, MAGIC_TO_NUMBERS, TWILIO_API_VERSION, segmentCount } from './sms.js';
export { InboxRequestError, inboxClient, type InboxClient, type WaitOptions } from './client.js';
export type { EmailFilter, InboxEmail, InboxSms, SmsFilter } from './types.js';
