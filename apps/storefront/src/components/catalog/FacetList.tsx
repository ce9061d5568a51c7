import Link from 'next/link';
import type { FacetGroup, FacetOption } from '@/lib/catalog/facets';
import styles from './catalog.module.css';

export interface FacetListProps {
  groups: FacetGroup[];
  /** "Clear all" link, when any filter is set. */
  clearHref: string | null;
}

/**
 * Filters as plain links: every option is a URL (shareable, works without JavaScript, crawlable).
 * Selected options say so and offer a "Remove" link.
 */
export function FacetList({ groups, clearHref }: FacetListProps) {
  return (
    <div className={styles.facets}>
      <div className={styles.facetsHeader}>
        <h2 id="filters-heading" className={styles.facetsTitle}>
          Filters
        </h2>
        {clearHref ? (
          <Link href={clearHref} className={styles.clearAll}>
            Clear all<span className="oc-visually-hidden"> filters</span>
          </Link>
        ) : null}
      </div>
      {groups.map((group) => (
        <section key={group.key} className={styles.facetGroup} aria-labelledby={`facet-${group.key}`}>
          <h3 id={`facet-${group.key}`} className={styles.facetTitle}>
            {group.title}
          </h3>
          <OptionList group={group} options={visible(group)} />
          {hidden(group).length ? (
            <details className={styles.more}>
              <summary>
                Show {hidden(group).length} more<span className="oc-visually-hidden"> {group.title.toLowerCase()} options</span>
              </summary>
              <OptionList group={group} options={hidden(group)} />
            </details>
          ) : null}
        </section>
      ))}
    </div>
  );
}

/** Options shown before "Show more": every selected one, then the most frequent. */
const VISIBLE_OPTIONS = 8;
function visible(group: FacetGroup): FacetOption[] {
  const unselected = group.options.filter((option) => !option.selected);
  return [...group.options.filter((option) => option.selected), ...unselected.slice(0, VISIBLE_OPTIONS)];
}
function hidden(group: FacetGroup): FacetOption[] {
  return group.options.filter((option) => !option.selected).slice(VISIBLE_OPTIONS);
}

function OptionList({ group, options }: { group: FacetGroup; options: FacetOption[] }) {
  return (
    <ul className={styles.facetOptions}>
      {options.map((option) => {
        const count = option.count === null ? null : option.count.toLocaleString('en-US');
        return (
          <li key={`${option.label}-${option.selected}`} className={option.selected ? styles.facetSelected : undefined}>
            {option.selected ? (
              <>
                <span className={styles.facetValue}>
                  <svg aria-hidden="true" width="14" height="14" viewBox="0 0 16 16" className={styles.check}>
                    <path d="M3 8.5 6.5 12 13 4.5" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" />
                  </svg>
                  <span className="oc-visually-hidden">Selected: </span>
                  {option.label}
                  {count !== null ? <span className={styles.count}> ({count})</span> : null}
                </span>
                <Link href={option.href} className={styles.remove} rel="nofollow">
                  Remove<span className="oc-visually-hidden"> filter {group.title}: {option.label}</span>
                </Link>
              </>
            ) : (
              <Link href={option.href} className={styles.facetLink} rel="nofollow">
                {option.label}
                {count !== null ? (
                  <span className={styles.count}>
                    {' '}
                    ({count}
                    <span className="oc-visually-hidden"> {option.count === 1 ? 'product' : 'products'}</span>)
                  </span>
                ) : null}
              </Link>
            )}
          </li>
        );
      })}
    </ul>
  );
}
