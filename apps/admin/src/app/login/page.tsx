import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/auth/LoginForm';
import { safeCallbackUrl } from '@/lib/callback-url';
import { getAdminContext } from '@/server/context';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const callbackUrl = safeCallbackUrl((await searchParams).callbackUrl);
  const { staff } = await getAdminContext();
  if (staff) redirect(callbackUrl);
  return (
    <main id="main" className="auth-card" aria-labelledby="login-title">
      <h1 id="login-title" className="page-title">
        Sign in to OmniCart admin
      </h1>
      <p className="muted">For the shop’s staff. Customers sign in on the storefront.</p>
      <LoginForm callbackUrl={callbackUrl} />
    </main>
  );
}
