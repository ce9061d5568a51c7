import type { Metadata } from 'next';
import Link from 'next/link';
import { CampaignEditor } from '@/components/campaigns/CampaignEditor';
import { categoryOptions, EMPTY_CAMPAIGN_FORM } from '@/lib/campaigns/forms';
import { previewCampaign, saveCampaign } from '@/server/campaign-actions';
import { requireSection } from '@/server/guard';

export const metadata: Metadata = { title: 'New campaign' };

/** A new campaign (campaigns:write): the form beside its live preview; saved as a draft. */
export default async function NewCampaignPage() {
  const { api } = await requireSection('campaigns');
  const categories = categoryOptions(await api.catalog.categories.query());
  return (
    <div className="stack">
      <p>
        <Link href="/campaigns">← All campaigns</Link>
      </p>
      <h1 className="page-title">New campaign</h1>
      <CampaignEditor id={null} initial={EMPTY_CAMPAIGN_FORM} categories={categories} action={saveCampaign} preview={previewCampaign} />
    </div>
  );
}
