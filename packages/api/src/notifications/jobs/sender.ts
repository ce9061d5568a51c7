import type { JobSchedule } from '../../runtime/domain.js';
import type { Sender } from '../sender.js';

/**
 * `notifications.sender`: a round of the send queue every NOTIFICATIONS_POLL_MS, besides the wake-ups
 * consumers give it. Not exclusive: replicas share the queue (SKIP LOCKED) and each paces its own sends.
 */
export function senderJob(sender: Pick<Sender, 'drain'>, everyMs: number): JobSchedule {
  return { everyMs, runAtStart: true, run: () => sender.drain() };
}
