import { serviceStatus } from '@omnicart/bff';
import { Alert, Badge } from '@omnicart/ui';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { CampaignEditor } from '@/components/campaigns/CampaignEditor';
import { CampaignStats } from '@/components/campaigns/CampaignStats';
import { RefreshWhileSending } from '@/components/campaigns/RefreshWhileSending';
import { CancelCampaign, SendOrSchedule, TestSend } from '@/components/campaigns/SendPanel';
import styles from '@/components/campaigns/campaigns.module.css';
import { categoryOptions, formValuesOfCampaign, segmentInWords } from '@/lib/campaigns/forms';
import { storeDateTime, storeTimeInputValue } from '@/lib/campaigns/store-time';
import { CAMPAIGN_STATUS_LABELS, CAMPAIGN_STATUS_TONES, isEditable, type Campaign } from '@/lib/campaigns/types';
import { first, type SearchParams } from '@/lib/url-state';
import { cancelCampaign, previewCampaign, saveCampaign, scheduleCampaign, sendTestCampaign } from '@/server/campaign-actions';
import { campaignPromotionChoices, storeTimeZone } from '@/server/campaigns';
import { orForbidden, requireSection } from '@/server/guard';

export const metadata: Metadata = { title: 'Campaign' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The saved campaign as notifications' input (for its preview and recipient count). */
function inputOf(campaign: Campaign) {
  const { name, subject, bodyMarkdown, ctaLabel, ctaUrl, segment, promotion } = campaign;
  return { name, subject, bodyMarkdown, ctaLabel, ctaUrl, segment, promotion: promotion ? { promotionId: promotion.promotionId, codes: promotion.codes } : null };
}

/** The code it carries, in words: "Unique single-use codes of Thanks (20 % off)", "Shared code SAVE5 (Five off, $5.00 off)". */
function codeInWords(promotion: Campaign['promotion']): string | null {
  if (!promotion) return null;
  return promotion.codes === 'unique'
    ? `Unique single-use codes of ${promotion.name} (${promotion.label}), one per recipient`
    : `Shared code ${promotion.code ?? ''} (${promotion.name}, ${promotion.label})`;
}

/** Being sent, or due (the campaign job takes it within seconds): the page re-reads itself. */
function goingOut(campaign: Campaign): boolean {
  return campaign.status === 'sending' || (campaign.status === 'scheduled' && campaign.scheduledAt !== null && Date.parse(campaign.scheduledAt) <= Date.now());
}

/** One line on where the campaign stands, in the store's time zone. */
function timeline(campaign: Campaign, timeZone: string): string {
  const parts = [`Created ${storeDateTime(campaign.createdAt, timeZone)}`];
  if (campaign.status === 'scheduled' && campaign.scheduledAt) parts.push(`scheduled for ${storeDateTime(campaign.scheduledAt, timeZone)}`);
  if (campaign.startedAt) parts.push(`started ${storeDateTime(campaign.startedAt, timeZone)}`);
  if (campaign.finishedAt) parts.push(`finished ${storeDateTime(campaign.finishedAt, timeZone)}`);
  if (campaign.status === 'cancelled') parts.push('cancelled');
  return parts.join(' · ');
}

/**
 * A campaign (campaigns:write). Draft or scheduled: the form with its live preview, a test copy,
 * send now or schedule (after a confirmation with the recipient count) and cancel. Sending, sent
 * or cancelled: read-only, the e-mail as sent and its stats (re-read every few seconds while sending).
 */
export default async function CampaignPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> }) {
  const { api, user } = await requireSection('campaigns');
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const query = await searchParams;
  const [campaign, tree, timeZone, promotions] = await Promise.all([
    orForbidden(api.notifications.campaign.query({ id })).catch((error: unknown) => {
      if (serviceStatus(error) === 404) notFound();
      throw error;
    }),
    api.catalog.categories.query(),
    storeTimeZone(api),
    campaignPromotionChoices(api),
  ]);
  const categories = categoryOptions(tree);
  const editable = isEditable(campaign.status);
  // The saved version's rendering and who it reaches now (null: the preview refused or failed).
  const saved = await api.notifications.previewCampaign.mutate(inputOf(campaign)).catch(() => null);

  return (
    <div className="stack">
      <p>
        <Link href="/campaigns">← All campaigns</Link>
      </p>
      <div className="page-header">
        <h1 className="page-title">{campaign.name}</h1>
        <Badge tone={CAMPAIGN_STATUS_TONES[campaign.status]}>{CAMPAIGN_STATUS_LABELS[campaign.status]}</Badge>
      </div>
      <p className="muted">
        {timeline(campaign, timeZone)} · {segmentInWords(campaign.segment, categories)}
        {campaign.promotion ? ` · ${codeInWords(campaign.promotion)}` : ''}
      </p>
      {first(query, 'created') ? <Alert tone="success">Campaign saved as a draft.</Alert> : null}
      {goingOut(campaign) ? <RefreshWhileSending /> : null}
      {campaign.status === 'draft' ? null : <CampaignStats stats={campaign.stats} withCode={campaign.promotion !== null} />}
      {editable ? (
        <>
          <CampaignEditor id={campaign.id} initial={formValuesOfCampaign(campaign)} categories={categories} promotions={promotions} action={saveCampaign} preview={previewCampaign} />
          <section className="panel stack" aria-label="Test, send and cancel">
            <TestSend id={campaign.id} email={user?.email ?? ''} action={sendTestCampaign} />
            <SendOrSchedule
              id={campaign.id}
              recipients={saved?.recipients ?? null}
              timeZone={timeZone}
              scheduledFor={campaign.status === 'scheduled' && campaign.scheduledAt ? storeTimeInputValue(campaign.scheduledAt, timeZone) : null}
              action={scheduleCampaign}
            />
            <CancelCampaign id={campaign.id} action={cancelCampaign} />
          </section>
        </>
      ) : (
        <section className="panel stack" aria-labelledby="campaign-content-title">
          <h2 id="campaign-content-title" className="section-title">
            The e-mail
          </h2>
          <p>
            <strong>Subject:</strong> {campaign.subject}
          </p>
          {campaign.ctaLabel && campaign.ctaUrl ? (
            <p>
              <strong>Button:</strong> {campaign.ctaLabel} → {campaign.ctaUrl}
            </p>
          ) : null}
          {saved ? <iframe className={styles.frame} title="The e-mail as customers got it" sandbox="" srcDoc={saved.html} referrerPolicy="no-referrer" /> : <pre>{campaign.bodyMarkdown}</pre>}
        </section>
      )}
    </div>
  );
}
