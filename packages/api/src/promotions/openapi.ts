import type { DomainDocument, OperationExamples } from '../runtime/docs.js';
import { authRequired } from '../openapi/example-values.js';

/**
 * promotions' published REST document (data/docs/promotion_service_api.yaml): its text, and examples keyed by
 * operationId where the schemas' own cannot say it (checked against the procedures by openapi/generate.ts).
 */
const PROMOTION_ID = '7d1e2f3a-4b5c-4d6e-8f70-81a2b3c4d5e6';
const CATEGORY_ID = '5b1f7a52-8e0c-4f0a-9d3b-7c2e1a4f6b80';
const BATCH_ID = 'c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f';
const forbidden = (permission: string) => ({ message: `You do not have permission to do this (needs ${permission})` });
const notFound = { message: `Promotion ${PROMOTION_ID} not found` };

const promotion = {
  id: PROMOTION_ID,
  kind: 'code',
  name: 'Summer 15 % off',
  discountType: 'percent',
  percentOff: 15,
  amountOff: null,
  scope: 'categories',
  categoryIds: [CATEGORY_ID],
  productIds: [],
  minSubtotal: 5000,
  startsAt: '2026-06-01T04:00:00.000Z',
  endsAt: '2026-09-01T04:00:00.000Z',
  usageLimit: 500,
  perCustomerLimit: 1,
  used: 87,
  active: true,
  state: 'active',
  code: 'SUMMER15',
  codeCount: 1,
  label: '15 % off',
  stats: { redemptions: 84, reserved: 3, revenue: 1_254_300, discountCost: 187_420 },
  createdAt: '2026-05-20T10:00:00.000Z',
  updatedAt: '2026-05-20T10:00:00.000Z',
};
const created = { ...promotion, used: 0, state: 'scheduled', stats: { redemptions: 0, reserved: 0, revenue: 0, discountCost: 0 } };

const examples: Record<string, OperationExamples> = {
  promotionsLive: {
    response: {
      items: [
        {
          id: PROMOTION_ID,
          name: 'Weekend: 10 % off headphones',
          label: '10 % off',
          discountType: 'percent',
          scope: 'categories',
          categoryIds: [CATEGORY_ID],
          productIds: [],
          minSubtotal: 0,
          endsAt: '2026-12-07T05:00:00.000Z',
        },
      ],
    },
  },
  promotionsList: {
    parameters: { q: 'summer', state: 'active', page: 1, pageSize: 20 },
    response: { items: [promotion], total: 1, page: 1, pageSize: 20 },
    errors: { 400: { message: 'pageSize: Too big: expected number to be <=100' }, 401: authRequired, 403: forbidden('discounts:read') },
  },
  promotionsGet: {
    parameters: { id: PROMOTION_ID },
    response: promotion,
    errors: { 400: { message: 'id: Invalid UUID' }, 401: authRequired, 403: forbidden('discounts:read'), 404: notFound },
  },
  promotionsCreate: {
    request: {
      kind: 'code',
      name: 'Summer 15 % off',
      discountType: 'percent',
      percentOff: 15,
      scope: 'categories',
      categoryIds: [CATEGORY_ID],
      minSubtotal: 5000,
      startsAt: '2026-06-01T00:00',
      endsAt: '2026-09-01T00:00',
      usageLimit: 500,
      perCustomerLimit: 1,
      code: 'summer15',
    },
    response: created,
    errors: {
      400: { message: 'percentOff: required for a percentage discount' },
      401: authRequired,
      403: forbidden('discounts:write'),
      409: { message: 'The code SUMMER15 already exists; choose another' },
    },
    omitErrors: [404],
  },
  promotionsUpdate: {
    parameters: { id: PROMOTION_ID },
    request: { active: false },
    response: { ...promotion, active: false, state: 'inactive' },
    errors: {
      400: { message: 'usageLimit: 87 uses are already taken; the limit cannot be lower' },
      401: authRequired,
      403: forbidden('discounts:write'),
      404: notFound,
      409: { message: 'The promotion was changed at the same time; reload it and try again' },
    },
  },
  promotionsGenerateCodes: {
    parameters: { id: PROMOTION_ID },
    request: { count: 3, prefix: 'XMAS' },
    response: { batchId: BATCH_ID, count: 3, codes: ['XMAS-7KQ2M9TPXA', 'XMAS-R4HWN8C3VE', 'XMAS-G6YD2QJ5BS'] },
    errors: { 400: { message: 'count: at most 10000 codes at a time' }, 401: authRequired, 403: forbidden('discounts:write'), 404: notFound },
    omitErrors: [409],
  },
  promotionsCodes: {
    parameters: { id: PROMOTION_ID, batchId: BATCH_ID, page: 1, pageSize: 100 },
    response: {
      items: [
        { code: 'XMAS-7KQ2M9TPXA', batchId: BATCH_ID, usageLimit: 1, used: 1, createdAt: '2026-11-20T10:00:00.000Z' },
        { code: 'XMAS-R4HWN8C3VE', batchId: BATCH_ID, usageLimit: 1, used: 0, createdAt: '2026-11-20T10:00:00.000Z' },
      ],
      total: 2,
      page: 1,
      pageSize: 100,
    },
    errors: { 401: authRequired, 403: forbidden('discounts:read'), 404: notFound },
  },
  promotionsExportCodes: {
    parameters: { id: PROMOTION_ID, batchId: BATCH_ID },
    response: {
      filename: 'codes-christmas-mailing-c3d4e5f6.csv',
      contentType: 'text/csv',
      csv: `code,batch_id,usage_limit,used,created_at\r\nXMAS-7KQ2M9TPXA,${BATCH_ID},1,1,2026-11-20T10:00:00.000Z\r\n`,
    },
    errors: { 401: authRequired, 403: forbidden('discounts:read'), 404: notFound },
  },
};

export const document: DomainDocument = {
  file: 'promotion_service_api.yaml',
  title: 'OmniCart promotions service API',
  description: [
    'Promotions (the promotions service), as served by the gateway under `/api/v1`: discount codes (percentage, fixed amount or free shipping; on the whole order, some categories or some products; minimum subtotal, start and end in store time, usage limits in all and per customer; one shared code or batches of unique single-use codes) and automatic promotions (the best single one applies by itself).',
    '',
    'Shoppers never call these routes to redeem: the quote (`POST /orders/quote`) and checkout (`POST /orders/checkout`, `POST /orders/guest-checkout`, `POST /orders`) take a `code`, and a code that does not apply is answered 409 with `details.reason` (unknown_code, inactive, expired, not_started, minimum_not_met, usage_limit_reached, not_applicable, already_used) before any charge.',
    '',
    'Staff routes need an access token from `POST /users/login` with `discounts:read` / `discounts:write`, sent as `Authorization: Bearer <token>`. Every error answers `{ "error": { "code", "message" } }`.',
    '',
    'Generated from the tRPC router (packages/api/src/promotions) by `npm run openapi`; do not edit by hand.',
  ].join('\n'),
  operationIdPrefix: 'promotions',
  tags: { promotions: 'Discount codes and automatic promotions.' },
  examples,
};
