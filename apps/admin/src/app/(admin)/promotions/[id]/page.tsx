import { serviceStatus } from '@omnicart/bff';
import { Alert, Badge } from '@omnicart/ui';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Pager } from '@/components/Pager';
import { ActiveToggle } from '@/components/promotions/ActiveToggle';
import { GenerateCodes } from '@/components/promotions/GenerateCodes';
import { PromotionForm } from '@/components/promotions/PromotionForm';
import styles from '@/components/promotions/promotions.module.css';
import { categoryOptions } from '@/lib/campaigns/forms';
import { storeDateTime } from '@/lib/campaigns/store-time';
import { money } from '@/lib/format';
import { codesPageOf, formValuesOfPromotion, usedOfLimit } from '@/lib/promotions/forms';
import { KIND_LABELS, SCOPE_LABELS, STATE_LABELS, STATE_TONES, type Promotion } from '@/lib/promotions/types';
import { first, type SearchParams } from '@/lib/url-state';
import { storeTimeZone } from '@/server/campaigns';
import { orForbidden, requireSection } from '@/server/guard';
import { findProducts, generatePromotionCodes, savePromotion, setPromotionActive } from '@/server/promotion-actions';
import { productLabels } from '@/server/promotions';

export const metadata: Metadata = { title: 'Promotion' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CODES_PAGE_SIZE = 50;

/** "From Dec 24, 2026, 00:00 EST until Jan 2, 2027, 00:00 EST", in the store's time zone. */
function datesInWords(promotion: Promotion, timeZone: string): string {
  const from = promotion.startsAt ? `From ${storeDateTime(promotion.startsAt, timeZone)}` : 'From its creation';
  return promotion.endsAt ? `${from} until ${storeDateTime(promotion.endsAt, timeZone)}` : `${from}, no end`;
}

/**
 * A promotion (discounts:read): what it is, its paid orders' stats, its codes (paged) with the CSV
 * download. discounts:write adds the form, Deactivate / Reactivate and "Generate codes".
 */
export default async function PromotionPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> }) {
  const { api, staff } = await requireSection('promotions');
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const query = await searchParams;
  const codesPage = codesPageOf(query);
  const promotion = await orForbidden(api.promotions.get.query({ id })).catch((error: unknown) => {
    if (serviceStatus(error) === 404) notFound();
    throw error;
  });
  const canWrite = staff.permissions.includes('discounts:write');
  const [tree, timeZone, codes, products] = await Promise.all([
    api.catalog.categories.query(),
    storeTimeZone(api),
    promotion.kind === 'code' ? api.promotions.codes.query({ id, page: codesPage, pageSize: CODES_PAGE_SIZE }) : Promise.resolve(null),
    productLabels(api, promotion.productIds),
  ]);
  const categories = categoryOptions(tree);
  const categoryNames = promotion.categoryIds.map((categoryId) => categories.find((category) => category.value === categoryId)?.label ?? 'a removed category');

  return (
    <div className="stack">
      <p>
        <Link href="/promotions">← All promotions</Link>
      </p>
      <div className="page-header">
        <h1 className="page-title">{promotion.name}</h1>
        <Badge tone={STATE_TONES[promotion.state]}>{STATE_LABELS[promotion.state]}</Badge>
      </div>
      {first(query, 'created') ? <Alert tone="success">Promotion created.</Alert> : null}

      <section className="panel stack" aria-labelledby="promotion-facts-title">
        <h2 id="promotion-facts-title" className="section-title">
          What it is
        </h2>
        <dl className={styles.facts}>
          <dt>Kind</dt>
          <dd>{KIND_LABELS[promotion.kind]}</dd>
          <dt>Discount</dt>
          <dd>{promotion.label}</dd>
          <dt>Applies to</dt>
          <dd>
            {promotion.scope === 'order' ? SCOPE_LABELS.order : null}
            {promotion.scope === 'categories' ? `Categories: ${categoryNames.join(', ')}` : null}
            {promotion.scope === 'products' ? `Products: ${products.map((product) => product.label).join(', ')}` : null}
          </dd>
          <dt>Minimum subtotal</dt>
          <dd>{promotion.minSubtotal > 0 ? money(promotion.minSubtotal) : 'None'}</dd>
          <dt>Dates</dt>
          <dd>{datesInWords(promotion, timeZone)}</dd>
          <dt>Used / limit</dt>
          <dd data-testid="promotion-used">{usedOfLimit(promotion)}</dd>
          <dt>Per customer</dt>
          <dd>{promotion.perCustomerLimit === null ? 'No limit' : promotion.perCustomerLimit.toLocaleString('en-US')}</dd>
          {promotion.kind === 'code' ? (
            <>
              <dt>Shared code</dt>
              <dd>{promotion.code ? <code>{promotion.code}</code> : 'None'}</dd>
              <dt>Codes in all</dt>
              <dd>{promotion.codeCount.toLocaleString('en-US')}</dd>
            </>
          ) : null}
          <dt>Created</dt>
          <dd>{storeDateTime(promotion.createdAt, timeZone)}</dd>
        </dl>
      </section>

      <section className="panel stack" aria-labelledby="promotion-stats-title">
        <h2 id="promotion-stats-title" className="section-title">
          Paid orders
        </h2>
        <dl className={styles.stats}>
          <div>
            <dt>Redemptions</dt>
            <dd data-testid="promotion-redemptions">{promotion.stats.redemptions.toLocaleString('en-US')}</dd>
          </div>
          <div>
            <dt>Held by checkouts</dt>
            <dd>{promotion.stats.reserved.toLocaleString('en-US')}</dd>
          </div>
          <div>
            <dt>Revenue</dt>
            <dd>{money(promotion.stats.revenue)}</dd>
          </div>
          <div>
            <dt>Discount cost</dt>
            <dd>{money(promotion.stats.discountCost)}</dd>
          </div>
        </dl>
      </section>

      {canWrite ? (
        <>
          <section className="panel">
            <PromotionForm
              id={promotion.id}
              initial={formValuesOfPromotion(promotion, timeZone)}
              categories={categories}
              products={products}
              timeZone={timeZone}
              action={savePromotion}
              find={findProducts}
            />
          </section>
          <section className="panel stack" aria-labelledby="promotion-active-title">
            <h2 id="promotion-active-title" className="section-title">
              {promotion.active ? 'Deactivate' : 'Reactivate'}
            </h2>
            <ActiveToggle id={promotion.id} active={promotion.active} action={setPromotionActive} />
          </section>
        </>
      ) : null}

      {promotion.kind === 'code' && codes ? (
        <section className="panel stack" aria-labelledby="promotion-codes-title">
          <div className="page-header">
            <h2 id="promotion-codes-title" className="section-title">
              Codes
            </h2>
            {codes.total > 0 ? (
              <a className="oc-button oc-button--secondary oc-button--sm" href={`/promotions/${promotion.id}/codes.csv`} download>
                Export CSV
              </a>
            ) : null}
          </div>
          {canWrite ? <GenerateCodes id={promotion.id} action={generatePromotionCodes} /> : null}
          {codes.items.length ? (
            <div className="table-scroll">
              <table className="data-table">
                <caption className="oc-visually-hidden">The promotion&apos;s codes, page {codes.page}</caption>
                <thead>
                  <tr>
                    <th scope="col">Code</th>
                    <th scope="col">Kind</th>
                    <th scope="col" className="num">
                      Used / limit
                    </th>
                    <th scope="col">Created</th>
                  </tr>
                </thead>
                <tbody>
                  {codes.items.map((code) => (
                    <tr key={code.code}>
                      <th scope="row">
                        <code>{code.code}</code>
                      </th>
                      <td>{code.batchId ? 'Single-use (generated)' : 'Shared'}</td>
                      <td className="num">{usedOfLimit(code)}</td>
                      <td>{storeDateTime(code.createdAt, timeZone)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="muted">No codes yet{canWrite ? ': generate unique ones above.' : '.'}</p>
          )}
          <p className="muted">{codes.total.toLocaleString('en-US')} {codes.total === 1 ? 'code' : 'codes'} in all.</p>
          <Pager page={codes.page} pageSize={codes.pageSize} total={codes.total} href={(page) => `/promotions/${promotion.id}?codesPage=${page}`} label="Code pages" />
        </section>
      ) : null}
    </div>
  );
}
