import 'server-only';
import { getServerApi, getViewer } from '@/server/caller';

/**
 * Is this request signed in with a session the services still accept? The sign-in and sign-up
 * pages send signed-in shoppers on, but a session whose access token identity now refuses (key
 * rotation, account changes) looks signed in to the cookie alone: the account pages send it to
 * /login on 401, and /login must then show the form instead of sending it back (a redirect loop).
 * Identity unreachable: trust the cookie (the pages on the other side say what is wrong).
 */
export async function hasUsableSession(): Promise<boolean> {
  if (!(await getViewer())) return false;
  try {
    await (await getServerApi()).account.me();
    return true;
  } catch (error) {
    return (error as { code?: string } | null)?.code !== 'UNAUTHORIZED';
  }
}
