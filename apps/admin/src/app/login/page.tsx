import { Alert } from '@omnicart/ui';
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/auth/LoginForm';
import { safeCallbackUrl } from '@/lib/callback-url';
import { getAdminContext } from '@/server/context';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  // Back from an invitation link (/invitation/<token>): the account is ready.
  const joined = params.joined === '1';
  const { staff } = await getAdminContext();
  if (staff) redirect(callbackUrl);
  return (
    <main id="main" className="auth-card" aria-labelledby="login-title">
      <h1 id="login-title" className="page-title">
        Sign in to OmniCart admin
      </h1>
      {joined ? (
        <Alert tone="success" title="Your password is set">
          Sign in with your email and the password you just chose.
        </Alert>
      ) : null}
      <p className="muted">For the shop’s staff. Customers sign in on the storefront.</p>
      <LoginForm callbackUrl={callbackUrl} />
    </main>
  );
}
