import { staffProcedure, internalProcedure, router } from '../runtime/trpc.js';
import {
  commitOutput,
  listMovementsInput,
  listStockInput,
  movementPageSchema,
  releaseOutput,
  reservationReasonInput,
  reservationRefInput,
  reservationSchema,
  reserveInput,
  restockOutput,
  setStockInput,
  skuInput,
  stockPageSchema,
  stockSchema,
} from './schemas.js';
import type { InventoryService } from './service.js';

const ERRORS_ADMIN_READ = [400, 401, 403, 404];

/**
 * Thin tRPC router: validate, call the service. Admin procedures are REST routes under
 * /api/v1/inventory; internal ones (reserve, commit, release, restock) are for other services
 * only (orders), never routed by the gateway.
 */
export function createInventoryRouter(service: InventoryService) {
  return router({
    list: staffProcedure('inventory:read')
      .meta({
        openapi: {
          method: 'GET',
          path: '/inventory',
          tags: ['inventory'],
          summary: 'Stock of every SKU, paged (admin)',
          description:
            'The admin stock table. `q`: a SKU prefix, case-insensitive. `lowStock=true`: only SKUs whose available units (onHand - reserved) ' +
            'are at or below their `lowStockThreshold`. `sort`: `sku_asc` (default), `available_asc`, `available_desc` (ties by SKU). `page` from 1, ' +
            '`pageSize` 10, 20 (default), 50 or 100; `total` counts every match. Bad values are 400.',
          protect: true,
          errorResponses: [400, 401, 403],
        },
      })
      .input(listStockInput)
      .output(stockPageSchema)
      .query(({ input, ctx }) => service.list(ctx.user, input)),

    getStock: staffProcedure('inventory:read')
      .meta({
        openapi: {
          method: 'GET',
          path: '/inventory/{sku}',
          tags: ['inventory'],
          summary: 'Stock of a SKU (admin)',
          description: 'available = onHand - reserved. A SKU inventory has no record of is 404.',
          protect: true,
          errorResponses: ERRORS_ADMIN_READ,
        },
      })
      .input(skuInput)
      .output(stockSchema)
      .query(({ input }) => service.getStock(input.sku)),

    setStock: staffProcedure('inventory:write')
      .meta({
        openapi: {
          method: 'PUT',
          path: '/inventory/{sku}',
          tags: ['inventory'],
          summary: 'Set the units on hand of a SKU (admin)',
          description:
            'Kept in the movement history with the reason. A SKU the catalog does not know is 404; ' +
            'an onHand below the units currently reserved by checkouts in progress is 409. `lowStockThreshold` (0-100,000, optional: ' +
            'unchanged when omitted, 5 for a new SKU) is set in the same statement: `inventory.low_stock` is announced when available falls to or below it. ' +
            'Omit `onHand` to change only the threshold: the units on hand are kept as they are under the row lock, so a sale meanwhile is never overwritten.',
          protect: true,
          errorResponses: [400, 401, 403, 404, 409],
        },
      })
      .input(setStockInput)
      .output(stockSchema)
      .mutation(({ input, ctx }) => service.setStock(ctx.user, input)),

    movements: staffProcedure('inventory:read')
      .meta({
        openapi: {
          method: 'GET',
          path: '/inventory/{sku}/movements',
          tags: ['inventory'],
          summary: 'Movement history of a SKU (admin)',
          description: 'Newest first, keyset-paginated (pass nextCursor as cursor).',
          protect: true,
          errorResponses: ERRORS_ADMIN_READ,
        },
      })
      .input(listMovementsInput)
      .output(movementPageSchema)
      .query(({ input }) => service.movements(input)),

    reserve: internalProcedure
      .input(reserveInput)
      .output(reservationSchema)
      .mutation(({ input, ctx }) => service.reserve(ctx.service, input)),

    commit: internalProcedure
      .input(reservationRefInput)
      .output(commitOutput)
      .mutation(({ input, ctx }) => service.commit(ctx.service, input.reservationId)),

    release: internalProcedure
      .input(reservationReasonInput)
      .output(releaseOutput)
      .mutation(({ input, ctx }) => service.release(ctx.service, input.reservationId, input.reason)),

    restock: internalProcedure
      .input(reservationReasonInput)
      .output(restockOutput)
      .mutation(({ input, ctx }) => service.restock(ctx.service, input.reservationId, input.reason)),
  });
}

export type InventoryRouter = ReturnType<typeof createInventoryRouter>;
