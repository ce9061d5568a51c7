import { z } from 'zod';

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** "4h", "90m", "30s", "250ms", "2d"; a bare number is seconds. */
export const duration = (fallback: string) =>
  z
    .string()
    .trim()
    .default(fallback)
    .transform((value, context) => {
      const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/.exec(value);
      if (!match || Number(match[1]) <= 0) {
        context.addIssue({ code: 'custom', message: 'a duration such as 4h, 90m or 30s' });
        return z.NEVER;
      }
      return Math.round(Number(match[1]) * UNIT_MS[(match[2] ?? 's') as keyof typeof UNIT_MS]);
    });
import { storeNameSetting } from '../orders/index.js';
import { defineConfig, positiveInt } from '../runtime/env.js';

/**
 * The settings of notifications: its slice of the environment, validated once at start with the
 * rest (documented in the README's table). `npm start` points SMTP_URL and SMS_API_URL at the local
 * dev inbox (packages/api/src/dev-inbox) unless they are set.
 */
export const notificationsConfig = defineConfig(
  z.object({
    /**
     * Where e-mail goes: `smtp://user:pass@host:port` (STARTTLS when the server offers it;
     * `?tls=required` insists), `smtps://…` (TLS from the first byte, usually port 465).
     */
    SMTP_URL: z.string().regex(/^smtps?:\/\//, { message: 'an smtp:// or smtps:// URL' }).default('smtp://127.0.0.1:1025'),
    /** The From of every e-mail, e.g. `"OmniCart" <orders@shop.example>`. */
    MAIL_FROM: z.string().trim().min(3).default('"OmniCart" <no-reply@omnicart.test>'),
    /** Twilio's Messages API base: the local simulator by default; https://api.twilio.com for real Twilio. */
    SMS_API_URL: z.url().default('http://127.0.0.1:1080'),
    TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, { message: 'AC followed by 32 hex digits' }).default('AC00000000000000000000000000000000'),
    TWILIO_AUTH_TOKEN: z.string().min(8).default('omnicart-dev-twilio-token'),
    /** The sending number (E.164) or a Messaging Service sid (MG…). */
    SMS_FROM: z.string().regex(/^(\+[1-9]\d{6,14}|MG[0-9a-fA-F]{32})$/, { message: 'an E.164 number or a Messaging Service sid' }).default('+15005550006'),
    /** Public base URLs for links in messages (absolute, no trailing slash). */
    STOREFRONT_URL: z.url().default('http://127.0.0.1:3000'),
    ADMIN_URL: z.url().default('http://127.0.0.1:3001'),
    /** The store's name until orders' settings announce one (orders reads the same variable). */
    STORE_NAME: storeNameSetting,
    /** Attempts per message before it is `failed` (8 ≈ 30 minutes with the default base delay). */
    NOTIFICATIONS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
    /** First retry delay; each next one doubles (with ±20 % jitter): 15 s … 16 min, about 32 min in all. */
    NOTIFICATIONS_RETRY_BASE_MS: positiveInt(15_000),
    /** Sends per second per replica, per channel (the relay's and the SMS provider's limits). */
    EMAIL_SEND_RATE: z.coerce.number().positive().max(10_000).default(50),
    SMS_SEND_RATE: z.coerce.number().positive().max(1_000).default(5),
    /** How often the sender looks for due messages when nothing woke it. */
    NOTIFICATIONS_POLL_MS: positiveInt(1_000),
    /** A message `sending` longer than this (its sender died) is taken over and retried. */
    NOTIFICATIONS_LEASE_MS: positiveInt(60_000),
    /** A customer's cart untouched this long (and not ordered) gets one reminder, if they opted in to marketing. */
    ABANDONED_CART_AFTER: duration('4h'),
    /** How often the abandoned-cart job looks for such carts. */
    ABANDONED_CART_CHECK_MS: positiveInt(60_000),
    /** How often scheduled campaigns are looked for. */
    CAMPAIGNS_CHECK_MS: positiveInt(2_000),
    /**
     * HMAC secret of unsubscribe links (they never expire; a contact's version revokes them).
     * Default: derived from SERVICE_TOKEN. Changing it invalidates every link already sent.
     */
    NOTIFICATIONS_UNSUBSCRIBE_SECRET: z.string().min(16).optional(),
  }),
);
export type NotificationsSettings = z.output<typeof notificationsConfig.schema>;
