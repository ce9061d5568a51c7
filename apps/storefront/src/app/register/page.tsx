import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import styles from '@/components/account/AuthForm.module.css';
import { safeCallbackUrl } from '@/components/account/callback-url';
import { hasUsableSession } from '@/server/signed-in';
import { RegisterForm } from '@/components/account/RegisterForm';

export const metadata: Metadata = {
  title: 'Create an account',
  robots: { index: false, follow: false },
};

export default async function RegisterPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if (await hasUsableSession()) redirect(callbackUrl);
  const loginHref = callbackUrl === '/account' ? '/login' : `/login?callbackUrl=${encodeURIComponent(callbackUrl)}`;
  return (
    <div className={styles.card}>
      <h1 className="page-title">Create an account</h1>
      <RegisterForm callbackUrl={callbackUrl} />
      <p className={styles.switch}>
        Already have an account? <Link href={loginHref}>Sign in</Link>
      </p>
    </div>
  );
}
