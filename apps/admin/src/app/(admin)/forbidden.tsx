import { NotAllowed } from '@/components/NotAllowed';
import { getAdminContext } from '@/server/context';

/** `forbidden()` from a page's guard, inside the admin frame (a customer never gets this far: the layout shows them the no-access page). */
export default async function Forbidden() {
  const { staff } = await getAdminContext();
  return <NotAllowed roleLabel={staff?.roleLabel ?? 'none'} />;
}
