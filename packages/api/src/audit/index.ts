// audit: the audit log, an append-only read model of every staff and integration write. The public
// face: the manifest, the router type and the DTOs. Everything else is private (module.ts loads it
// when a process runs the domain).
import { catalogAudit } from '../catalog/index.js';
import { identityAudit } from '../identity/index.js';
import { inventoryAudit } from '../inventory/index.js';
import { ordersAudit } from '../orders/index.js';
import { promotionsAudit } from '../promotions/index.js';
import { defineConsumer, defineDomain, type LoadedDomain } from '../runtime/domain.js';
import { auditConfig } from './config.js';
import { auditEvents } from './events.js';
import type { AuditModuleOptions } from './module.js';

export type { AuditRouter } from './router.js';
export type { AuditEntryDto, AuditPage, ListAuditInput } from './schemas.js';

export const ENTRIES_CONSUMER = 'audit.entries';

/** Every domain's audit contract the log reads (a domain that starts recording adds its contract here). */
export const AUDIT_SOURCES = [identityAudit, catalogAudit, inventoryAudit, ordersAudit, promotionsAudit] as const;

export const manifest = defineDomain({
  name: 'audit',
  port: 4111,
  summary: 'The audit log: an append-only read model of every staff and integration write (who, when, what, before and after), fed by each domain’s audit_recorded events; read-only.',
  rest: ['audit'],
  config: auditConfig,
  publishes: auditEvents,
  consumers: [
    defineConsumer({
      name: ENTRIES_CONSUMER,
      events: AUDIT_SOURCES,
      summary: 'Stores every <domain>.audit_recorded event as an audit entry, once (keyed by the event id).',
    }),
  ],
  openapiFile: 'audit_service_api.yaml',
  load: async () => (await import('./module.js')).domainModule,
});

/** This domain ready to host with non-default options (tests); its code loads on demand, as with `manifest.load()`. */
export async function createAuditDomain(options: AuditModuleOptions = {}): Promise<LoadedDomain> {
  return { manifest, module: (await import('./module.js')).createAuditModule(options) as LoadedDomain['module'] };
}
