import type { Metadata } from 'next';
import Link from 'next/link';
import styles from '@/components/account/AuthForm.module.css';
import { UnsubscribeForm } from '@/components/account/UnsubscribeForm';

export const metadata: Metadata = {
  title: 'Unsubscribe',
  robots: { index: false, follow: false },
};

/**
 * Where a marketing e-mail's "Unsubscribe" link lands; works without signing in. Opening the page
 * changes nothing (mail scanners open links); the button does. Mail clients' one-click unsubscribe
 * (RFC 8058) POSTs to /api/unsubscribe instead.
 */
export default async function UnsubscribePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { token, campaign } = await searchParams;
  const value = typeof token === 'string' ? token.trim() : '';
  // The campaign whose link it was (counted in its stats); anything else is ignored.
  const campaignId = typeof campaign === 'string' && /^[0-9a-f-]{36}$/i.test(campaign) ? campaign : undefined;
  return (
    <div className={styles.card}>
      <h1 className="page-title">Unsubscribe</h1>
      {value ? (
        <UnsubscribeForm token={value} campaignId={campaignId} />
      ) : (
        <p role="alert">This unsubscribe link is incomplete. Use the link from the e-mail, or change your preferences in your account.</p>
      )}
      <p className={styles.switch}>
        Signed in? <Link href="/account">Manage all your communication preferences</Link>
      </p>
    </div>
  );
}
