import { money } from '@/lib/format';
import type { Campaign } from '@/lib/campaigns/types';
import styles from './campaigns.module.css';

type Count = 'recipients' | 'queued' | 'sent' | 'failed' | 'bounced' | 'suppressed' | 'unsubscribed';

const STATS: { key: Count; label: string }[] = [
  { key: 'recipients', label: 'Recipients' },
  { key: 'queued', label: 'Queued' },
  { key: 'sent', label: 'Sent' },
  { key: 'failed', label: 'Failed' },
  { key: 'bounced', label: 'Bounced' },
  { key: 'suppressed', label: 'Suppressed' },
  { key: 'unsubscribed', label: 'Unsubscribed' },
];

/**
 * A campaign's numbers: recipients, queued, sent, failed, bounced, suppressed, unsubscribed and,
 * when it carries a promotion code, the paid orders that used it (redemptions, revenue, discount).
 */
export function CampaignStats({ stats, withCode = false }: { stats: Campaign['stats']; withCode?: boolean }) {
  const results = withCode
    ? [
        { key: 'redemptions', label: 'Redemptions', value: stats.redemptions === null ? null : stats.redemptions.toLocaleString('en-US') },
        { key: 'revenue', label: 'Revenue', value: stats.revenue === null ? null : money(stats.revenue) },
        { key: 'discountCost', label: 'Discount given', value: stats.discountCost === null ? null : money(stats.discountCost) },
      ]
    : [];
  return (
    <section className="panel stack" aria-labelledby="campaign-stats-title">
      <h2 id="campaign-stats-title" className="section-title">
        Stats
      </h2>
      <dl className={styles.stats}>
        {STATS.map(({ key, label }) => (
          <div key={key}>
            <dt className="muted">{label}</dt>
            <dd data-stat={key}>{stats[key].toLocaleString('en-US')}</dd>
          </div>
        ))}
        {results.map(({ key, label, value }) => (
          <div key={key}>
            <dt className="muted">{label}</dt>
            <dd data-stat={key}>{value ?? '—'}</dd>
          </div>
        ))}
      </dl>
      <p className="muted">Suppressed: unsubscribed before theirs went out. Unsubscribed: through this campaign&apos;s link.</p>
      {withCode ? (
        <p className="muted">
          Redemptions: paid orders that used its code{stats.redemptions === null ? ' (the promotions service did not answer: shown as —)' : ''}. Revenue: those orders&apos; totals.
        </p>
      ) : null}
    </section>
  );
}
