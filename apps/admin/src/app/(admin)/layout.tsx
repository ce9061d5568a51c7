import { ROLE_LABELS } from '@omnicart/contracts';
import Link from 'next/link';
import { forbidden } from 'next/navigation';
import type { ReactNode } from 'react';
import styles from '@/components/shell/AdminShell.module.css';
import { CommandPalette } from '@/components/shell/CommandPalette';
import { SideNav } from '@/components/shell/SideNav';
import { SignOutButton } from '@/components/shell/SignOutButton';
import { visibleSections } from '@/sections';
import { getAdminContext } from '@/server/context';

/**
 * The admin's frame: the sections this staff member may open, who is signed in, the command palette.
 * A customer gets the no-access page instead (and every page's own guard refuses them too); a
 * signed-out visitor gets the bare page, whose guard sends them to /login.
 */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const { user, staff } = await getAdminContext();
  if (!user) return children;
  // A customer: 403 with the no-access page (app/forbidden.tsx), no frame, no data.
  if (!staff) forbidden();
  const sections = visibleSections(staff.permissions).map(({ id, label, href, description, status }) => ({ id, label, href, description, status }));
  return (
    <div className={styles.shell}>
      <a className="oc-skip-link" href="#main">
        Skip to content
      </a>
      <header className={`${styles.topbar} no-print`}>
        <Link href="/" className={styles.brand}>
          OmniCart <span className={styles.brandSub}>admin</span>
        </Link>
        <div className={styles.topActions}>
          <CommandPalette sections={sections} />
          <span className={styles.who}>
            {user.name} <span className="muted">· {ROLE_LABELS[staff.staffRole]}</span>
          </span>
          <SignOutButton />
        </div>
      </header>
      <aside className={`${styles.sidebar} no-print`}>
        <SideNav sections={sections} />
      </aside>
      <main id="main" className={styles.main} tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
