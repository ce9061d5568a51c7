import { auditChanges, updateStoreSettingsInput, type StoreSettingsFields } from '@omnicart/contracts';
import type pg from 'pg';
import { z } from 'zod';
import { insertOutboxRowsSql, outboxEvent, type OutboxEventRow } from '../events/index.js';
import { auditEvent } from '../runtime/audit.js';
import { requirePermission, type AuthUser } from '../runtime/auth.js';
import { DomainError } from '../runtime/errors.js';
import { ordersAudit, settingsChanged } from './events.js';
import type { PricingRules } from './pricing.js';
import { readStoreSettings, saveStoreSettings, type StoreSettingsRow as SettingsRow } from './repository.js';

/**
 * The store settings: name, time zone, shipping and tax rules. Orders owns them because it prices
 * (checkout, quotes) and reports (summary, search dates) with them. One row in
 * orders.store_settings; until staff save one, the environment's values are the settings
 * (version 0). Reads go through a short per-process cache (ORDERS_SETTINGS_CACHE_MS, default 2 s):
 * the process that saves applies the change at once, other replicas within the cache's lifetime.
 * Its SQL is in repository.ts (readStoreSettings, saveStoreSettings).
 */

const PPM = 1_000_000;

export const storeSettingsSchema = z.object({
  storeName: z.string(),
  timeZone: z.string().describe('IANA time zone of the store-local dates (summary, search)'),
  shippingFlatCents: z.number().int().describe('Flat shipping per order, in cents'),
  freeShippingThresholdCents: z.number().int().describe('Subtotal (cents) from which shipping is free'),
  defaultTaxRate: z.number().describe('Tax rate of countries without their own (0..1)'),
  taxRates: z.array(z.object({ country: z.string(), rate: z.number() })).describe('Per destination country (ISO-2), 0..1'),
  currency: z.string().length(3),
  version: z.number().int().describe('0 until first saved (the environment’s defaults); send it back with PUT /settings'),
  saved: z.boolean().describe('false: no one saved settings yet, these are the environment’s defaults'),
  updatedAt: z.string().nullable(),
});
export type StoreSettingsDto = z.output<typeof storeSettingsSchema>;

export const publicStoreSettingsSchema = z.object({ storeName: z.string() });
export type PublicStoreSettingsDto = z.output<typeof publicStoreSettingsSchema>;

export { updateStoreSettingsInput };
export type UpdateStoreSettingsInput = z.output<typeof updateStoreSettingsInput>;

/** The settings in use: the DTO and the pricing rules derived from it. */
export interface ActiveStoreSettings {
  settings: StoreSettingsDto;
  rules: PricingRules;
}

export interface StoreSettingsStore {
  /** The settings in use (cached up to the configured lifetime). */
  current(): Promise<ActiveStoreSettings>;
  get(user: AuthUser): Promise<StoreSettingsDto>;
  update(user: AuthUser, input: UpdateStoreSettingsInput): Promise<StoreSettingsDto>;
  publicSettings(): Promise<PublicStoreSettingsDto>;
}

export interface StoreSettingsDefaults {
  storeName: string;
  timeZone: string;
  rules: PricingRules;
}

const toRate = (ppm: number): number => ppm / PPM;
const toPpm = (rate: number): number => Math.round(rate * PPM);

function fromRow(row: SettingsRow): ActiveStoreSettings {
  const taxRates = [...row.taxRates].sort((a, b) => a.country.localeCompare(b.country));
  return {
    settings: {
      storeName: row.storeName,
      timeZone: row.timeZone,
      shippingFlatCents: row.shippingFlatCents,
      freeShippingThresholdCents: row.freeShippingThresholdCents,
      defaultTaxRate: toRate(row.defaultTaxRatePpm),
      taxRates: taxRates.map((entry) => ({ country: entry.country, rate: toRate(entry.ratePpm) })),
      currency: 'USD',
      version: row.version,
      saved: true,
      updatedAt: row.updatedAt,
    },
    rules: {
      shippingFlatCents: row.shippingFlatCents,
      freeShippingThresholdCents: row.freeShippingThresholdCents,
      taxRatesPpm: new Map(taxRates.map((entry) => [entry.country, entry.ratePpm])),
      defaultTaxRatePpm: row.defaultTaxRatePpm,
    },
  };
}

function fromDefaults(defaults: StoreSettingsDefaults): ActiveStoreSettings {
  const { rules } = defaults;
  return {
    settings: {
      storeName: defaults.storeName,
      timeZone: defaults.timeZone,
      shippingFlatCents: rules.shippingFlatCents,
      freeShippingThresholdCents: rules.freeShippingThresholdCents,
      defaultTaxRate: toRate(rules.defaultTaxRatePpm),
      taxRates: [...rules.taxRatesPpm].sort(([a], [b]) => a.localeCompare(b)).map(([country, ppm]) => ({ country, rate: toRate(ppm) })),
      currency: 'USD',
      version: 0,
      saved: false,
      updatedAt: null,
    },
    rules,
  };
}

/** The audited fields, as the staff member sees them (rates as decimals). */
const AUDITED = ['storeName', 'timeZone', 'shippingFlatCents', 'freeShippingThresholdCents', 'defaultTaxRate', 'taxRates'] as const;

const editable = (settings: StoreSettingsDto | StoreSettingsFields): Record<(typeof AUDITED)[number], unknown> => ({
  storeName: settings.storeName,
  timeZone: settings.timeZone,
  shippingFlatCents: settings.shippingFlatCents,
  freeShippingThresholdCents: settings.freeShippingThresholdCents,
  defaultTaxRate: settings.defaultTaxRate,
  taxRates: [...settings.taxRates].sort((a, b) => a.country.localeCompare(b.country)).map((entry) => ({ country: entry.country, rate: entry.rate })),
});

export interface StoreSettingsOptions {
  pool: Pick<pg.Pool, 'query' | 'connect'>;
  defaults: StoreSettingsDefaults;
  /** How long a read is reused (0: every use reads the row). */
  cacheMs: number;
  /** Called after a commit that wrote outbox rows (the relay's kick). */
  outboxWritten?: () => void;
  now?: () => number;
}

export function createStoreSettings(options: StoreSettingsOptions): StoreSettingsStore {
  const { pool, defaults, cacheMs } = options;
  const now = options.now ?? Date.now;
  let cached: { value: ActiveStoreSettings; at: number } | null = null;
  let loading: Promise<ActiveStoreSettings> | null = null;

  async function load(): Promise<ActiveStoreSettings> {
    const row = await readStoreSettings(pool);
    return row ? fromRow(row) : fromDefaults(defaults);
  }

  async function current(): Promise<ActiveStoreSettings> {
    if (cached && now() - cached.at < cacheMs) return cached.value;
    // One read in flight per process, however many checkouts ask at once.
    loading ??= load()
      .then((value) => {
        cached = { value, at: now() };
        return value;
      })
      .finally(() => {
        loading = null;
      });
    return loading;
  }

  return {
    current,

    async get(user) {
      requirePermission(user, 'settings:read');
      return (await current()).settings;
    },

    async publicSettings() {
      return { storeName: (await current()).settings.storeName };
    },

    async update(user, input) {
      requirePermission(user, 'settings:write');
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        // PostgreSQL computes the store-local days (AT TIME ZONE): it must know the zone too.
        const zoneKnown = await client.query('SELECT now() AT TIME ZONE $1::text', [input.timeZone]).then(
          () => true,
          (error: unknown) => {
            if ((error as { code?: string }).code !== '22023') throw error;
            return false;
          },
        );
        if (!zoneKnown) {
          throw new DomainError('VALIDATION_FAILED', `timeZone: the database does not know the time zone "${input.timeZone}"`, {
            fields: { timeZone: `The database does not know the time zone "${input.timeZone}"` },
          });
        }
        const locked = await readStoreSettings(client, { forUpdate: true });
        const before = locked ? fromRow(locked).settings : fromDefaults(defaults).settings;
        if (before.version !== input.version) {
          throw new DomainError('CONFLICT', `Someone saved the settings since you read them (version ${before.version}, yours ${input.version}): reload and try again`, {
            reason: 'stale_version',
            version: before.version,
          });
        }
        const version = before.version + 1;
        const taxRates = input.taxRates.map((entry) => ({ country: entry.country, ratePpm: toPpm(entry.rate) }));
        // A concurrent first save (no row to lock) loses on the primary key: 23505 → 409 below.
        const row = await saveStoreSettings(client, {
          storeName: input.storeName,
          timeZone: input.timeZone,
          shippingFlatCents: input.shippingFlatCents,
          freeShippingThresholdCents: input.freeShippingThresholdCents,
          defaultTaxRatePpm: toPpm(input.defaultTaxRate),
          taxRates,
          version,
          updatedBy: user.id,
        });
        if (!row) throw new DomainError('CONFLICT', 'Someone saved the settings at the same time: reload and try again', { reason: 'stale_version' });
        const after = fromRow(row);
        const changes = auditChanges(editable(before), editable(after.settings), AUDITED);
        const events: OutboxEventRow[] = [
          auditEvent(ordersAudit, { entityType: 'setting', entityId: 'store', action: 'updated', label: 'Store settings', changes }),
          outboxEvent(settingsChanged, {
            id: 'store',
            version,
            storeName: after.settings.storeName,
            timeZone: after.settings.timeZone,
            shippingFlatCents: after.settings.shippingFlatCents,
            freeShippingThresholdCents: after.settings.freeShippingThresholdCents,
            defaultTaxRate: after.settings.defaultTaxRate,
            taxRates: after.settings.taxRates,
          }),
        ];
        await client.query(insertOutboxRowsSql('orders.outbox_events', '$1::jsonb'), [JSON.stringify(events)]);
        await client.query('COMMIT');
        cached = { value: after, at: now() };
        options.outboxWritten?.();
        return after.settings;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        if ((error as { code?: string }).code === '23505') {
          throw new DomainError('CONFLICT', 'Someone saved the settings at the same time: reload and try again', { reason: 'stale_version' });
        }
        throw error;
      } finally {
        client.release();
      }
    },
  };
}

/** Settings that are always the given defaults (services built without a database pool, e.g. in unit tests); saving is refused. */
export function staticStoreSettings(defaults: StoreSettingsDefaults): StoreSettingsStore {
  const value = fromDefaults(defaults);
  return {
    current: async () => value,
    get: async (user) => {
      requirePermission(user, 'settings:read');
      return value.settings;
    },
    publicSettings: async () => ({ storeName: value.settings.storeName }),
    update: async (user) => {
      requirePermission(user, 'settings:write');
      throw new DomainError('UNAVAILABLE', 'Store settings cannot be saved by this orders process');
    },
  };
}
