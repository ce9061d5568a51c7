import type { Metadata } from 'next';
import Link from 'next/link';
import { CampaignEditor } from '@/components/campaigns/CampaignEditor';
import { categoryOptions, EMPTY_CAMPAIGN_FORM } from '@/lib/campaigns/forms';
import { previewCampaign, saveCampaign } from '@/server/campaign-actions';
import { campaignPromotionChoices } from '@/server/campaigns';
import { requireSection } from '@/server/guard';

export const metadata: Metadata = { title: 'New campaign' };

/** A new campaign (campaigns:write): the form beside its live preview; saved as a draft. */
export default async function NewCampaignPage() {
  const { api } = await requireSection('campaigns');
  const [tree, promotions] = await Promise.all([api.catalog.categories.query(), campaignPromotionChoices(api)]);
  const categories = categoryOptions(tree);
  return (
    <div className="stack">
      <p>
        <Link href="/campaigns">← All campaigns</Link>
      </p>
      <h1 className="page-title">New campaign</h1>
      <CampaignEditor id={null} initial={EMPTY_CAMPAIGN_FORM} categories={categories} promotions={promotions} action={saveCampaign} preview={previewCampaign} />
    </div>
  );
}
