import type { JobSchedule } from '../../runtime/domain.js';
import type { Campaigns } from '../campaigns.js';

/** `notifications.campaigns`: sends scheduled campaigns whose time has come (and resumes one a crashed replica left half-way). */
export function campaignsJob(campaigns: Pick<Campaigns, 'sendDue'>, everyMs: number): JobSchedule {
  return { everyMs, exclusive: true, run: () => campaigns.sendDue() };
}
