import type { JobSchedule } from '../../runtime/domain.js';
import type { ModelBuilder } from '../builder.js';

/**
 * `recommendations.rebuild`: at start (the cold start: the catalog's facts synced) and every
 * RECS_REBUILD_EVERY, every list recomputed from every signal. Exclusive: one replica at a time.
 */
export function rebuildJob(builder: Pick<ModelBuilder, 'rebuild'>, everyMs: number): JobSchedule {
  return { everyMs, exclusive: true, runAtStart: true, run: () => builder.rebuild() };
}
