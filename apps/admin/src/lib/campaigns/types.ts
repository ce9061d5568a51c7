import type { BadgeTone } from '@omnicart/ui';
import type { NotificationsRouter } from '@omnicart/api';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

/** Types only, from the notifications router (@omnicart/api). */
type NotificationsIn = inferRouterInputs<NotificationsRouter>;
type NotificationsOut = inferRouterOutputs<NotificationsRouter>;

export type Campaign = NotificationsOut['campaign'];
export type CampaignPage = NotificationsOut['campaigns'];
export type CampaignInput = NotificationsIn['createCampaign'];
export type CampaignSegment = Campaign['segment'];
export type CampaignStatus = Campaign['status'];
export type CampaignPreview = NotificationsOut['previewCampaign'];
export type CampaignPromotion = NonNullable<Campaign['promotion']>;
/** A code promotion a campaign can carry, as the promotion picker offers it. */
export type CampaignPromotionChoice = NotificationsOut['campaignPromotions']['items'][number];

/** A category as the segment picker offers it. */
export interface CategoryOption {
  value: string;
  label: string;
}

export const CAMPAIGN_STATUS_LABELS: Record<CampaignStatus, string> = {
  draft: 'Draft',
  scheduled: 'Scheduled',
  sending: 'Sending',
  sent: 'Sent',
  cancelled: 'Cancelled',
};

export const CAMPAIGN_STATUS_TONES: Record<CampaignStatus, BadgeTone> = {
  draft: 'neutral',
  scheduled: 'info',
  sending: 'warning',
  sent: 'success',
  cancelled: 'neutral',
};

/** Draft and scheduled campaigns can still be changed, sent or cancelled. */
export function isEditable(status: CampaignStatus): boolean {
  return status === 'draft' || status === 'scheduled';
}
