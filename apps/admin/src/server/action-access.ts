import type { Permission } from '@omnicart/contracts';
import { serviceStatus } from '@omnicart/bff';
import { getAdminContext } from './context';

/**
 * What every form action of the admin starts and ends with: the staff member may write (signed in,
 * holding the permission), and a service's refusal in their words (403/401/404, or the service's
 * own 400/409/422 message to show beside the field).
 */

export const SESSION_ENDED = 'Your session has ended. Sign in again to continue.';
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The signed-in staff member's context when they hold `permission`; else why not. */
export async function writerWith(permission: Permission, verb: string) {
  const context = await getAdminContext();
  if (!context.user) return { refused: SESSION_ENDED };
  if (!context.staff?.permissions.includes(permission)) return { refused: `You don't have permission to ${verb}.` };
  return { context };
}

/** A service refusal in the staff member's words (null: not a refusal, something broke). `thing`: "the promotion". */
export function refusalOf(error: unknown, verb: string, thing: string): { message: string; status: number } | null {
  const status = serviceStatus(error);
  const message = error instanceof Error ? error.message : '';
  if (status === 403) return { status, message: `You don't have permission to ${verb}.` };
  if (status === 401) return { status, message: SESSION_ENDED };
  if (status === 404) return { status, message: `Could not ${verb}: ${thing} no longer exists.` };
  if (status === 400 || status === 409 || status === 422) return { status, message };
  return null;
}
