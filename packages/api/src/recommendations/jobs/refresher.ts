import type { JobSchedule } from '../../runtime/domain.js';
import type { ModelBuilder } from '../builder.js';

/**
 * `recommendations.refresher`: every RECS_REFRESH_EVERY, the lists of the products new purchases,
 * views and catalog changes touched. Not exclusive: replicas claim different products (SKIP LOCKED).
 */
export function refresherJob(builder: Pick<ModelBuilder, 'refresh'>, everyMs: number): JobSchedule {
  return { everyMs, run: () => builder.refresh() };
}
