/**
 * The audit domain announces nothing: it is a read model of the other domains' `<domain>.audit_recorded`
 * events (its consumer, consumers/entries.ts). Its outbox exists as every domain's does.
 */
export const auditEvents = [] as const;
