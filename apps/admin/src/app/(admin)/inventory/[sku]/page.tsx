import { serviceStatus } from '@omnicart/bff';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { EntityHistory } from '@/components/audit/EntityHistory';
import { AdjustStockForm } from '@/components/inventory/AdjustStockForm';
import { StockTable } from '@/components/inventory/StockTable';
import styles from '@/components/orders/OrderDetail.module.css';
import { dateTime } from '@/lib/format';
import { movementCursor, skuFromPath } from '@/lib/inventory/list-params';
import type { Movement } from '@/lib/inventory/types';
import type { SearchParams } from '@/lib/url-state';
import { entityHistory } from '@/server/audit';
import { orForbidden, requireSection } from '@/server/guard';
import { adjustStock } from '@/server/inventory-actions';

export const metadata: Metadata = { title: 'Stock' };

const MOVEMENTS_PER_PAGE = 25;

const KIND_LABELS: Record<Movement['kind'], string> = {
  reserve: 'Reserved (checkout)',
  commit: 'Sold',
  release: 'Reservation released',
  expire: 'Reservation expired',
  adjust: 'Set by staff',
  return: 'Returned to stock',
};

/** Who moved the stock, as inventory records it ("admin:<userId>", "service:<name>", "sweeper", "seed"). */
function actorLabel(actor: string): string {
  if (actor.startsWith('admin:')) return 'staff';
  if (actor.startsWith('service:')) return `the ${actor.slice('service:'.length)} service`;
  if (actor === 'sweeper') return 'expiry of reservations';
  if (actor === 'seed') return 'the initial stock';
  return actor;
}

export default async function StockPage({ params, searchParams }: { params: Promise<{ sku: string }>; searchParams: Promise<SearchParams> }) {
  const { api, staff } = await requireSection('inventory');
  const sku = skuFromPath((await params).sku);
  if (!sku) notFound();
  const cursor = movementCursor(await searchParams);
  const [levels, movements] = await Promise.all([
    orForbidden(api.inventory.list.query({ q: sku, pageSize: 10 })),
    orForbidden(api.inventory.movements.query({ sku, limit: MOVEMENTS_PER_PAGE, ...(cursor ? { cursor } : {}) })).catch((error: unknown) => {
      if (serviceStatus(error) === 404) notFound();
      throw error;
    }),
  ]);
  const level = levels.items.find((item) => item.sku === sku) ?? levels.items.find((item) => item.sku.toLowerCase() === sku.toLowerCase());
  if (!level) notFound();
  const canWrite = staff.permissions.includes('inventory:write');

  return (
    <div className="stack">
      <p>
        <Link href="/inventory">← All stock</Link>
      </p>
      <h1 className="page-title">Stock of {level.sku}</h1>
      <StockTable levels={[level]} caption={`Stock of ${level.sku}`} />

      <div className={styles.layout}>
        <section className={`panel ${styles.column}`} aria-labelledby="movements-title">
          <h2 id="movements-title" className={styles.panelTitle}>
            Movement history {cursor ? <span className="muted">(older)</span> : null}
          </h2>
          {movements.items.length === 0 ? (
            <p className="muted">No movements{cursor ? ' older than these' : ' yet'}.</p>
          ) : (
            <div className="table-scroll">
              <table className="data-table">
                <caption className="oc-visually-hidden">Movements of {level.sku}, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">What</th>
                    <th scope="col" className="num">
                      Change
                    </th>
                    <th scope="col" className="num">
                      On hand after
                    </th>
                    <th scope="col" className="num">
                      Reserved after
                    </th>
                    <th scope="col">Reason</th>
                    <th scope="col">By</th>
                  </tr>
                </thead>
                <tbody>
                  {movements.items.map((movement) => (
                    <tr key={movement.id}>
                      <th scope="row">{dateTime(movement.createdAt)}</th>
                      <td>{KIND_LABELS[movement.kind]}</td>
                      <td className="num">{movement.quantity > 0 ? `+${movement.quantity}` : movement.quantity}</td>
                      <td className="num">{movement.onHandAfter}</td>
                      <td className="num">{movement.reservedAfter}</td>
                      <td>{movement.reason ?? ''}</td>
                      <td>{actorLabel(movement.actor)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <nav aria-label="Movement pages" className="oc-cluster" style={{ gap: 12, marginTop: 12 }}>
            {cursor ? (
              <Link className="oc-button oc-button--secondary oc-button--sm" href={`/inventory/${encodeURIComponent(level.sku)}`}>
                Newest
              </Link>
            ) : null}
            {movements.nextCursor ? (
              <Link className="oc-button oc-button--secondary oc-button--sm" href={`/inventory/${encodeURIComponent(level.sku)}?cursor=${movements.nextCursor}`} rel="next">
                Older
              </Link>
            ) : null}
          </nav>
        </section>

        {canWrite ? (
          <section className={`panel ${styles.column}`} aria-label="Set stock">
            <AdjustStockForm sku={level.sku} threshold={level.lowStockThreshold} action={adjustStock} />
          </section>
        ) : null}
      </div>
      <EntityHistory entityType="stock" entityId={level.sku} history={await entityHistory('stock', level.sku)} />
    </div>
  );
}
