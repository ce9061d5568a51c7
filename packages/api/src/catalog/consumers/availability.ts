import type { Logger } from 'pino';
import type { DomainEvent, EventBus, Subscription } from '../events/index.js';
import type { StockLevelUpdate } from './repository.js';
import type { CatalogService } from './service.js';

/**
 * Consumer `catalog.availability`: keeps catalog.stock_levels in step with inventory through
 * `inventory.stock_changed` events (catalog never reads inventory's tables). At-least-once
 * delivery is fine: a row only moves to a newer per-SKU version.
 */
export const AVAILABILITY_CONSUMER = 'catalog.availability';
export const STOCK_CHANGED = 'inventory.stock_changed';

/** Validates an event's data; malformed events are logged and acknowledged (never retried forever). */
export function stockLevelFrom(event: DomainEvent): StockLevelUpdate | null {
  const { sku, available, version } = event.data as Record<string, unknown>;
  if (typeof sku !== 'string' || !sku) return null;
  if (typeof available !== 'number' || !Number.isInteger(available)) return null;
  if (typeof version !== 'number' || !Number.isInteger(version)) return null;
  return { sku, available: Math.max(available, 0), version };
}

export function createAvailabilityHandler(service: Pick<CatalogService, 'applyStockChanged'>, logger?: Logger) {
  return async function handleStockChanged(event: DomainEvent): Promise<void> {
    if (event.type !== STOCK_CHANGED) return;
    const level = stockLevelFrom(event);
    if (!level) {
      logger?.warn({ eventId: event.id }, 'ignoring a malformed inventory.stock_changed event');
      return;
    }
    await service.applyStockChanged(level);
  };
}

/**
 * Several events in one statement (the PostgreSQL bus hands over whatever is ready at once). A
 * throw makes the bus retry each event alone through the per-event handler.
 */
export function createAvailabilityBatchHandler(service: Pick<CatalogService, 'applyStockChangedBatch'>, logger?: Logger) {
  return async function handleStockChangedBatch(events: DomainEvent[]): Promise<void> {
    const levels: StockLevelUpdate[] = [];
    for (const event of events) {
      if (event.type !== STOCK_CHANGED) continue;
      const level = stockLevelFrom(event);
      if (level) levels.push(level);
      else logger?.warn({ eventId: event.id }, 'ignoring a malformed inventory.stock_changed event');
    }
    if (levels.length > 0) await service.applyStockChangedBatch(levels);
  };
}

export function subscribeAvailability(
  bus: EventBus,
  service: Pick<CatalogService, 'applyStockChanged' | 'applyStockChangedBatch'>,
  logger?: Logger,
): Promise<Subscription> {
  return bus.subscribe({
    consumer: AVAILABILITY_CONSUMER,
    types: [STOCK_CHANGED],
    handler: createAvailabilityHandler(service, logger),
    batchHandler: createAvailabilityBatchHandler(service, logger),
  });
}
