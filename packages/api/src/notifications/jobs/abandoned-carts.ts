import type { JobSchedule } from '../../runtime/domain.js';
import type { Alerts } from '../alerts.js';

/** `notifications.abandoned-carts`: one replica at a time looks for carts untouched for ABANDONED_CART_AFTER. */
export function abandonedCartsJob(alerts: Pick<Alerts, 'remindAbandonedCarts'>, everyMs: number): JobSchedule {
  return { everyMs, exclusive: true, run: () => alerts.remindAbandonedCarts() };
}
