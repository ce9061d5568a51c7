import { LinkButton } from '@omnicart/ui';
import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import styles from '@/components/account/Account.module.css';
import { OrderList } from '@/components/account/OrderList';
import { PreferencesForm, type Preferences } from '@/components/account/PreferencesForm';
import { ProfileForm } from '@/components/account/ProfileForm';
import { SignOutButton } from '@/components/account/SignOutButton';
import { getServerApi, getViewer } from '@/server/caller';

export const metadata: Metadata = {
  title: 'Your account',
  robots: { index: false, follow: false },
};

const LOGIN = '/login?callbackUrl=/account';

const codeOf = (error: unknown) => (error as { code?: string } | null)?.code;

export default async function AccountPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (!(await getViewer())) redirect(LOGIN);
  const { cursor } = await searchParams;
  const api = await getServerApi();
  let data;
  try {
    data = await Promise.all([
      api.account.me(),
      api.account.orders({ limit: 10, ...(typeof cursor === 'string' && cursor ? { cursor } : {}) }),
      // Preferences live in the notifications service: if it cannot answer, the rest of the page still shows.
      api.preferences.get().catch((error: unknown) => (codeOf(error) === 'UNAUTHORIZED' ? Promise.reject(error) : null)),
    ]);
  } catch (error) {
    if (codeOf(error) === 'UNAUTHORIZED') redirect(LOGIN); // the session ended (refresh token revoked)
    // A cursor the orders service did not hand out (edited, truncated, too long): start over.
    if (codeOf(error) === 'BAD_REQUEST' && cursor !== undefined) redirect('/account');
    throw error;
  }
  const [me, orders, preferences] = data as [(typeof data)[0], (typeof data)[1], Preferences | null];
  return (
    <>
      <div className={styles.header}>
        <h1 className="page-title">Your account</h1>
        <SignOutButton />
      </div>
      <div className={styles.layout}>
        <div className={styles.column}>
          <section className={styles.panel} aria-labelledby="profile-heading">
            <h2 id="profile-heading">Profile</h2>
            <ProfileForm initial={{ name: me.name, email: me.email }} />
          </section>
          <section className={styles.panel} aria-labelledby="preferences-heading">
            <h2 id="preferences-heading">Communication preferences</h2>
            {preferences ? (
              <PreferencesForm initial={preferences} />
            ) : (
              <p className={styles.note}>Your communication preferences cannot be shown right now. Please try again in a moment.</p>
            )}
          </section>
        </div>
        <section className={styles.panel} aria-labelledby="orders-heading">
          <h2 id="orders-heading">{cursor ? 'Older orders' : 'Recent orders'}</h2>
          {orders.items.length === 0 ? (
            <>
              <p className={styles.empty}>{cursor ? 'No older orders.' : 'You have not placed any orders yet.'}</p>
              {cursor ? null : (
                <div>
                  <LinkButton as={Link} href="/" variant="secondary">
                    Start shopping
                  </LinkButton>
                </div>
              )}
            </>
          ) : (
            <div className={styles.tableWrap}>
              <OrderList orders={orders.items} />
            </div>
          )}
          <p className={styles.formActions}>
            {cursor ? <Link href="/account">Newest orders</Link> : null}
            {orders.nextCursor ? <Link href={`/account?cursor=${encodeURIComponent(orders.nextCursor)}`}>Older orders</Link> : null}
          </p>
        </section>
      </div>
    </>
  );
}
