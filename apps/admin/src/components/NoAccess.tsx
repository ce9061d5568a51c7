import { SignOutButton } from './shell/SignOutButton';

/** What a signed-in customer sees at every admin URL: no navigation, no data, a way out. */
export function NoAccess({ email }: { email: string }) {
  return (
    <main id="main" className="auth-card" aria-labelledby="no-access-title">
      <h1 id="no-access-title" className="page-title">
        You don’t have access to the OmniCart admin
      </h1>
      <p>
        You are signed in as <strong>{email}</strong>, a customer account. The admin is for the shop’s staff. If you work here, sign out and sign in with your
        staff account, or ask the shop owner to give you a role.
      </p>
      <p style={{ display: 'flex', gap: 12, flexWrap: 'wrap', alignItems: 'center' }}>
        <SignOutButton variant="primary" />
      </p>
    </main>
  );
}
