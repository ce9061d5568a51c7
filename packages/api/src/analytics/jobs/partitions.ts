import type { JobSchedule } from '../../runtime/domain.js';
import type { AnalyticsService } from '../service.js';

/**
 * `analytics.partitions`: behaviour_events' monthly partitions for this month and the next two, and
 * the drop of those older than ANALYTICS_RETENTION_MONTHS (with their dedupe ids). Exclusive: one
 * replica at a time.
 */
export function partitionsJob(service: Pick<AnalyticsService, 'maintainPartitions'>, everyMs: number): JobSchedule {
  return { everyMs, exclusive: true, runAtStart: true, run: () => service.maintainPartitions() };
}
