import { z } from 'zod';
import { numberedPageSchema, pageNumberSchema, pageSizeSchema, text } from '@omnicart/contracts';

/** zod schemas of the inventory API: input validation, output shapes and the OpenAPI source. */

export const MAX_ON_HAND = 1_000_000;
export const MAX_LINE_QUANTITY = 10_000;
export const MAX_TTL_SECONDS = 24 * 3600;
export const MAX_LOW_STOCK_THRESHOLD = 100_000;

export const skuSchema = text()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'SKU may contain letters, digits, ".", "_" and "-"')
  .describe('Stock keeping unit')
  .meta({ example: 'HPH-00001' });

export const RESERVATION_STATUSES = ['active', 'committed', 'released', 'expired', 'returned'] as const;
export const reservationStatusSchema = z.enum(RESERVATION_STATUSES);
export type ReservationStatus = z.infer<typeof reservationStatusSchema>;

export const MOVEMENT_KINDS = ['reserve', 'commit', 'release', 'expire', 'adjust', 'return'] as const;
export const movementKindSchema = z.enum(MOVEMENT_KINDS);
export type MovementKind = z.infer<typeof movementKindSchema>;

export const stockSchema = z
  .object({
    sku: z.string(),
    onHand: z.number().int().describe('Units physically in stock'),
    reserved: z.number().int().describe('Units held by active reservations'),
    available: z.number().int().describe('onHand - reserved: what can still be reserved'),
  })
  .meta({ example: { sku: 'HPH-00001', onHand: 42, reserved: 3, available: 39 } });
export type StockDto = z.infer<typeof stockSchema>;

export const skuInput = z.object({ sku: skuSchema });

export const setStockInput = z
  .object({
  sku: skuSchema,
  onHand: z
    .number()
    .int('onHand must be an integer')
    .min(0, 'onHand must be >= 0')
    .max(MAX_ON_HAND, `onHand must be <= ${MAX_ON_HAND}`)
    .optional()
    .describe('The new number of units on hand (omitted: unchanged, to set only lowStockThreshold)'),
  reason: text().trim().min(1).max(200).optional().describe('Kept in the movement history (e.g. "stock count", "damaged")'),
  lowStockThreshold: z
    .number()
    .int('lowStockThreshold must be an integer')
    .min(0, 'lowStockThreshold must be >= 0')
    .max(MAX_LOW_STOCK_THRESHOLD, `lowStockThreshold must be <= ${MAX_LOW_STOCK_THRESHOLD}`)
    .optional()
    .describe('The SKU is low on stock when available falls to or below this (default 5 for a new SKU; omitted: unchanged)'),
})
  .refine((input) => input.onHand !== undefined || input.lowStockThreshold !== undefined, {
    message: 'Give onHand, lowStockThreshold or both',
    path: ['onHand'],
  });
export type SetStockInput = z.output<typeof setStockInput>;

export const movementSchema = z.object({
  id: z.string().describe('Movement id (grows with time)'),
  sku: z.string(),
  kind: movementKindSchema,
  quantity: z.number().int().describe('Signed change: of reserved for reserve/release/expire, of onHand for commit/return/adjust'),
  onHandAfter: z.number().int(),
  reservedAfter: z.number().int(),
  reason: z.string().nullable(),
  actor: z.string().describe('"admin:<userId>", "service:<name>", "sweeper" or "seed"'),
  reservationId: z.string().nullable(),
  createdAt: z.string().describe('ISO-8601 timestamp'),
});
export type MovementDto = z.infer<typeof movementSchema>;

export const listMovementsInput = z.object({
  sku: skuSchema,
  limit: z.coerce.number().int().min(1).max(100).default(50).describe('Page size, 1-100'),
  cursor: text()
    .regex(/^[0-9]{1,19}$/, 'cursor must be the nextCursor of a previous page')
    .optional()
    .describe('nextCursor of the previous page'),
});
export type ListMovementsInput = z.output<typeof listMovementsInput>;

export const movementPageSchema = z.object({
  items: z.array(movementSchema).describe('Newest first'),
  nextCursor: z.string().nullable().describe('Pass as cursor for the next (older) page; null on the last page'),
});
export type MovementPage = z.infer<typeof movementPageSchema>;

export const reservationLineSchema = z.object({
  sku: skuSchema,
  quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY),
});
export type ReservationLine = z.infer<typeof reservationLineSchema>;

export const reserveInput = z.object({
  reservationId: z.uuid().describe('Chosen by the caller (e.g. per order): repeating it returns the same reservation'),
  lines: z.array(reservationLineSchema).min(1).max(100),
  ttlSeconds: z.number().int().min(1).max(MAX_TTL_SECONDS).optional().describe('Default RESERVATION_TTL_SECONDS (15 minutes)'),
});
export type ReserveInput = z.output<typeof reserveInput>;

export const reservationSchema = z.object({
  reservationId: z.uuid(),
  status: reservationStatusSchema,
  expiresAt: z.string().describe('ISO-8601 timestamp'),
  lines: z.array(z.object({ sku: z.string(), quantity: z.number().int() })),
});
export type ReservationDto = z.infer<typeof reservationSchema>;

export const reservationRefInput = z.object({ reservationId: z.uuid() });
export const reservationReasonInput = z.object({
  reservationId: z.uuid(),
  reason: text().trim().min(1).max(200).default('unspecified'),
});

export const commitOutput = z.object({ reservationId: z.uuid(), status: z.literal('committed') });
export const releaseOutput = z.object({ reservationId: z.uuid(), status: z.enum(['released', 'expired']) });
export const restockOutput = z.object({ reservationId: z.uuid(), status: z.literal('returned') });


// ---------------------------------------------------------------------------------------------
// Merchant admin: the stock table

export const STOCK_LIST_SORTS = ['sku_asc', 'available_asc', 'available_desc'] as const;
export type StockListSort = (typeof STOCK_LIST_SORTS)[number];

export const listStockInput = z
  .object({
    q: text()
      .trim()
      .max(64)
      .regex(/^[A-Za-z0-9._-]*$/, 'q: a SKU prefix (letters, digits, ".", "_" and "-")')
      .optional()
      .describe('SKU prefix, case-insensitive'),
    lowStock: z.boolean().optional().describe('true: only SKUs whose available units are at or below their low-stock threshold'),
    sort: z.enum(STOCK_LIST_SORTS).default('sku_asc').describe('sku_asc (default), available_asc or available_desc; ties by SKU'),
    page: pageNumberSchema.default(1),
    pageSize: pageSizeSchema.default(20),
  })
  .default({ sort: 'sku_asc', page: 1, pageSize: 20 });
export type ListStockInput = z.output<typeof listStockInput>;

export const stockLevelSchema = z.object({
  sku: z.string(),
  onHand: z.number().int(),
  reserved: z.number().int(),
  available: z.number().int().describe('onHand - reserved'),
  lowStockThreshold: z.number().int().describe('Low on stock when available is at or below this'),
  updatedAt: z.string().describe('ISO-8601 timestamp of the last change of the SKU\'s row'),
});
export type StockLevelDto = z.infer<typeof stockLevelSchema>;

export const stockPageSchema = numberedPageSchema(stockLevelSchema);
export type StockPage = z.infer<typeof stockPageSchema>;
