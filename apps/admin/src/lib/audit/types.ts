import type { AuditRouter } from '@omnicart/api';
import type { inferRouterOutputs } from '@trpc/server';

/** Types only, from the audit router (@omnicart/api). */
type AuditOut = inferRouterOutputs<AuditRouter>;
export type AuditPage = AuditOut['list'];
export type AuditEntry = AuditPage['items'][number];

/** An entity's history as its page shows it: hidden without `audit:read`, unavailable when the audit service does not answer. */
export type EntityHistoryData = { state: 'hidden' } | { state: 'unavailable' } | { state: 'ok'; page: AuditPage };
