import 'server-only';
import type { CampaignPromotionChoice } from '@/lib/campaigns/types';
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

/**
 * The code promotions a campaign can carry (running or scheduled), for the editor's picker; null
 * when notifications or promotions cannot list them (the editor then takes the promotion's id).
 */
export async function campaignPromotionChoices(api: Services): Promise<CampaignPromotionChoice[] | null> {
  try {
    return (await api.notifications.campaignPromotions.query()).items;
  } catch (error) {
    console.error('campaign promotions could not be listed', error);
    return null;
  }
}
