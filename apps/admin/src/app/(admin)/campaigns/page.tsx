import { ADMIN_PAGE_SIZES } from '@omnicart/contracts';
import { Badge } from '@omnicart/ui';
import type { Metadata } from 'next';
import Link from 'next/link';
import { ListTotal } from '@/components/ListControls';
import { Pager } from '@/components/Pager';
import { campaignListParams, categoryOptions, segmentInWords } from '@/lib/campaigns/forms';
import { storeDateTime } from '@/lib/campaigns/store-time';
import { money } from '@/lib/format';
import { CAMPAIGN_STATUS_LABELS, CAMPAIGN_STATUS_TONES, type Campaign } from '@/lib/campaigns/types';
import type { SearchParams } from '@/lib/url-state';
import { sectionById } from '@/sections';
import { storeTimeZone } from '@/server/campaigns';
import { orForbidden, requireSection } from '@/server/guard';

export const metadata: Metadata = { title: sectionById('campaigns').label };

/** When it went or goes out: sent or being sent (its start), scheduled (the time), else nothing yet. */
function whenOf(campaign: Campaign, timeZone: string): string {
  if (campaign.startedAt) return `Sent ${storeDateTime(campaign.startedAt, timeZone)}`;
  if (campaign.status === 'scheduled' && campaign.scheduledAt) return `Scheduled ${storeDateTime(campaign.scheduledAt, timeZone)}`;
  return '—';
}

/** Every campaign, newest first (notifications.campaigns), numbered pages, and "New campaign". */
export default async function CampaignsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { api } = await requireSection('campaigns');
  const { page, pageSize } = campaignListParams(await searchParams, ADMIN_PAGE_SIZES);
  const [result, tree, timeZone] = await Promise.all([orForbidden(api.notifications.campaigns.query({ page, pageSize })), api.catalog.categories.query(), storeTimeZone(api)]);
  const categories = categoryOptions(tree);
  const query = (target: number) => `/campaigns?${new URLSearchParams({ page: String(target), ...(pageSize === 20 ? {} : { pageSize: String(pageSize) }) })}`;

  return (
    <div className="stack">
      <div className="page-header">
        <h1 className="page-title">Campaigns</h1>
        <Link className="oc-button oc-button--primary oc-button--sm" href="/campaigns/new">
          New campaign
        </Link>
      </div>
      <p className="muted">Marketing e-mails to customers who opted in. Times in the store&apos;s time zone ({timeZone}).</p>
      <ListTotal noun={{ one: 'campaign', many: 'campaigns', none: 'No campaigns yet: write the first one.' }} result={result} filtered={false} />
      {result.items.length ? (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="oc-visually-hidden">Campaigns, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col">Audience</th>
                <th scope="col">Sent or scheduled</th>
                <th scope="col" className="num">Recipients</th>
                <th scope="col" className="num">Sent</th>
                <th scope="col" className="num">Failed / bounced</th>
                <th scope="col" className="num">Unsubscribed</th>
                <th scope="col" className="num">Redemptions</th>
                <th scope="col" className="num">Revenue</th>
              </tr>
            </thead>
            <tbody>
              {result.items.map((campaign) => (
                <tr key={campaign.id}>
                  <th scope="row">
                    <Link href={`/campaigns/${campaign.id}`}>{campaign.name}</Link>
                  </th>
                  <td>
                    <Badge tone={CAMPAIGN_STATUS_TONES[campaign.status]}>{CAMPAIGN_STATUS_LABELS[campaign.status]}</Badge>
                  </td>
                  <td>{segmentInWords(campaign.segment, categories)}</td>
                  <td>{whenOf(campaign, timeZone)}</td>
                  <td className="num">{campaign.stats.recipients.toLocaleString('en-US')}</td>
                  <td className="num">{campaign.stats.sent.toLocaleString('en-US')}</td>
                  <td className="num">
                    {campaign.stats.failed.toLocaleString('en-US')} / {campaign.stats.bounced.toLocaleString('en-US')}
                  </td>
                  <td className="num">{campaign.stats.unsubscribed.toLocaleString('en-US')}</td>
                  <td className="num">{campaign.stats.redemptions === null ? '—' : campaign.stats.redemptions.toLocaleString('en-US')}</td>
                  <td className="num">{campaign.stats.revenue === null ? '—' : money(campaign.stats.revenue)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <Pager page={result.page} pageSize={result.pageSize} total={result.total} href={query} label="Campaign pages" />
    </div>
  );
}
