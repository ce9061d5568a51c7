import Link from 'next/link';
import type { Crumb } from './json-ld';
import styles from './catalog.module.css';

/** "Home › Category › Product": the last crumb is the current page (not a link). */
export function Breadcrumb({ crumbs }: { crumbs: readonly Crumb[] }) {
  return (
    <nav aria-label="Breadcrumb" className={styles.breadcrumb}>
      <ol>
        {crumbs.map((crumb, index) => {
          const last = index === crumbs.length - 1;
          return (
            <li key={crumb.href}>
              {last ? (
                <span aria-current="page">{crumb.name}</span>
              ) : (
                <>
                  <Link href={crumb.href}>{crumb.name}</Link>
                  <span aria-hidden="true" className={styles.separator}>
                    ›
                  </span>
                </>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
