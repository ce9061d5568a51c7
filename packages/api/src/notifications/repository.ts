import type pg from 'pg';
import { prismaAdapter } from '@omnicart/db/prisma';
import { Prisma, PrismaClient } from '@omnicart/db/notifications';

/**
 * The only code that touches notifications' tables (schema "notifications"): contacts (identity's
 * events + consent), the store's name, and messages (the send queue and delivery log in one).
 */

export type NotificationsDb = PrismaClient;

/** The Prisma client of notifications on the shared pool, bound to the `notifications` schema. */
export function createNotificationsDb(pool: pg.Pool): NotificationsDb {
  return new PrismaClient({ adapter: prismaAdapter(pool, 'notifications') });
}

export type Channel = 'email' | 'sms';
export type MessageKind = 'transactional' | 'marketing';
export const MESSAGE_STATES = ['queued', 'sending', 'sent', 'failed', 'suppressed', 'bounced'] as const;
export type MessageState = (typeof MESSAGE_STATES)[number];

export interface ContactRow {
  userId: string;
  email: string;
  name: string;
  role: string;
  disabled: boolean;
  marketingEmail: boolean;
  smsOptIn: boolean;
  phone: string | null;
  unsubscribeVersion: number;
  updatedAt: Date;
}

/** A message to write (rendered already). */
export interface NewMessage {
  id: string;
  eventId: string;
  eventType: string;
  template: string;
  channel: Channel;
  recipient: string;
  userId: string | null;
  orderId: string | null;
  kind: MessageKind;
  priority: number;
  subject: string | null;
  html: string | null;
  text: string;
  headers: Record<string, string> | null;
  /** queued, or suppressed when consent or a channel is missing (kept in the log, never sent). */
  state: 'queued' | 'suppressed';
  lastError: string | null;
  maxAttempts: number;
  resendOf?: string | null;
}

export interface MessageRow extends Omit<NewMessage, 'state' | 'headers' | 'resendOf'> {
  state: MessageState;
  headers: Record<string, string> | null;
  attempts: number;
  nextAttemptAt: Date;
  leaseUntil: Date | null;
  providerMessageId: string | null;
  resendOf: string | null;
  createdAt: Date;
  updatedAt: Date;
  sentAt: Date | null;
}

export interface MessageFilter {
  state: MessageState | null;
  channel: Channel | null;
  template: string | null;
  /** Exact address, lower-cased for e-mail. */
  recipient: string | null;
  userId: string | null;
  orderId: string | null;
  from: Date | null;
  toExclusive: Date | null;
  offset: number;
  limit: number;
}

const CONTACT_SELECT = {
  userId: true,
  email: true,
  name: true,
  role: true,
  disabled: true,
  marketingEmail: true,
  smsOptIn: true,
  phone: true,
  unsubscribeVersion: true,
  updatedAt: true,
} as const;

type DbMessage = Awaited<ReturnType<PrismaClient['message']['findFirstOrThrow']>>;

function toMessageRow(row: DbMessage): MessageRow {
  return {
    id: row.id,
    eventId: row.eventId,
    eventType: row.eventType,
    template: row.template,
    channel: row.channel as Channel,
    recipient: row.recipient,
    userId: row.userId,
    orderId: row.orderId,
    kind: row.kind as MessageKind,
    priority: row.priority,
    subject: row.subject,
    html: row.html,
    text: row.text,
    headers: (row.headers as Record<string, string> | null) ?? null,
    state: row.state as MessageState,
    lastError: row.lastError,
    maxAttempts: row.maxAttempts,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt,
    leaseUntil: row.leaseUntil,
    providerMessageId: row.providerMessageId,
    resendOf: row.resendOf,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    sentAt: row.sentAt,
  };
}

/** Raw rows of `claimDue` (snake_case columns). */
interface ClaimedRaw {
  id: string;
  channel: Channel;
  recipient: string;
  kind: MessageKind;
  user_id: string | null;
  subject: string | null;
  html: string | null;
  text: string;
  headers: Record<string, string> | null;
  attempts: number;
  max_attempts: number;
  marketing_allowed: boolean | null;
}

export interface ClaimedMessage {
  id: string;
  channel: Channel;
  recipient: string;
  kind: MessageKind;
  userId: string | null;
  subject: string | null;
  html: string | null;
  text: string;
  headers: Record<string, string> | null;
  /** This attempt's number (1 for the first). */
  attempt: number;
  maxAttempts: number;
  /** Marketing only: whether the contact still consents now (null: no contact, e.g. a guest). */
  marketingAllowed: boolean | null;
}

function whereOf(filter: Omit<MessageFilter, 'offset' | 'limit'>): Prisma.MessageWhereInput {
  return {
    ...(filter.state ? { state: filter.state } : {}),
    ...(filter.channel ? { channel: filter.channel } : {}),
    ...(filter.template ? { template: filter.template } : {}),
    ...(filter.recipient ? { recipient: filter.recipient } : {}),
    ...(filter.userId ? { userId: filter.userId } : {}),
    ...(filter.orderId ? { orderId: filter.orderId } : {}),
    ...(filter.from || filter.toExclusive
      ? { createdAt: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.toExclusive ? { lt: filter.toExclusive } : {}) } }
      : {}),
  };
}

export function createNotificationsRepository(db: NotificationsDb) {
  return {
    // ---- contacts --------------------------------------------------------------------------

    async findContact(userId: string): Promise<ContactRow | null> {
      return db.contact.findUnique({ where: { userId }, select: CONTACT_SELECT });
    },

    /**
     * A registration (or the demo seed): creates the contact, or refreshes its e-mail, name and
     * role when a later event got here first. Consent given at registration only counts on creation.
     */
    async upsertContact(contact: { userId: string; email: string; name: string; role: string; marketingEmail: boolean }): Promise<void> {
      await db.contact.upsert({
        where: { userId: contact.userId },
        create: { ...contact, email: contact.email.toLowerCase() },
        update: { email: contact.email.toLowerCase(), name: contact.name, role: contact.role, updatedAt: new Date() },
      });
    },

    /** Fields identity changed (profile, role, disabled); unknown contacts are skipped (their registration brings them). */
    async updateContact(userId: string, patch: Partial<Pick<ContactRow, 'email' | 'name' | 'role' | 'disabled'>>): Promise<boolean> {
      const data = { ...patch, ...(patch.email ? { email: patch.email.toLowerCase() } : {}), updatedAt: new Date() };
      const { count } = await db.contact.updateMany({ where: { userId }, data });
      return count > 0;
    },

    /** The person's own preferences. Null when notifications does not know the account yet. */
    async setPreferences(userId: string, preferences: { marketingEmail: boolean; smsOptIn: boolean; phone: string | null }): Promise<ContactRow | null> {
      const { count } = await db.contact.updateMany({ where: { userId }, data: { ...preferences, updatedAt: new Date() } });
      return count > 0 ? this.findContact(userId) : null;
    },

    /** One-click unsubscribe: only with the version the link was signed with (a revoked link changes nothing). */
    async unsubscribe(userId: string, version: number): Promise<'unsubscribed' | 'revoked'> {
      const { count } = await db.contact.updateMany({ where: { userId, unsubscribeVersion: version }, data: { marketingEmail: false, updatedAt: new Date() } });
      return count > 0 ? 'unsubscribed' : 'revoked';
    },

    // ---- store settings ----------------------------------------------------------------------

    async storeName(): Promise<string | null> {
      const row = await db.storeSettings.findUnique({ where: { id: 'store' }, select: { storeName: true } });
      return row?.storeName ?? null;
    },

    /** Keeps the newest version only (events can arrive out of order). */
    async saveStoreName(storeName: string, version: number): Promise<void> {
      await db.$executeRaw`
        INSERT INTO notifications.store_settings (id, store_name, version, updated_at) VALUES ('store', ${storeName}, ${version}, now())
        ON CONFLICT (id) DO UPDATE SET store_name = EXCLUDED.store_name, version = EXCLUDED.version, updated_at = now()
        WHERE store_settings.version < EXCLUDED.version`;
    },

    // ---- messages ------------------------------------------------------------------------------

    /**
     * Writes the messages of one event in one transaction. The unique key (event id, template,
     * channel, recipient) makes a redelivery, a second replica or a concurrent consumer a no-op.
     * Resolves to how many were new.
     */
    async enqueue(messages: NewMessage[]): Promise<number> {
      if (messages.length === 0) return 0;
      const { count } = await db.message.createMany({
        data: messages.map((message) => ({ ...message, headers: message.headers ?? Prisma.DbNull, resendOf: message.resendOf ?? null })),
        skipDuplicates: true,
      });
      return count;
    },

    /**
     * Takes up to `limit` due messages of a channel for this sender: queued and due, or `sending`
     * with an expired lease (their sender died mid-send). Lowest priority number first, so order
     * messages always go ahead of campaigns. SKIP LOCKED: replicas never take the same message.
     */
    async claimDue(channel: Channel, limit: number, leaseMs: number): Promise<ClaimedMessage[]> {
      const rows = await db.$queryRaw<ClaimedRaw[]>`
        WITH due AS (
          SELECT id FROM notifications.messages
          WHERE channel = ${channel}
            AND ((state = 'queued' AND next_attempt_at <= now()) OR (state = 'sending' AND lease_until < now()))
          ORDER BY priority, next_attempt_at
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED
        )
        UPDATE notifications.messages m
           SET state = 'sending', attempts = m.attempts + 1, lease_until = now() + ${leaseMs} * interval '1 millisecond', updated_at = now()
          FROM due
         WHERE m.id = due.id
        RETURNING m.id, m.channel, m.recipient, m.kind, m.user_id, m.subject, m.html, m.text, m.headers, m.attempts, m.max_attempts,
          (SELECT c.marketing_email FROM notifications.contacts c WHERE c.user_id = m.user_id) AS marketing_allowed`;
      return rows.map((row) => ({
        id: row.id,
        channel: row.channel,
        recipient: row.recipient,
        kind: row.kind,
        userId: row.user_id,
        subject: row.subject,
        html: row.html,
        text: row.text,
        headers: row.headers,
        attempt: row.attempts,
        maxAttempts: row.max_attempts,
        marketingAllowed: row.marketing_allowed,
      }));
    },

    /** The outcome of one attempt (only while this attempt still holds the message). */
    async settle(
      id: string,
      attempt: number,
      outcome:
        | { state: 'sent'; providerMessageId: string }
        | { state: 'queued'; error: string; nextAttemptAt: Date }
        | { state: 'failed' | 'bounced' | 'suppressed'; error: string },
    ): Promise<void> {
      const now = new Date();
      const data =
        outcome.state === 'sent'
          ? { state: 'sent', providerMessageId: outcome.providerMessageId, sentAt: now, lastError: null, leaseUntil: null }
          : outcome.state === 'queued'
            ? { state: 'queued', lastError: outcome.error, nextAttemptAt: outcome.nextAttemptAt, leaseUntil: null }
            : { state: outcome.state, lastError: outcome.error, leaseUntil: null };
      await db.message.updateMany({ where: { id, state: 'sending', attempts: attempt }, data: { ...data, updatedAt: now } });
    },

    async findMessage(id: string): Promise<MessageRow | null> {
      const row = await db.message.findUnique({ where: { id } });
      return row ? toMessageRow(row) : null;
    },

    /** Newest first, numbered pages, with the total. */
    async listMessages(filter: MessageFilter): Promise<{ rows: MessageRow[]; total: number }> {
      const where = whereOf(filter);
      const [rows, total] = await db.$transaction([
        db.message.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip: filter.offset, take: filter.limit }),
        db.message.count({ where }),
      ]);
      return { rows: rows.map(toMessageRow), total };
    },

    /** Counts per state (the log's summary, the tests' waits). */
    async countByState(filter: Partial<Pick<MessageFilter, 'orderId' | 'template'>> = {}): Promise<Record<MessageState, number>> {
      const groups = await db.message.groupBy({ by: ['state'], where: whereOf({ ...EMPTY_FILTER, ...filter }), _count: { _all: true } });
      const counts = Object.fromEntries(MESSAGE_STATES.map((state) => [state, 0])) as Record<MessageState, number>;
      for (const group of groups) counts[group.state as MessageState] = group._count._all;
      return counts;
    },
  };
}

const EMPTY_FILTER: Omit<MessageFilter, 'offset' | 'limit'> = {
  state: null,
  channel: null,
  template: null,
  recipient: null,
  userId: null,
  orderId: null,
  from: null,
  toExclusive: null,
};

export type NotificationsRepository = ReturnType<typeof createNotificationsRepository>;

// ---- alerts and reminders ------------------------------------------------------------------------

/**
 * The tables of alerts and reminders (schema "notifications"): products (read model), stock alerts,
 * price watches and customers' carts (read model). Alert messages are written in the same
 * transaction that closes or moves the alert, so an alert fires once however often its event comes.
 */

export interface ProductFacts {
  productId: string;
  sku: string;
  slug: string;
  name: string;
  priceAmount: number;
  currency: string;
  status: string;
  available: number;
}

export interface StockAlertRow {
  id: string;
  productId: string;
  email: string;
  userId: string | null;
  status: 'pending' | 'active' | 'notified' | 'cancelled';
}

export interface PriceWatchRow {
  id: string;
  productId: string;
  userId: string;
  referencePrice: number;
  currency: string;
  status: 'active' | 'cancelled';
  createdAt: Date;
}

export interface CartFacts {
  cartId: string;
  customerId: string | null;
  status: string;
  lines: Array<{ productId: string; quantity: number }>;
  itemCount: number;
  subtotal: number | null;
  currency: string;
  stateHash: string;
  changedAt: Date;
}

const messageData = (message: NewMessage) => ({ ...message, headers: message.headers ?? Prisma.DbNull, resendOf: message.resendOf ?? null });

export function createAlertsRepository(db: NotificationsDb) {
  return {
    // ---- products --------------------------------------------------------------------------

    async product(productId: string): Promise<(ProductFacts & { stockVersion: number }) | null> {
      return db.product.findUnique({ where: { productId } });
    },

    async productBySku(sku: string): Promise<(ProductFacts & { stockVersion: number }) | null> {
      return db.product.findUnique({ where: { sku } });
    },

    /** Facts fresh from catalog (name, price, status, availability). */
    async saveProduct(facts: ProductFacts): Promise<void> {
      await db.product.upsert({ where: { productId: facts.productId }, create: facts, update: { ...facts, updatedAt: new Date() } });
    },

    /** Catalog changed a product we follow (price, name, status); others are not kept. */
    async updateProduct(productId: string, patch: Partial<Pick<ProductFacts, 'sku' | 'slug' | 'name' | 'priceAmount' | 'currency' | 'status'>>): Promise<boolean> {
      const { count } = await db.product.updateMany({ where: { productId }, data: { ...patch, updatedAt: new Date() } });
      return count > 0;
    },

    /**
     * inventory.stock_changed for a SKU we follow: the new availability (skipped when an older
     * version arrives late). Resolves to the availability before, or null when nothing changed.
     */
    async applyStock(sku: string, available: number, version: number): Promise<{ productId: string; before: number } | null> {
      const rows = await db.$queryRaw<Array<{ product_id: string; before: number }>>`
        UPDATE notifications.products p SET available = ${available}, stock_version = ${version}, updated_at = now()
          FROM (SELECT product_id, available AS before FROM notifications.products WHERE sku = ${sku} FOR UPDATE) old
         WHERE p.product_id = old.product_id AND p.stock_version < ${version}
        RETURNING p.product_id, old.before`;
      const row = rows[0];
      return row ? { productId: row.product_id, before: row.before } : null;
    },

    // ---- stock alerts -------------------------------------------------------------------------

    /**
     * Creates or re-arms the alert of (product, e-mail). An active one stays as it is (asking twice
     * sends one e-mail); anything else takes the new status (a guest's pending one gets the new
     * confirmation token: the last link sent works).
     */
    async upsertStockAlert(alert: { id: string; productId: string; email: string; userId: string | null; status: 'pending' | 'active'; confirmTokenHash: string | null }): Promise<StockAlertRow> {
      const rows = await db.$queryRaw<Array<{ id: string; product_id: string; email: string; user_id: string | null; status: StockAlertRow['status'] }>>`
        INSERT INTO notifications.stock_alerts (id, product_id, email, user_id, status, confirm_token_hash, confirmed_at)
        VALUES (${alert.id}::uuid, ${alert.productId}::uuid, ${alert.email}, ${alert.userId}::uuid, ${alert.status}, ${alert.confirmTokenHash}, ${alert.status === 'active' ? new Date() : null})
        ON CONFLICT (product_id, email) DO UPDATE
           SET status = CASE WHEN stock_alerts.status = 'active' THEN 'active' ELSE EXCLUDED.status END,
               confirm_token_hash = CASE WHEN stock_alerts.status = 'active' THEN NULL ELSE EXCLUDED.confirm_token_hash END,
               confirmed_at = CASE WHEN stock_alerts.status = 'active' THEN stock_alerts.confirmed_at ELSE EXCLUDED.confirmed_at END,
               user_id = COALESCE(EXCLUDED.user_id, stock_alerts.user_id),
               notified_at = CASE WHEN stock_alerts.status = 'active' THEN stock_alerts.notified_at ELSE NULL END
        RETURNING id, product_id, email, user_id, status`;
      const row = rows[0]!;
      return { id: row.id, productId: row.product_id, email: row.email, userId: row.user_id, status: row.status };
    },

    /** Double opt-in: the pending alert of this token becomes active (the token works once). */
    async confirmStockAlert(tokenHash: string): Promise<StockAlertRow | null> {
      const rows = await db.$queryRaw<Array<{ id: string; product_id: string; email: string; user_id: string | null; status: StockAlertRow['status'] }>>`
        UPDATE notifications.stock_alerts SET status = 'active', confirm_token_hash = NULL, confirmed_at = now()
         WHERE confirm_token_hash = ${tokenHash} AND status = 'pending'
        RETURNING id, product_id, email, user_id, status`;
      const row = rows[0];
      return row ? { id: row.id, productId: row.product_id, email: row.email, userId: row.user_id, status: row.status } : null;
    },

    async activeStockAlerts(productId: string): Promise<StockAlertRow[]> {
      const rows = await db.stockAlert.findMany({ where: { productId, status: 'active' }, orderBy: { createdAt: 'asc' } });
      return rows.map((row) => ({ id: row.id, productId: row.productId, email: row.email, userId: row.userId, status: row.status as StockAlertRow['status'] }));
    },

    /** The alerts' e-mails and their closing, in one transaction (an alert already closed writes nothing). */
    async fireStockAlerts(fired: Array<{ alertId: string; message: NewMessage }>): Promise<number> {
      if (fired.length === 0) return 0;
      return db.$transaction(async (tx) => {
        const { count } = await tx.stockAlert.updateMany({ where: { id: { in: fired.map((item) => item.alertId) }, status: 'active' }, data: { status: 'notified', notifiedAt: new Date() } });
        if (count === 0) return 0;
        const written = await tx.message.createMany({ data: fired.map((item) => messageData(item.message)), skipDuplicates: true });
        return written.count;
      });
    },

    // ---- price watches -------------------------------------------------------------------------

    async watchPrice(watch: { id: string; productId: string; userId: string; referencePrice: number; currency: string }): Promise<PriceWatchRow> {
      const row = await db.priceWatch.upsert({
        where: { productId_userId: { productId: watch.productId, userId: watch.userId } },
        create: { ...watch, status: 'active' },
        // Watching again after stopping starts from today's price; an active watch keeps its reference.
        update: {},
      });
      if (row.status === 'cancelled') {
        const revived = await db.priceWatch.update({ where: { id: row.id }, data: { status: 'active', referencePrice: watch.referencePrice, currency: watch.currency, updatedAt: new Date() } });
        return revived as PriceWatchRow;
      }
      return row as PriceWatchRow;
    },

    async unwatchPrice(productId: string, userId: string): Promise<boolean> {
      const { count } = await db.priceWatch.updateMany({ where: { productId, userId, status: 'active' }, data: { status: 'cancelled', updatedAt: new Date() } });
      return count > 0;
    },

    async priceWatchesOf(userId: string): Promise<Array<PriceWatchRow & { product: ProductFacts | null }>> {
      const watches = await db.priceWatch.findMany({ where: { userId, status: 'active' }, orderBy: { createdAt: 'desc' }, take: 200 });
      const products = await db.product.findMany({ where: { productId: { in: watches.map((watch) => watch.productId) } } });
      const byId = new Map(products.map((product) => [product.productId, product]));
      return watches.map((watch) => ({ ...(watch as PriceWatchRow), product: byId.get(watch.productId) ?? null }));
    },

    /** Active watches whose reference is above the new price. */
    async watchesAbove(productId: string, price: number): Promise<PriceWatchRow[]> {
      return (await db.priceWatch.findMany({ where: { productId, status: 'active', referencePrice: { gt: price } } })) as PriceWatchRow[];
    },

    /** The drop's e-mails, and each watch's new reference (only if it still had the old one), in one transaction. */
    async firePriceDrops(fired: Array<{ watchId: string; fromPrice: number; toPrice: number; message: NewMessage }>): Promise<number> {
      if (fired.length === 0) return 0;
      return db.$transaction(async (tx) => {
        const moved: NewMessage[] = [];
        for (const item of fired) {
          const { count } = await tx.priceWatch.updateMany({ where: { id: item.watchId, status: 'active', referencePrice: item.fromPrice }, data: { referencePrice: item.toPrice, updatedAt: new Date() } });
          if (count > 0) moved.push(item.message);
        }
        if (moved.length === 0) return 0;
        return (await tx.message.createMany({ data: moved.map(messageData), skipDuplicates: true })).count;
      });
    },

    // ---- carts -----------------------------------------------------------------------------------

    /** cart.cart_updated: the cart's new state, unless a later change is already stored. */
    async saveCart(cart: CartFacts): Promise<void> {
      await db.$executeRaw`
        INSERT INTO notifications.carts (cart_id, customer_id, status, lines, item_count, subtotal, currency, state_hash, changed_at)
        VALUES (${cart.cartId}::uuid, ${cart.customerId}::uuid, ${cart.status}, ${JSON.stringify(cart.lines)}::jsonb, ${cart.itemCount}, ${cart.subtotal}, ${cart.currency}, ${cart.stateHash}, ${cart.changedAt})
        ON CONFLICT (cart_id) DO UPDATE
           SET customer_id = EXCLUDED.customer_id, status = EXCLUDED.status, lines = EXCLUDED.lines, item_count = EXCLUDED.item_count,
               subtotal = EXCLUDED.subtotal, currency = EXCLUDED.currency, state_hash = EXCLUDED.state_hash, changed_at = EXCLUDED.changed_at
         WHERE carts.changed_at <= EXCLUDED.changed_at`;
    },

    /** Customers' open carts untouched since `before` whose current state has had no reminder. */
    async abandonedCarts(before: Date, limit: number): Promise<CartFacts[]> {
      const rows = await db.$queryRaw<Array<{ cart_id: string; customer_id: string; status: string; lines: CartFacts['lines']; item_count: number; subtotal: number | null; currency: string; state_hash: string; changed_at: Date }>>`
        SELECT cart_id, customer_id, status, lines, item_count, subtotal, currency, state_hash, changed_at FROM notifications.carts
         WHERE status = 'open' AND customer_id IS NOT NULL AND item_count > 0 AND changed_at < ${before}
           AND reminded_state IS DISTINCT FROM state_hash
         ORDER BY changed_at LIMIT ${limit}`;
      return rows.map((row) => ({
        cartId: row.cart_id,
        customerId: row.customer_id,
        status: row.status,
        lines: row.lines,
        itemCount: row.item_count,
        subtotal: row.subtotal,
        currency: row.currency,
        stateHash: row.state_hash,
        changedAt: row.changed_at,
      }));
    },

    /**
     * The reminder of one cart state and its mark, in one transaction; only while the cart is
     * still open in that state (an order or a change since makes it write nothing).
     */
    async remindCart(cartId: string, stateHash: string, message: NewMessage | null): Promise<boolean> {
      return db.$transaction(async (tx) => {
        const { count } = await tx.cart.updateMany({
          where: { cartId, stateHash, status: 'open', OR: [{ remindedState: null }, { remindedState: { not: stateHash } }] },
          data: { remindedState: stateHash, remindedAt: new Date() },
        });
        if (count === 0) return false;
        if (message) await tx.message.createMany({ data: [messageData(message)], skipDuplicates: true });
        return message !== null;
      });
    },
  };
}

export type AlertsRepository = ReturnType<typeof createAlertsRepository>;

// ---- campaigns and their segments ---------------------------------------------------------------

export type Segment =
  | { kind: 'all_opted_in' }
  | { kind: 'bought_in_category'; categoryId: string }
  | { kind: 'no_order_in_days'; days: number }
  | { kind: 'spent_at_least'; amount: number };

export type CampaignStatus = 'draft' | 'scheduled' | 'sending' | 'sent' | 'cancelled';

/** The promotion code a campaign carries, as promotions described it when the campaign was saved. */
export interface CampaignPromotion {
  promotionId: string;
  /** shared: the promotion's shared code for everyone; unique: one single-use code per recipient. */
  codes: 'shared' | 'unique';
  name: string;
  label: string;
  /** The shared code (codes: shared). */
  code: string | null;
  endsAt: string | null;
}

export interface CampaignRow {
  id: string;
  name: string;
  subject: string;
  bodyMarkdown: string;
  ctaLabel: string | null;
  ctaUrl: string | null;
  segment: Segment;
  promotion: CampaignPromotion | null;
  status: CampaignStatus;
  scheduledAt: Date | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  recipients: number;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface SegmentMember {
  userId: string;
  email: string;
  name: string;
  unsubscribeVersion: number;
}

type DbCampaign = Awaited<ReturnType<PrismaClient['campaign']['findFirstOrThrow']>>;
const toCampaignRow = (row: DbCampaign): CampaignRow => ({
  ...row,
  segment: row.segment as Segment,
  promotion: (row.promotion as CampaignPromotion | null) ?? null,
  status: row.status as CampaignStatus,
});
const promotionData = (promotion: CampaignPromotion | null) => (promotion ? (promotion as unknown as Prisma.InputJsonValue) : Prisma.DbNull);

/** The segment as SQL over contacts (c) and the order read models: every member opted in to marketing, enabled, a customer. */
function segmentCondition(segment: Segment, categoryIds: readonly string[]): Prisma.Sql {
  switch (segment.kind) {
    case 'all_opted_in':
      return Prisma.sql`TRUE`;
    case 'bought_in_category':
      return Prisma.sql`EXISTS (SELECT 1 FROM notifications.customer_purchases p WHERE p.customer_id = c.user_id AND p.category_id = ANY(${[...categoryIds]}::uuid[]))`;
    case 'no_order_in_days':
      return Prisma.sql`NOT EXISTS (SELECT 1 FROM notifications.customer_orders o WHERE o.customer_id = c.user_id AND o.paid_at > now() - ${segment.days} * interval '1 day')`;
    case 'spent_at_least':
      return Prisma.sql`(SELECT COALESCE(sum(o.total - o.amount_refunded), 0) FROM notifications.customer_orders o WHERE o.customer_id = c.user_id) >= ${segment.amount}`;
  }
}

export function createCampaignsRepository(db: NotificationsDb) {
  const members = (segment: Segment, categoryIds: readonly string[]) => Prisma.sql`
    FROM notifications.contacts c
    WHERE c.marketing_email AND NOT c.disabled AND c.role = 'customer' AND ${segmentCondition(segment, categoryIds)}`;
  return {
    async create(campaign: Omit<CampaignRow, 'startedAt' | 'finishedAt' | 'recipients' | 'createdAt' | 'updatedAt'>): Promise<CampaignRow> {
      return toCampaignRow(
        await db.campaign.create({ data: { ...campaign, segment: campaign.segment as unknown as Prisma.InputJsonValue, promotion: promotionData(campaign.promotion) } }),
      );
    },

    async find(id: string): Promise<CampaignRow | null> {
      const row = await db.campaign.findUnique({ where: { id } });
      return row ? toCampaignRow(row) : null;
    },

    async list(offset: number, limit: number): Promise<{ rows: CampaignRow[]; total: number }> {
      const [rows, total] = await db.$transaction([db.campaign.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip: offset, take: limit }), db.campaign.count()]);
      return { rows: rows.map(toCampaignRow), total };
    },

    /** Changes a campaign only while it is in one of `from` (a draft or a scheduled one); null when it is not (any more). */
    async update(id: string, from: readonly CampaignStatus[], patch: Partial<Omit<CampaignRow, 'id' | 'createdAt' | 'createdBy'>>): Promise<CampaignRow | null> {
      const { promotion, ...rest } = patch;
      const data = {
        ...rest,
        ...(rest.segment ? { segment: rest.segment as unknown as Prisma.InputJsonValue } : {}),
        ...(promotion !== undefined ? { promotion: promotionData(promotion) } : {}),
        updatedAt: new Date(),
      };
      const { count } = await db.campaign.updateMany({ where: { id, status: { in: [...from] } }, data });
      return count > 0 ? this.find(id) : null;
    },

    /** Scheduled campaigns whose time has come, taken for sending by this replica (one at a time). */
    async takeDue(): Promise<CampaignRow | null> {
      const rows = await db.$queryRaw<Array<{ id: string }>>`
        UPDATE notifications.campaigns SET status = 'sending', started_at = COALESCE(started_at, now()), updated_at = now()
         WHERE id = (SELECT id FROM notifications.campaigns WHERE (status = 'scheduled' AND scheduled_at <= now()) OR status = 'sending'
                      ORDER BY scheduled_at NULLS FIRST LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id`;
      return rows[0] ? this.find(rows[0].id) : null;
    },

    async countMembers(segment: Segment, categoryIds: readonly string[]): Promise<number> {
      const rows = await db.$queryRaw<Array<{ n: number }>>`SELECT count(*)::int AS n ${members(segment, categoryIds)}`;
      return rows[0]?.n ?? 0;
    },

    /** Members after `afterUserId` (keyset by user id), consent as it is now. */
    async membersPage(segment: Segment, categoryIds: readonly string[], afterUserId: string | null, limit: number): Promise<SegmentMember[]> {
      const after = afterUserId ? Prisma.sql`AND c.user_id > ${afterUserId}::uuid` : Prisma.empty;
      return db.$queryRaw<SegmentMember[]>`
        SELECT c.user_id AS "userId", c.email, c.name, c.unsubscribe_version AS "unsubscribeVersion" ${members(segment, categoryIds)} ${after}
        ORDER BY c.user_id LIMIT ${limit}`;
    },

    /** The campaign's messages (unique per recipient: a campaign resumed after a crash writes none twice). */
    async enqueue(messages: NewMessage[], campaignId: string | null): Promise<number> {
      if (messages.length === 0) return 0;
      const { count } = await db.message.createMany({ data: messages.map((message) => ({ ...messageData(message), campaignId })), skipDuplicates: true });
      return count;
    },

    async finish(id: string): Promise<void> {
      await db.$executeRaw`
        UPDATE notifications.campaigns SET status = 'sent', finished_at = now(), updated_at = now(),
               recipients = (SELECT count(*) FROM notifications.messages WHERE campaign_id = ${id}::uuid)
         WHERE id = ${id}::uuid AND status = 'sending'`;
    },

    /** Messages per state, and unsubscribes through its links. */
    async stats(ids: readonly string[]): Promise<Map<string, { states: Record<string, number>; unsubscribed: number }>> {
      const result = new Map<string, { states: Record<string, number>; unsubscribed: number }>(ids.map((id) => [id, { states: {}, unsubscribed: 0 }]));
      if (ids.length === 0) return result;
      const states = await db.$queryRaw<Array<{ campaign_id: string; state: string; n: number }>>`
        SELECT campaign_id, state, count(*)::int AS n FROM notifications.messages WHERE campaign_id = ANY(${[...ids]}::uuid[]) GROUP BY campaign_id, state`;
      for (const row of states) result.get(row.campaign_id)!.states[row.state] = row.n;
      const unsubscribed = await db.$queryRaw<Array<{ campaign_id: string; n: number }>>`
        SELECT campaign_id, count(DISTINCT user_id)::int AS n FROM notifications.unsubscribes WHERE campaign_id = ANY(${[...ids]}::uuid[]) GROUP BY campaign_id`;
      for (const row of unsubscribed) result.get(row.campaign_id)!.unsubscribed = row.n;
      return result;
    },

    // ---- the order read models segments use ----------------------------------------------------

    async recordPaidOrder(order: { orderId: string; customerId: string; total: number; paidAt: Date }, lines: Array<{ productId: string; categoryId: string | null }>): Promise<void> {
      await db.$transaction([
        db.customerOrder.createMany({ data: [order], skipDuplicates: true }),
        db.customerPurchase.createMany({ data: lines.map((line) => ({ orderId: order.orderId, customerId: order.customerId, ...line })), skipDuplicates: true }),
      ]);
    },

    async recordRefund(orderId: string, amountRefunded: number): Promise<void> {
      await db.customerOrder.updateMany({ where: { orderId, amountRefunded: { lt: amountRefunded } }, data: { amountRefunded } });
    },

    async recordUnsubscribe(userId: string, campaignId: string | null): Promise<void> {
      await db.unsubscribe.create({ data: { id: crypto.randomUUID(), userId, campaignId } });
    },
  };
}

export type CampaignsRepository = ReturnType<typeof createCampaignsRepository>;
