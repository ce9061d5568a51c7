import { z } from 'zod';
import { AUDIT_ENTITY_TYPES, auditChangeSchema, numberedPageSchema, pageNumberSchema, pageSizeSchema, text } from '@omnicart/contracts';

/**
 * The audit log's request and response shapes: the tRPC validators and the OpenAPI source. Read
 * only: nothing here describes a write (entries arrive as events; see the README).
 */

const EXAMPLE_ENTRY = {
  id: '0193b7a4-5c2e-7d10-9a4b-3c1f2e0d9a87',
  occurredAt: '2026-12-07T14:05:09.120Z',
  domain: 'catalog',
  entityType: 'product',
  entityId: '3f0c4a52-8a8e-4c0b-9f7e-2a1d7c9b6e11',
  action: 'updated',
  label: 'Sonora Headphones',
  changes: [{ field: 'price', before: 12999, after: 11999 }],
  actor: { type: 'user', id: '8d1f7c9e-2b3a-4c5d-9e0f-1a2b3c4d5e6f', email: 'admin@omnicart.test' },
  requestId: 'req-5b8e2c1d',
} as const;

export const entityTypeSchema = z.enum(AUDIT_ENTITY_TYPES).meta({ description: 'What kind of entity changed', example: 'product' });

export const auditActorSchema = z
  .object({
    type: z.enum(['user', 'service']).nullable().meta({ description: '`user`: a staff member; `service`: a job, a consumer or an integration; null when unknown' }),
    id: z.string().nullable().meta({ description: 'The user id or the service name' }),
    email: z.string().nullable().meta({ description: 'The staff member’s e-mail at the time (null for a service)' }),
  })
  .meta({ id: 'AuditActor' });

export const auditEntrySchema = z
  .object({
    id: z.string().meta({ format: 'uuid', description: 'The id of the audit_recorded event that carried the entry' }),
    occurredAt: z.string().meta({ format: 'date-time', description: 'When the change was committed (ISO 8601, UTC)' }),
    domain: z.string().meta({ description: 'The domain that owns the entity and recorded the change' }),
    entityType: entityTypeSchema,
    entityId: z.string(),
    action: z.string().meta({ description: 'What happened: created, updated, status_changed, refunded, disabled, …' }),
    label: z.string().meta({ description: 'A human label of the entity at the time (a product name, an order number, an e-mail)' }),
    changes: z.array(auditChangeSchema).meta({ description: 'The changed fields, before and after' }),
    actor: auditActorSchema,
    requestId: z.string().nullable().meta({ description: 'The request that made the change (X-Request-Id); null outside a request' }),
  })
  .meta({ id: 'AuditEntry', example: EXAMPLE_ENTRY });
export type AuditEntryDto = z.infer<typeof auditEntrySchema>;

const bound = (edge: 'from' | 'to') =>
  text()
    .trim()
    .max(64)
    .optional()
    .describe(
      edge === 'from'
        ? 'Occurred on or after: a day YYYY-MM-DD (from its start, UTC) or an ISO timestamp'
        : 'Occurred on or before: a day YYYY-MM-DD (that whole day, UTC) or an ISO timestamp (inclusive)',
    );

/** The log's filters, shared by the numbered pages and the export's keyset pages. */
const auditFilters = {
  actorId: text().trim().max(200).optional().describe('Only entries by this actor (a user id or a service name)'),
  actorEmail: text().trim().max(320).optional().describe('Only entries by this staff e-mail (exact, case-insensitive)'),
  entityType: entityTypeSchema.optional(),
  entityId: text().trim().max(200).optional().describe('Only entries about this entity: its id (a SKU for stock)'),
  from: bound('from'),
  to: bound('to'),
};

/** GET /audit: the log, newest first, a numbered page. */
export const listAuditInput = z
  .object({
    ...auditFilters,
    page: pageNumberSchema.default(1),
    pageSize: pageSizeSchema.default(20),
  })
  .default({ page: 1, pageSize: 20 });
export type ListAuditInput = z.output<typeof listAuditInput>;

export const auditPageSchema = numberedPageSchema(auditEntrySchema).meta({ id: 'AuditPage' });
export type AuditPage = z.infer<typeof auditPageSchema>;

/** Most entries one export page carries. */
export const MAX_AUDIT_EXPORT_PAGE = 1_000;

/**
 * GET /audit/export: the log's filters, newest first, walked with a keyset cursor on (occurredAt, id)
 * instead of page numbers, so reading every page of 100,000 entries costs one pass, not a growing
 * OFFSET per page (and entries arriving meanwhile never shift it).
 */
export const exportAuditInput = z
  .object({
    ...auditFilters,
    after: text().max(300).optional().describe('`nextCursor` of the previous page (absent: the first page)'),
    limit: z.number().int().min(1).max(MAX_AUDIT_EXPORT_PAGE).default(500).describe(`Entries per page, 1-${MAX_AUDIT_EXPORT_PAGE} (default 500)`),
  })
  .default({ limit: 500 });
export type ExportAuditInput = z.output<typeof exportAuditInput>;

export const auditExportPageSchema = z
  .object({
    items: z.array(auditEntrySchema),
    nextCursor: z.string().nullable().describe('Pass as `after` for the next page; null after the last one'),
  })
  .meta({ id: 'AuditExportPage' });
export type AuditExportPage = z.infer<typeof auditExportPageSchema>;

/** GET /audit/entities/{entityType}/{entityId}: one entity's history, newest first. */
export const entityHistoryInput = z.object({
  entityType: entityTypeSchema,
  entityId: text().trim().min(1, { message: 'Entity id is required' }).max(200),
  page: pageNumberSchema.default(1),
  pageSize: pageSizeSchema.default(20),
});
export type EntityHistoryInput = z.output<typeof entityHistoryInput>;
