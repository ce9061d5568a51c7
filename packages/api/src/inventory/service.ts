import { auditChanges, auditEvent } from '../runtime/audit.js';
import { requirePermission, type AuthUser } from '../runtime/auth.js';
import { DomainError } from '../runtime/errors.js';
import { recordReservationsExpired } from '../runtime/metrics.js';
import type { Actor, InventoryRepository, SalesResult, TransitionResult } from './repository.js';
import { inventoryAudit, type StockChanged } from './events.js';
import type { ListMovementsInput, ListStockInput, MovementPage, ReservationDto, ReserveInput, SetStockInput, StockDto, StockPage } from './schemas.js';

export interface InventoryServiceOptions {
  /** Reservation lifetime when the caller gives none (RESERVATION_TTL_SECONDS). */
  defaultTtlSeconds: number;
  /** Whether the catalog knows a SKU (admins may only stock products that exist). */
  skuExists: (sku: string) => Promise<boolean>;
  /** Called after a change that wrote outbox events committed (the relay publishes them soon). */
  outboxWritten?: () => void;
}

function insufficient(result: { sku: string; requested: number; available: number }): DomainError {
  return new DomainError(
    'INSUFFICIENT_STOCK',
    `Not enough stock for ${result.sku}: ${result.requested} requested, ${result.available} available`,
    { sku: result.sku, requested: result.requested, available: result.available },
  );
}

const adminActor = (user: AuthUser): Actor => `admin:${user.id}`;
export const serviceActor = (service: string): Actor => `service:${service}`;

export function createInventoryService(repository: InventoryRepository, options: InventoryServiceOptions) {
  const changed = (events: StockChanged[]) => {
    if (events.length > 0) options.outboxWritten?.();
  };

  function settle<S extends string>(reservationId: string, result: TransitionResult<S & ('committed' | 'released' | 'expired' | 'returned')>, action: string) {
    switch (result.kind) {
      case 'done':
        changed(result.changed);
        return { reservationId, status: result.status };
      case 'not_found':
        throw new DomainError('NOT_FOUND', `Reservation '${reservationId}' not found`);
      case 'invalid_state':
        throw new DomainError('INVALID_STATE', `Cannot ${action} reservation '${reservationId}': it is ${result.status}`, { status: result.status });
      case 'insufficient':
        throw insufficient(result);
    }
  }

  async function sweepOnce(batch = 100): Promise<number> {
    let total = 0;
    for (;;) {
      const { expired, changed: events } = await repository.sweepExpired(batch);
      changed(events);
      recordReservationsExpired(expired);
      total += expired;
      if (expired < batch) return total;
    }
  }

  return {
    async getStock(sku: string): Promise<StockDto> {
      const stock = await repository.getStock(sku);
      if (!stock) throw new DomainError('NOT_FOUND', `No stock record for SKU '${sku}'`);
      return stock;
    },

    /**
     * Sets the units on hand (a stock count, a delivery, damage). A SKU inventory has never seen
     * is accepted when the catalog knows it. Going below the units held by active reservations
     * is refused (409): those units are promised to checkouts in flight; release them or wait
     * for them to commit or expire first.
     */
    async setStock(actor: AuthUser, input: SetStockInput): Promise<StockDto> {
      const write = (createIfMissing: boolean) =>
        repository.setStock(
          {
            sku: input.sku,
            onHand: input.onHand ?? null,
            reason: input.reason ?? null,
            actor: adminActor(actor),
            createIfMissing,
            lowStockThreshold: input.lowStockThreshold ?? null,
          },
          // The audit entry: on hand and threshold before and after, with the reason given.
          (before, after) => {
            const changes = auditChanges(before, after, ['onHand', 'lowStockThreshold']);
            if (changes.length === 0) return null;
            if (input.reason) changes.push({ field: 'reason', before: null, after: input.reason });
            return auditEvent(inventoryAudit, { entityType: 'stock', entityId: input.sku, action: before ? 'stock_set' : 'stock_created', label: input.sku, changes });
          },
        );
      let result = await write(false);
      if (result.kind === 'unknown_sku') {
        if (!(await options.skuExists(input.sku))) throw new DomainError('NOT_FOUND', `Unknown SKU '${input.sku}': no catalog product has it`);
        result = await write(true);
      }
      switch (result.kind) {
        case 'done':
          if (result.audited) options.outboxWritten?.();
          else changed(result.changed);
          return result.stock;
        case 'below_reserved':
          throw new DomainError(
            'CONFLICT',
            `Cannot set onHand of ${input.sku} to ${input.onHand}: ${result.reserved} units are reserved by checkouts in progress`,
            { sku: input.sku, reserved: result.reserved },
          );
        case 'unknown_sku':
          throw new DomainError('NOT_FOUND', `Unknown SKU '${input.sku}'`);
      }
    },

    /** The admin's stock table: SKUs by prefix and low stock, sorted, in numbered pages. */
    async list(actor: AuthUser, input: ListStockInput): Promise<StockPage> {
      requirePermission(actor, 'inventory:read');
      const { items, total } = await repository.listStock({
        prefix: input.q ? input.q : null,
        lowStock: input.lowStock ?? false,
        sort: input.sort,
        limit: input.pageSize,
        offset: (input.page - 1) * input.pageSize,
      });
      return { items, total, page: input.page, pageSize: input.pageSize };
    },

    async movements(input: ListMovementsInput): Promise<MovementPage> {
      if (!(await repository.getStock(input.sku))) throw new DomainError('NOT_FOUND', `No stock record for SKU '${input.sku}'`);
      return repository.listMovements(input.sku, input.limit, input.cursor ?? null);
    },

    async reserve(caller: string, input: ReserveInput): Promise<ReservationDto> {
      const result = await repository.reserve({
        reservationId: input.reservationId,
        lines: input.lines,
        ttlSeconds: input.ttlSeconds ?? options.defaultTtlSeconds,
        actor: serviceActor(caller),
      });
      if (result.kind === 'insufficient') throw insufficient(result);
      if (result.kind === 'created') changed(result.changed);
      return result.reservation;
    },

    /**
     * Takes the sale of paid orders (consumer inventory.sales): the reservation of each order id,
     * in one statement. Shortages and skipped reservations come back for the caller to act on.
     */
    async commitSales(orderIds: readonly string[]): Promise<SalesResult> {
      const result = await repository.commitSales(orderIds, serviceActor('orders'));
      changed(result.changed);
      return result;
    },

    async commit(caller: string, reservationId: string) {
      return settle(reservationId, await repository.commit(reservationId, serviceActor(caller)), 'commit') as { reservationId: string; status: 'committed' };
    },

    async release(caller: string, reservationId: string, reason: string) {
      return settle(reservationId, await repository.release(reservationId, reason, serviceActor(caller)), 'release') as {
        reservationId: string;
        status: 'released' | 'expired';
      };
    },

    async restock(caller: string, reservationId: string, reason: string) {
      return settle(reservationId, await repository.restock(reservationId, reason, serviceActor(caller)), 'restock') as { reservationId: string; status: 'returned' };
    },

    /** Expires every active reservation past its expiry; returns how many (jobs/reservation-sweeper.ts). */
    sweepOnce,

  };
}

export type InventoryService = ReturnType<typeof createInventoryService>;
