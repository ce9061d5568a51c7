import type { Campaign } from '@/lib/campaigns/types';
import styles from './campaigns.module.css';

const STATS: { key: keyof Campaign['stats']; label: string }[] = [
  { key: 'recipients', label: 'Recipients' },
  { key: 'queued', label: 'Queued' },
  { key: 'sent', label: 'Sent' },
  { key: 'failed', label: 'Failed' },
  { key: 'bounced', label: 'Bounced' },
  { key: 'suppressed', label: 'Suppressed' },
  { key: 'unsubscribed', label: 'Unsubscribed' },
];

/** A campaign's numbers: recipients, queued, sent, failed, bounced, suppressed, unsubscribed. */
export function CampaignStats({ stats }: { stats: Campaign['stats'] }) {
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
      </dl>
      <p className="muted">Suppressed: unsubscribed before theirs went out. Unsubscribed: through this campaign&apos;s link.</p>
    </section>
  );
}
