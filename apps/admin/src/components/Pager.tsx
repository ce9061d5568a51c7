import Link from 'next/link';

/** "Page 2 of 7" with previous/next links; `href(page)` keeps every other URL parameter. */
export function Pager({ page, pageSize, total, href, label }: { page: number; pageSize: number; total: number; href: (page: number) => string; label: string }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  return (
    <nav aria-label={label} className="oc-cluster" style={{ alignItems: 'center', gap: 12 }}>
      {page > 1 ? (
        <Link className="oc-button oc-button--secondary oc-button--sm" href={href(page - 1)} rel="prev">
          Previous page
        </Link>
      ) : null}
      <span>
        Page {Math.min(page, pages)} of {pages}
      </span>
      {page < pages ? (
        <Link className="oc-button oc-button--secondary oc-button--sm" href={href(page + 1)} rel="next">
          Next page
        </Link>
      ) : null}
    </nav>
  );
}
