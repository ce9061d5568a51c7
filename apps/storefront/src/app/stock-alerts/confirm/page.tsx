import type { Metadata } from 'next';
import styles from '@/components/account/AuthForm.module.css';
import { ConfirmStockAlertForm } from '@/components/catalog/ConfirmStockAlertForm';

export const metadata: Metadata = {
  title: 'Confirm your alert',
  robots: { index: false, follow: false },
};

/**
 * The link of a guest's "e-mail me when it's back" confirmation. Opening it changes nothing (mail
 * scanners open links); the button confirms the address.
 */
export default async function ConfirmStockAlertPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { token } = await searchParams;
  const value = typeof token === 'string' ? token.trim() : '';
  return (
    <div className={styles.card}>
      <h1 className="page-title">Back-in-stock alert</h1>
      {value ? <ConfirmStockAlertForm token={value} /> : <p role="alert">This confirmation link is incomplete. Use the link from the e-mail.</p>}
    </div>
  );
}
