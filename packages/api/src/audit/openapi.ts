import type { DomainDocument, OperationExamples } from '../runtime/docs.js';
import { ADMIN_ID, ORDER_ID, PRODUCT_ID, SKU, tokenExpired } from '../openapi/example-values.js';

/**
 * audit's published REST document (data/docs/audit_service_api.yaml): its text, and examples keyed by
 * operationId where the schemas' own cannot say it (checked against the procedures by openapi/generate.ts).
 */
const actor = { type: 'user', id: ADMIN_ID, email: 'admin@omnicart.test' };
const priceChange = {
  id: '0193b7a4-5c2e-7d10-9a4b-3c1f2e0d9a87',
  occurredAt: '2026-12-07T14:05:09.120Z',
  domain: 'catalog',
  entityType: 'product',
  entityId: PRODUCT_ID,
  action: 'updated',
  label: 'Sonora Headphones',
  changes: [{ field: 'price', before: 12999, after: 11999 }],
  actor,
  requestId: 'req-5b8e2c1d',
};
const stockSet = {
  id: '0193b7a4-6d1f-7a20-8b5c-4d2e3f1a0b98',
  occurredAt: '2026-12-07T14:02:41.530Z',
  domain: 'inventory',
  entityType: 'stock',
  entityId: SKU,
  action: 'stock_set',
  label: SKU,
  changes: [
    { field: 'onHand', before: 12, after: 40 },
    { field: 'reason', before: null, after: 'Delivery from the supplier' },
  ],
  actor,
  requestId: 'req-1a7c9e3b',
};
const fulfilled = {
  id: '0193b7a4-7e20-7b30-9c6d-5e3f4a2b1c09',
  occurredAt: '2026-12-06T16:20:00.000Z',
  domain: 'orders',
  entityType: 'order',
  entityId: ORDER_ID,
  action: 'fulfilled',
  label: 'OC-00000042',
  changes: [
    { field: 'status', before: 'paid', after: 'fulfilled' },
    { field: 'carrier', before: null, after: 'UPS' },
    { field: 'trackingNumber', before: null, after: '1Z999AA10123456784' },
  ],
  actor: { ...actor, id: '7b1e9c40-2d5f-4a8b-9e3c-6f0a1b2c3d4e', email: 'sam@omnicart.test' },
  requestId: 'req-9d2b4f6a',
};
const badPageSize = { message: 'pageSize: must be one of 10, 20, 50, 100' };

const examples: Record<string, OperationExamples> = {
  auditList: {
    parameters: { actorEmail: 'admin@omnicart.test', from: '2026-12-01', to: '2026-12-07', page: 1, pageSize: 20 },
    response: { items: [priceChange, stockSet], total: 2, page: 1, pageSize: 20 },
    errors: { 400: { message: 'from: expected a date YYYY-MM-DD or an ISO timestamp such as 2026-12-01T09:30:00Z' }, 401: tokenExpired },
  },
  auditExport: {
    parameters: { entityType: 'stock', from: '2026-12-01', to: '2026-12-07', limit: 500 },
    response: { items: [stockSet], nextCursor: 'WyJvY2N1cnJlZF9kZXNjIiwiMjAyNi0xMi0wN1QxNDowMjo0MS41MzBaIiwiMDE5M2I3YTQtNmQxZi03YTIwLThiNWMtNGQyZTNmMWEwYjk4Il0' },
    errors: { 400: { message: 'after: malformed cursor; pass back the nextCursor of a previous page with the same sort' }, 401: tokenExpired },
  },
  auditForEntity: {
    parameters: { entityType: 'order', entityId: ORDER_ID, page: 1, pageSize: 20 },
    response: { items: [fulfilled], total: 1, page: 1, pageSize: 20 },
    errors: { 400: badPageSize, 401: tokenExpired },
  },
};

export const document: DomainDocument = {
  file: 'audit_service_api.yaml',
  title: 'OmniCart audit service API',
  description: [
    'The audit log (the audit service), as served by the gateway under `/api/v1`: every write made by staff or an integration — products, categories, stock, order status, refunds, staff and roles, settings — with who made it, when, the entity, the changed fields before and after, and the request id.',
    '',
    'Each domain records its entries in the same transaction as the change and publishes them as `<domain>.audit_recorded` events; this service keeps them in its own read model. **The log is read-only: no API creates, edits or deletes an entry**, and a database trigger refuses every UPDATE, DELETE and TRUNCATE of the entries table, so not even a bug can rewrite history.',
    '',
    'Send an access token with the `audit:read` permission (owners, catalog and order managers, analysts) as `Authorization: Bearer <token>`. Every error answers `{ "error": { "code", "message" } }`.',
    '',
    'Generated from the tRPC router (packages/api/src/audit) by `npm run openapi`; do not edit by hand.',
  ].join('\n'),
  operationIdPrefix: 'audit',
  tags: { audit: 'The audit log (read only).' },
  examples,
};
