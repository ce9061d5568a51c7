import { NoAccess } from '@/components/NoAccess';
import { NotAllowed } from '@/components/NotAllowed';
import { getAdminContext } from '@/server/context';

/** `forbidden()` outside the admin frame: a customer gets the no-access page, a staff member the 403 page. */
export default async function Forbidden() {
  const { user, staff } = await getAdminContext();
  if (user && !staff) return <NoAccess email={user.email} />;
  return (
    <main id="main" className="auth-card">
      <NotAllowed roleLabel={staff?.roleLabel ?? 'none'} />
    </main>
  );
}
