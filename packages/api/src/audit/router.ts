import type { Logger } from 'pino';
import type { DeadLetterStore } from '../events/index.js';
import { router, staffProcedure } from '../runtime/trpc.js';
import { createDeadLettersRouter } from './dead-letters.js';
import { auditExportPageSchema, auditPageSchema, entityHistoryInput, exportAuditInput, listAuditInput } from './schemas.js';
import type { AuditService } from './service.js';

const tags = ['audit'];

/**
 * Thin: validate, call the service. REST paths are relative to /api/v1. Reads only: entries are
 * written by the domains that own the changes (their audit_recorded events), never through an API,
 * and no procedure edits or deletes one.
 */
export function createAuditRouter(service: AuditService, deadLetters: DeadLetterStore, logger: Logger) {
  return router({
    /** Operations: the event bus's dead letters (events:manage), see dead-letters.ts. */
    deadLetters: createDeadLettersRouter(deadLetters, logger),

    list: staffProcedure('audit:read')
      .meta({
        openapi: {
          method: 'GET',
          path: '/audit',
          tags,
          summary: 'The audit log, a numbered page (audit:read)',
          description:
            'Every write made by staff or an integration, newest first, filtered by actor (`actorId` or `actorEmail`), `entityType`, `entityId` and date (`from`, `to`), with the total. Read only: there is no API that writes, edits or deletes an entry.',
          protect: true,
          successDescription: 'A page of audit entries',
          errorResponses: { 400: 'Invalid filter', 401: 'Missing or invalid access token', 403: 'The token lacks audit:read' },
        },
      })
      .input(listAuditInput)
      .output(auditPageSchema)
      .query(({ input }) => service.list(input)),

    export: staffProcedure('audit:read')
      .meta({
        openapi: {
          method: 'GET',
          path: '/audit/export',
          tags,
          summary: 'Every audit entry matching the log’s filters, in keyset pages (audit:read)',
          description:
            'The same filters as `/audit`, newest first, for reading all matches (the admin’s CSV export): `limit` entries per page (1-1000, default 500) ' +
            'and `nextCursor` to pass as `after` for the next page, null after the last. Each page costs the same however deep it is, and entries ' +
            'recorded during the walk never shift it (none is skipped or repeated). An altered cursor is 400.',
          protect: true,
          successDescription: 'A page of audit entries and the cursor of the next',
          errorResponses: { 400: 'Invalid filter, limit or cursor', 401: 'Missing or invalid access token', 403: 'The token lacks audit:read' },
        },
      })
      .input(exportAuditInput)
      .output(auditExportPageSchema)
      .query(({ input }) => service.exportPage(input)),

    forEntity: staffProcedure('audit:read')
      .meta({
        openapi: {
          method: 'GET',
          path: '/audit/entities/{entityType}/{entityId}',
          tags,
          summary: 'One entity’s history (audit:read)',
          description: 'The audit entries of one entity (a product, an order, a SKU’s stock, a customer, …), newest first, with the total.',
          protect: true,
          successDescription: 'A page of the entity’s audit entries',
          errorResponses: { 400: 'Invalid entity type or id', 401: 'Missing or invalid access token', 403: 'The token lacks audit:read' },
        },
      })
      .input(entityHistoryInput)
      .output(auditPageSchema)
      .query(({ input }) => service.forEntity(input)),
  });
}

export type AuditRouter = ReturnType<typeof createAuditRouter>;
