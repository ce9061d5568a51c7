import type { EventOf } from '@omnicart/contracts';
import { validatedEvent, type DomainEvent } from '../../events/index.js';
import { stockChanged } from '../../inventory/index.js';
import type { ConsumerHandlers } from '../../runtime/domain.js';
import type { StockLevelUpdate } from '../repository.js';
import type { CatalogService } from '../service.js';

/**
 * Consumer `catalog.availability`: keeps catalog.stock_levels in step with inventory through
 * `inventory.stock_changed` (catalog never reads inventory's tables). At-least-once delivery is
 * fine: a row only moves to a newer per-SKU version. Payloads arrive validated against the
 * contract; one that fails it is dead-lettered by the runtime before it gets here.
 */
type StockChangedEvent = EventOf<typeof stockChanged>;

const levelOf = ({ data }: StockChangedEvent): StockLevelUpdate => ({ sku: data.sku, available: Math.max(data.available, 0), version: data.version });

export function availabilityHandlers(
  service: Pick<CatalogService, 'applyStockChanged' | 'applyStockChangedBatch'>,
): ConsumerHandlers<typeof stockChanged> {
  return {
    async handle(event) {
      await service.applyStockChanged(levelOf(event));
    },
    // Several events in one statement (the PostgreSQL bus hands over whatever is ready at once). A
    // throw makes the bus retry each event alone through `handle`.
    async handleBatch(events) {
      if (events.length > 0) await service.applyStockChangedBatch(events.map(levelOf));
    },
  };
}

/**
 * The handlers over raw deliveries, checked against the contract first (what the runtime's
 * subscription does before `availabilityHandlers` sees them): an event that fails it is refused
 * with InvalidEventError, which the bus dead-letters. Tests drive these.
 */
export function createAvailabilityHandler(service: Pick<CatalogService, 'applyStockChanged' | 'applyStockChangedBatch'>) {
  const handlers = availabilityHandlers(service);
  return async (event: DomainEvent) => handlers.handle(validatedEvent(event, [stockChanged], 'catalog.availability'));
}

export function createAvailabilityBatchHandler(service: Pick<CatalogService, 'applyStockChanged' | 'applyStockChangedBatch'>) {
  const handlers = availabilityHandlers(service);
  return async (events: DomainEvent[]) => handlers.handleBatch!(events.map((event) => validatedEvent(event, [stockChanged], 'catalog.availability')));
}
