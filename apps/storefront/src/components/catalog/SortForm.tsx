import { Button } from '@omnicart/ui';
import { AutoSubmit } from './AutoSubmit';
import { SORT_LABELS, effectiveSort, sortOptions, toSearchParams, withSort, type ListingMode, type ListingParams } from '@/lib/catalog/listing-params';
import styles from './catalog.module.css';

/**
 * Sort as a GET form: the other listing parameters travel as hidden fields, a change starts at
 * page 1. The "Apply" button always works (and is all there is without JavaScript); with
 * JavaScript a pointer choice or Enter applies at once (see AutoSubmit).
 */
export function SortForm({ params, mode, action }: { params: ListingParams; mode: ListingMode; action: string }) {
  const current = effectiveSort(params);
  // Everything but sort and the page position.
  const hidden = [...toSearchParams(withSort(params, undefined), mode)];
  return (
    <form method="get" action={action} className={styles.sortForm}>
      {hidden.map(([name, value], index) => (
        <input key={`${name}-${index}`} type="hidden" name={name} value={value} />
      ))}
      <label htmlFor="listing-sort" className={styles.sortLabel}>
        Sort by
      </label>
      <select id="listing-sort" name="sort" defaultValue={current} className={`oc-select ${styles.sortSelect}`}>
        {sortOptions(params).map((sort) => (
          <option key={sort} value={sort}>
            {SORT_LABELS[sort]}
          </option>
        ))}
      </select>
      <Button type="submit" variant="secondary" size="sm">
        Apply<span className="oc-visually-hidden"> sort</span>
      </Button>
      <AutoSubmit />
    </form>
  );
}
