import { ERROR_BODY_NOTE, type DomainDocument, type OperationExamples } from '../runtime/docs.js';
import { ADMIN_ID, SKU, RESERVATION_ID, authRequired } from '../openapi/example-values.js';

/**
 * inventory's published REST document (data/docs/inventory_service_api.yaml): its text, and examples keyed by
 * operationId where the schemas' own cannot say it (checked against the procedures by openapi/generate.ts).
 */
const skuNotFound = { message: `No stock record for SKU '${SKU}'` };
const stock = { sku: SKU, onHand: 42, reserved: 3, available: 39 };

const examples: Record<string, OperationExamples> = {
  inventoryList: {
    parameters: { q: 'HPH', lowStock: true, sort: 'available_asc', page: 1, pageSize: 20 },
    response: {
      items: [
        { sku: 'HPH-00007', onHand: 2, reserved: 2, available: 0, lowStockThreshold: 5, updatedAt: '2026-02-01T09:15:00.000Z' },
        { sku: SKU, onHand: 6, reserved: 3, available: 3, lowStockThreshold: 5, updatedAt: '2026-02-01T09:14:12.000Z' },
      ],
      total: 2,
      page: 1,
      pageSize: 20,
    },
    errors: { 400: { message: 'pageSize: must be one of 10, 20, 50, 100' }, 401: authRequired },
  },
  inventoryGetStock: {
    parameters: { sku: SKU },
    response: stock,
    errors: { 400: { message: 'sku: SKU may contain letters, digits, ".", "_" and "-"' }, 401: authRequired, 404: skuNotFound },
  },
  inventorySetStock: {
    parameters: { sku: SKU },
    request: { onHand: 120, reason: 'stock count', lowStockThreshold: 10 },
    response: { sku: SKU, onHand: 120, reserved: 3, available: 117 },
    errors: {
      400: { message: 'onHand: onHand must be >= 0' },
      401: authRequired,
      404: { message: `Unknown SKU '${SKU}': no catalog product has it` },
      409: {
        description: 'The new on-hand count is below the units reserved by checkouts in progress.',
        message: `Cannot set onHand of ${SKU} to 2: 3 units are reserved by checkouts in progress`,
        details: { sku: SKU, reserved: 3 },
      },
    },
  },
  inventoryMovements: {
    parameters: { sku: SKU, limit: 2 },
    response: {
      items: [
        {
          id: '1042',
          sku: SKU,
          kind: 'adjust',
          quantity: 78,
          onHandAfter: 120,
          reservedAfter: 3,
          reason: 'stock count',
          actor: `admin:${ADMIN_ID}`,
          reservationId: null,
          createdAt: '2026-02-01T09:15:00.000Z',
        },
        {
          id: '1041',
          sku: SKU,
          kind: 'reserve',
          quantity: 1,
          onHandAfter: 42,
          reservedAfter: 3,
          reason: null,
          actor: 'service:orders',
          reservationId: RESERVATION_ID,
          createdAt: '2026-02-01T09:14:12.000Z',
        },
      ],
      nextCursor: '1041',
    },
    errors: { 400: { message: 'cursor: cursor must be the nextCursor of a previous page' }, 401: authRequired, 404: skuNotFound },
  },
};

export const document: DomainDocument = {
  file: 'inventory_service_api.yaml',
  title: 'OmniCart inventory service API',
  description: [
    'Stock per SKU (the inventory service), as served by the gateway under `/api/v1`. Admin only: send an admin',
    'access token from `POST /users/login`.',
    '',
    '`onHand` is the physical stock, `reserved` what open checkouts hold (reservations expire), `available` =',
    '`onHand − reserved`. Setting the stock is kept as a movement with its reason and actor, beside every',
    'reservation, commit, release and restock. Reservations themselves are made by the orders service',
    '(service-to-service procedures, not part of this API). ' + ERROR_BODY_NOTE,
    '',
    'Generated from the tRPC router (packages/api/src/inventory) by `npm run openapi`; do not edit by hand.',
  ].join('\n'),
  operationIdPrefix: 'inventory',
  tags: { inventory: 'Stock levels and their movement history (admin).' },
  examples,
};
