import { ADMIN_PAGE_SIZES } from '@omnicart/contracts';
import { Badge } from '@omnicart/ui';
import type { Metadata } from 'next';
import Link from 'next/link';
import { FilterButtons, ListTotal, PageSizeField } from '@/components/ListControls';
import { Pager } from '@/components/Pager';
import styles from '@/components/lists.module.css';
import { money } from '@/lib/format';
import { promotionListParams, promotionListQuery, usedOfLimit } from '@/lib/promotions/forms';
import { KIND_LABELS, PROMOTION_KINDS, PROMOTION_STATES, STATE_LABELS, STATE_TONES } from '@/lib/promotions/types';
import type { SearchParams } from '@/lib/url-state';
import { sectionById } from '@/sections';
import { orForbidden, requireSection } from '@/server/guard';

export const metadata: Metadata = { title: sectionById('promotions').label };

/**
 * Every promotion, newest first (promotions.list, discounts:read): name, kind, code, what it takes
 * off, state, uses of the limit and the paid orders' stats. Search, kind, state and the page in the
 * URL (a plain GET form). discounts:write adds "New promotion".
 */
export default async function PromotionsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { api, staff } = await requireSection('promotions');
  const params = promotionListParams(await searchParams, ADMIN_PAGE_SIZES);
  const result = await orForbidden(api.promotions.list.query(params));
  const filtered = Boolean(params.q || params.kind || params.state);
  const canWrite = staff.permissions.includes('discounts:write');

  return (
    <div className="stack">
      <div className="page-header">
        <h1 className="page-title">Promotions</h1>
        {canWrite ? (
          <Link className="oc-button oc-button--primary oc-button--sm" href="/promotions/new">
            New promotion
          </Link>
        ) : null}
      </div>
      <p className="muted" style={{ margin: 0 }}>
        Discount codes shoppers type at checkout, and automatic promotions that apply by themselves. Redemptions, revenue and discount cost count paid orders.
      </p>

      <form method="get" action="/promotions" className={`panel ${styles.filters}`} role="search" aria-label="Filter the promotions">
        <label className={styles.wide}>
          Name or code
          <input className="oc-input" type="search" name="q" defaultValue={params.q ?? ''} autoComplete="off" spellCheck={false} />
        </label>
        <label>
          Kind
          <select className="oc-select" name="kind" defaultValue={params.kind ?? ''}>
            <option value="">Any</option>
            {PROMOTION_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {KIND_LABELS[kind]}
              </option>
            ))}
          </select>
        </label>
        <label>
          State
          <select className="oc-select" name="state" defaultValue={params.state ?? ''}>
            <option value="">Any</option>
            {PROMOTION_STATES.map((state) => (
              <option key={state} value={state}>
                {STATE_LABELS[state]}
              </option>
            ))}
          </select>
        </label>
        <PageSizeField value={params.pageSize} />
        <FilterButtons filtered={filtered} clearHref="/promotions" />
      </form>

      <ListTotal noun={{ one: 'promotion', many: 'promotions', none: canWrite ? 'No promotions yet: create the first one.' : 'No promotions yet.' }} result={result} filtered={filtered} />
      {result.items.length ? (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="oc-visually-hidden">Promotions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">Code</th>
                <th scope="col">Discount</th>
                <th scope="col">State</th>
                <th scope="col" className="num">
                  Used / limit
                </th>
                <th scope="col" className="num">
                  Redemptions
                </th>
                <th scope="col" className="num">
                  Revenue
                </th>
                <th scope="col" className="num">
                  Discount cost
                </th>
              </tr>
            </thead>
            <tbody>
              {result.items.map((promotion) => (
                <tr key={promotion.id}>
                  <th scope="row">
                    <Link href={`/promotions/${promotion.id}`}>{promotion.name}</Link>
                  </th>
                  <td>{KIND_LABELS[promotion.kind]}</td>
                  <td>
                    {promotion.code ? <code>{promotion.code}</code> : promotion.kind === 'code' && promotion.codeCount > 0 ? `${promotion.codeCount.toLocaleString('en-US')} unique` : '—'}
                  </td>
                  <td>{promotion.label}</td>
                  <td>
                    <Badge tone={STATE_TONES[promotion.state]}>{STATE_LABELS[promotion.state]}</Badge>
                  </td>
                  <td className="num" data-testid="promotion-used">
                    {usedOfLimit(promotion)}
                  </td>
                  <td className="num">{promotion.stats.redemptions.toLocaleString('en-US')}</td>
                  <td className="num">{money(promotion.stats.revenue)}</td>
                  <td className="num">{money(promotion.stats.discountCost)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <Pager page={result.page} pageSize={result.pageSize} total={result.total} href={(page) => `/promotions${promotionListQuery(params, page)}`} label="Promotion pages" />
    </div>
  );
}
