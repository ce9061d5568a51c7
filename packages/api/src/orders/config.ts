import { isIanaTimeZone } from '@omnicart/contracts';
import { z } from 'zod';
import { defineConfig, positiveInt } from '../runtime/env.js';

/** True for an IANA time zone name the runtime's Intl knows (the orders module asks PostgreSQL too, at start; see store-dates.ts). */
export const isTimeZone = isIanaTimeZone;

/** The store's time zone setting (STORE_TIMEZONE), shared with analytics (one rule per variable). */
export const storeTimeZoneSetting = z
  .string()
  .default('America/New_York')
  .refine(isTimeZone, 'must be an IANA time zone name such as "America/New_York" or "Europe/Berlin"');
/** STORE_NAME: also read by notifications (the e-mails' header until staff save the settings). */
export const storeNameSetting = z.string().trim().min(1).max(100).default('OmniCart');

/** Orders' settings: its slice of the environment (see the README's table). */
export const ordersConfig = defineConfig(
  z.object({
    /**
     * The store's settings (STORE_NAME, STORE_TIMEZONE, shipping and tax) are the defaults of the
     * settings staff save in the admin (PUT /settings, settings.ts): once saved, the saved row wins.
     */
    STORE_NAME: storeNameSetting,
    /** Shipping is a flat rate, free at or above the threshold (integer cents). */
    SHIPPING_FLAT_CENTS: z.coerce.number().int().min(0).default(499),
    FREE_SHIPPING_THRESHOLD_CENTS: z.coerce.number().int().min(0).default(5_000),
    /** Tax rate per destination country, e.g. "US:0.0725,DE:0.19" (others: DEFAULT_TAX_RATE). */
    TAX_RATES: z.string().default('US:0.0725,CA:0.13,GB:0.20,DE:0.19,FR:0.20,NL:0.21,ES:0.21,IT:0.22,AU:0.10,JP:0.10'),
    DEFAULT_TAX_RATE: z.coerce.number().min(0).max(1).default(0),
    /** How often the recovery job looks for checkouts a crash left half-way. */
    ORDERS_RECOVERY_INTERVAL_MS: positiveInt(5_000),
    /** A checkout untouched this long is resumed or compensated by the recovery job. */
    ORDERS_RECOVERY_AFTER_MS: positiveInt(15_000),
    /**
     * HMAC secret of guest order access tokens (guestCheckout / guestGet). Default: derived from
     * SERVICE_TOKEN. Changing it invalidates the tokens guests hold.
     */
    ORDERS_GUEST_TOKEN_SECRET: z.string().min(16).optional(),
    /**
     * Test-only fault injection (ignored unless NODE_ENV=test): the orders process exits at the
     * named checkout step, e.g. "after-payment" (the crash-recovery test).
     */
    ORDERS_CRASH_AT: z.string().optional(),
    /**
     * Deadlines of orders' calls to catalog, cart and inventory (each call), so that one slow
     * neighbour cannot hold a checkout: the checkout answers 503 UNAVAILABLE instead. With one
     * slow dependency a checkout answers within about 2 × this + ORDERS_PAYMENT_TIMEOUT_MS at worst.
     */
    ORDERS_CALL_TIMEOUT_MS: positiveInt(1_500),
    /**
     * Deadline of orders' calls to payments that reach Stripe (charge, refund, cancel). Above
     * payments' own Stripe timeout (SERVICE_CALL_TIMEOUT_MS / 4), so payments normally answers
     * first. A charge that times out is ambiguous: the order stays pending_payment and the
     * recovery job or the payment webhook settles it (never charged twice: Stripe's idempotency
     * key is the order id).
     */
    ORDERS_PAYMENT_TIMEOUT_MS: positiveInt(3_000),
    /**
     * Per-customer checkout rate limit: at most ORDERS_CHECKOUT_RATE_LIMIT new checkouts (new
     * Idempotency-Keys) per ORDERS_CHECKOUT_RATE_WINDOW_SECONDS per customer (account, or a guest's
     * e-mail), counted in PostgreSQL so every orders process shares it; 429 with Retry-After past it.
     * 0 turns it off (the checkout benchmark does).
     */
    ORDERS_CHECKOUT_RATE_LIMIT: z.coerce.number().int().min(0).default(5),
    ORDERS_CHECKOUT_RATE_WINDOW_SECONDS: positiveInt(60),
    /**
     * How long a checkout's reservation holds stock: a payment still unfinished past it is given
     * up. Inventory reads the same setting (inventory/config.ts) as its default hold; it is
     * declared here because inventory imports orders' manifest (it consumes orders.order_paid).
     */
    RESERVATION_TTL_SECONDS: positiveInt(900),
    /**
     * How often orders reads the catalog's change feed to revalidate the prices checkout keeps in
     * memory (catalog-prices.ts): a catalog change reaches checkout within about this long. 0 turns
     * the cache off (every checkout asks the catalog).
     */
    ORDERS_CATALOG_POLL_MS: z.coerce.number().int().min(0).default(1_000),
    /**
     * How long an orders process reuses the store settings it read (settings.ts): a save made
     * through another replica reaches this one's checkouts, quotes and reports within this long
     * (the replica that saved applies it at once). 0 reads them on every use.
     */
    ORDERS_SETTINGS_CACHE_MS: z.coerce.number().int().min(0).default(2_000),
    /**
     * The shop's time zone (an IANA name such as "Europe/Berlin"): the store-local days of the
     * admin's sales summary (orders.summary) and of the date filters of orders.search.
     */
    STORE_TIMEZONE: storeTimeZoneSetting,
  }),
);
export type OrdersSettings = z.output<typeof ordersConfig.schema>;
