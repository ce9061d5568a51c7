import { serviceStatus } from '@omnicart/bff';
import { ROLE_LABELS } from '@omnicart/contracts';
import type { Metadata } from 'next';
import Link from 'next/link';
import { AcceptInvitationForm } from '@/components/auth/AcceptInvitationForm';
import { dateTime } from '@/lib/format';
import type { InvitationPreview } from '@/lib/users/types';
import { getAdminContext } from '@/server/context';
import { acceptInvitation } from '@/server/user-actions';

export const metadata: Metadata = { title: 'Join the team', referrer: 'no-referrer' };

/**
 * The invitation link an owner handed over: public (outside the admin's guard, no session), the
 * token its only secret. Shows who is invited as what, and sets their password.
 */
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const { api } = await getAdminContext();
  let invitation: InvitationPreview | null = null;
  try {
    invitation = await api.identity.invitation.query({ token });
  } catch (error) {
    const status = serviceStatus(error);
    if (status !== 404 && status !== 400) throw error;
  }

  return (
    <main id="main" className="auth-card" aria-labelledby="invitation-title">
      {invitation ? (
        <>
          <h1 id="invitation-title" className="page-title">
            Join OmniCart admin
          </h1>
          <p>
            You are invited as <strong>{ROLE_LABELS[invitation.staffRole]}</strong>.
          </p>
          <dl>
            <dt className="muted">Email (you sign in with it)</dt>
            <dd style={{ margin: '0 0 8px' }} data-testid="invited-email">
              {invitation.email}
            </dd>
            <dt className="muted">Name</dt>
            <dd style={{ margin: '0 0 8px' }}>{invitation.name}</dd>
            <dt className="muted">The link works until</dt>
            <dd style={{ margin: 0 }}>{dateTime(invitation.expiresAt)}</dd>
          </dl>
          <p>Choose a password to finish setting up your account.</p>
          <AcceptInvitationForm token={token} action={acceptInvitation} />
        </>
      ) : (
        <>
          <h1 id="invitation-title" className="page-title">
            This invitation link no longer works
          </h1>
          <p>It was already used, withdrawn by the shop owner, or it has expired. Ask the shop owner for a new invitation.</p>
          <p>
            Already set your password? <Link href="/login">Sign in</Link>.
          </p>
        </>
      )}
    </main>
  );
}
