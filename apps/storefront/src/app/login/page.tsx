import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import styles from '@/components/account/AuthForm.module.css';
import { safeCallbackUrl } from '@/components/account/callback-url';
import { hasUsableSession } from '@/server/signed-in';
import { LoginForm } from '@/components/account/LoginForm';

export const metadata: Metadata = {
  title: 'Sign in',
  robots: { index: false, follow: false },
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if (await hasUsableSession()) redirect(callbackUrl);
  const registerHref = callbackUrl === '/account' ? '/register' : `/register?callbackUrl=${encodeURIComponent(callbackUrl)}`;
  return (
    <div className={styles.card}>
      <h1 className="page-title">Sign in</h1>
      <LoginForm callbackUrl={callbackUrl} />
      <p className={styles.switch}>
        <Link href="/forgot-password">Forgot your password?</Link>
      </p>
      <p className={styles.switch}>
        New to OmniCart? <Link href={registerHref}>Create an account</Link>
      </p>
    </div>
  );
}
