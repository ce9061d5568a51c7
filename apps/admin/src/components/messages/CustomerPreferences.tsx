import Link from 'next/link';
import type { PreferencesData } from '@/lib/messages/types';

/**
 * A customer's communication preferences as notifications holds them, read only (the customer
 * changes them in their account; marketing e-mail is theirs to give), and a link to the messages
 * sent to them. The page loads `preferences` with `customerPreferences(userId)` (server/messages.ts);
 * nothing shows without `customers:read`.
 */
export function CustomerPreferences({ userId, preferences, headingClassName, factsClassName }: { userId: string; preferences: PreferencesData; headingClassName?: string; factsClassName?: string }) {
  if (preferences.state === 'hidden') return null;
  return (
    <section className="panel" aria-labelledby="preferences-title">
      <h2 id="preferences-title" className={headingClassName}>
        Communication preferences
      </h2>
      {preferences.state === 'unavailable' ? (
        <p role="status">The notifications service is unavailable right now; the preferences show again once it answers.</p>
      ) : preferences.state === 'unknown' ? (
        <p className="muted">No contact details yet: the notifications service has not heard of this customer, so nothing has been sent to them.</p>
      ) : (
        <dl className={factsClassName} data-testid="communication-preferences">
          <dt>E-mail to</dt>
          <dd>{preferences.preferences.email}</dd>
          <dt>Marketing e-mail</dt>
          <dd>{preferences.preferences.marketingEmail ? 'On' : 'Off'}</dd>
          <dt>SMS</dt>
          <dd>
            {preferences.preferences.smsOptIn ? 'On' : 'Off'}
            {preferences.preferences.phone ? ` (${preferences.preferences.phone})` : preferences.preferences.smsOptIn ? '' : ' (no phone number)'}
          </dd>
        </dl>
      )}
      <p className="muted" style={{ marginBottom: 0 }}>
        Account and order messages always go; the customer changes these in their account.
      </p>
      <p style={{ marginBottom: 0 }}>
        <Link href={`/messages?userId=${encodeURIComponent(userId)}`}>Messages sent to this customer</Link>
      </p>
    </section>
  );
}
