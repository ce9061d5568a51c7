import type { JobSchedule } from '../../runtime/domain.js';
import type { InventoryService } from '../service.js';

/**
 * Releases reservations past their expiry (their checkout never committed nor released them).
 * Replicas may sweep side by side: each batch is claimed FOR UPDATE SKIP LOCKED.
 */
export function reservationSweeperJob(service: Pick<InventoryService, 'sweepOnce'>, everyMs: number): JobSchedule {
  return { everyMs, run: () => service.sweepOnce() };
}
