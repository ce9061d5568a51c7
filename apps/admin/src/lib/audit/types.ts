import type { AuditRouter } from '@omnicart/api';
import type { inferRouterOutputs } from '@trpc/server';

/** Types only, from the audit router (@omnicart/api). */
type AuditOut = inferRouterOutputs<AuditRouter>;
export type AuditPage = AuditOut['list'];
export type AuditEntry = AuditPage['items'][number];
