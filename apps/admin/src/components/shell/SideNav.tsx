'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { sectionForPath, type Section } from '@/sections';
import styles from './AdminShell.module.css';

/** The sections this staff member may open (src/sections.ts), the current one marked for screen readers too. */
export function SideNav({ sections }: { sections: Pick<Section, 'id' | 'label' | 'href' | 'status'>[] }) {
  const current = sectionForPath(usePathname() ?? '/')?.id;
  return (
    <nav aria-label="Admin sections" className={styles.nav}>
      <ul>
        {sections.map((section) => (
          <li key={section.id}>
            <Link href={section.href} aria-current={section.id === current ? 'page' : undefined} className={styles.navLink}>
              {section.label}
              {section.status === 'soon' ? <span className={styles.soon}> (soon)</span> : null}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
