import type { Logger } from 'pino';
import type { JobSchedule } from '../../runtime/domain.js';
import type { CartService } from '../service.js';

/**
 * Deletes guest carts idle for 30 days (they are invisible from their expiry on: every access
 * checks it). One replica at a time is enough.
 */
export function expiredCartsJob(service: Pick<CartService, 'sweepExpired'>, everyMs: number, logger: Logger): JobSchedule {
  return {
    everyMs,
    exclusive: true,
    async run() {
      const deleted = await service.sweepExpired();
      if (deleted > 0) logger.info({ domain: 'cart', deleted }, 'expired guest carts deleted');
      return deleted;
    },
  };
}
