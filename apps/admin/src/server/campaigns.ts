import 'server-only';
import type { Services } from './services';

/**
 * The store's time zone (orders' settings), which the campaign pages show times in and read the
 * "send at" in; UTC when the settings cannot be read (the page still works, and says the zone).
 */
export async function storeTimeZone(api: Services): Promise<string> {
  try {
    return (await api.orders.settings.query({})).timeZone;
  } catch {
    return 'UTC';
  }
}
