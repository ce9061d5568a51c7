import type { Logger } from 'pino';
import type { JobSchedule } from '../../runtime/domain.js';
import type { IdentityService } from '../service.js';

const PURGE_EVERY_MS = 60 * 60_000;

/** Hourly: refresh tokens and reset links long expired, login failures and reset requests outside their throttle windows go. */
export function purgeStaleJob(service: Pick<IdentityService, 'purgeStale'>, logger: Logger): JobSchedule {
  return {
    everyMs: PURGE_EVERY_MS,
    exclusive: true,
    async run() {
      const purged = await service.purgeStale();
      logger.debug(purged, 'identity: purged stale refresh tokens, reset links, login failures and reset requests');
      return purged;
    },
  };
}
