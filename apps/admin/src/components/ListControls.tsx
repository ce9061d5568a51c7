import { ADMIN_PAGE_SIZES } from '@omnicart/contracts';
import styles from './lists.module.css';

/**
 * The parts every admin list page shares below its own filters: the page-size choice, the Apply
 * and "Clear filters" buttons, and the status line with the total. One place, so every list reads
 * and behaves the same (the e2e suite reads the status line's words).
 */

/** "Rows per page": 10, 20, 50 or 100 (the anchors' convention), submitted with the filters. */
export function PageSizeField({ value }: { value: number }) {
  return (
    <label>
      Rows per page
      <select className="oc-select" name="pageSize" defaultValue={String(value)}>
        {ADMIN_PAGE_SIZES.map((size) => (
          <option key={size} value={size}>
            {size}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Apply the filter form; "Clear filters" back to `clearHref` when any filter is set. */
export function FilterButtons({ filtered, clearHref }: { filtered: boolean; clearHref: string }) {
  return (
    <div className={styles.buttons}>
      <button type="submit" className="oc-button oc-button--primary">
        Apply
      </button>
      {filtered ? (
        <a className="oc-button oc-button--ghost" href={clearHref}>
          Clear filters
        </a>
      ) : null}
    </div>
  );
}

/** What a list counts, e.g. { one: 'order', many: 'orders', none: 'No orders yet.' }. */
export interface ListNoun {
  one: string;
  many: string;
  /** Said when nothing exists at all (no filter set). */
  none: string;
}

/** "1,234 orders match · showing 21–40", "No orders match these filters." or the noun's `none`. */
export function listTotalText(noun: ListNoun, result: { total: number; page: number; pageSize: number }, filtered: boolean): string {
  const { total, page, pageSize } = result;
  if (total === 0) return filtered ? `No ${noun.many} match these filters.` : noun.none;
  const first = (page - 1) * pageSize + 1;
  return `${total.toLocaleString('en-US')} ${total === 1 ? noun.one : noun.many}${filtered ? ' match' : ''} · showing ${first}–${Math.min(page * pageSize, total)}`;
}

/** The list's status line (announced to screen readers when the filters change it). */
export function ListTotal(props: { noun: ListNoun; result: { total: number; page: number; pageSize: number }; filtered: boolean }) {
  return (
    <p role="status" className={styles.total}>
      {listTotalText(props.noun, props.result, props.filtered)}
    </p>
  );
}
