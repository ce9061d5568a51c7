import type { Logger } from 'pino';
import type { JobSchedule } from '../../runtime/domain.js';
import type { IdentityService } from '../service.js';

const PURGE_EVERY_MS = 60 * 60_000;

/** Hourly: refresh tokens long expired and login failures outside the throttle window go. */
export function purgeStaleJob(service: Pick<IdentityService, 'purgeStale'>, logger: Logger): JobSchedule {
  return {
    everyMs: PURGE_EVERY_MS,
    exclusive: true,
    async run() {
      const purged = await service.purgeStale();
      logger.debug(purged, 'identity: purged stale refresh tokens and login failures');
      return purged;
    },
  };
}
