import type { Metadata } from 'next';
import Link from 'next/link';
import { Alert } from '@omnicart/ui';
import styles from '@/components/account/AuthForm.module.css';
import { ResetPasswordForm } from '@/components/account/ResetPasswordForm';

export const metadata: Metadata = {
  title: 'Choose a new password',
  robots: { index: false, follow: false },
  // The link's token is in this page's address: never send it anywhere in a Referer.
  referrer: 'no-referrer',
};

/** The page the reset email links to: `/reset-password?token=<token>`. */
export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { token } = await searchParams;
  const usable = typeof token === 'string' && token.length > 0 && token.length <= 512 ? token : null;
  return (
    <div className={styles.card}>
      <h1 className="page-title">Choose a new password</h1>
      {usable ? (
        <ResetPasswordForm token={usable} />
      ) : (
        <Alert tone="error" title="This link is incomplete" role="alert">
          Open the link from the email exactly as it was sent, or <Link href="/forgot-password">ask for a new link</Link>.
        </Alert>
      )}
      <p className={styles.switch}>
        <Link href="/login">Back to sign in</Link>
      </p>
    </div>
  );
}
