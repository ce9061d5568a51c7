import type { Metadata } from 'next';
import Link from 'next/link';
import styles from '@/components/dashboard/Dashboard.module.css';
import { Kpi } from '@/components/dashboard/Kpi';
import { StockTable } from '@/components/inventory/StockTable';
import { DashboardReports } from '@/components/reports/DashboardReports';
import { RevenueChart } from '@/components/dashboard/RevenueChart';
import { OrdersTable } from '@/components/orders/OrdersTable';
import { RANGE_PRESETS, dashboardRange } from '@/lib/dates';
import { money, shortDate } from '@/lib/format';
import { first, type SearchParams } from '@/lib/url-state';
import { requireSection } from '@/server/guard';
import { ordersSummary } from '@/server/orders';
import { dashboardReports } from '@/server/reports';

export const metadata: Metadata = { title: 'Dashboard' };

export default async function DashboardPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { api, staff } = await requireSection('dashboard');
  const params = await searchParams;
  const range = dashboardRange({ from: first(params, 'from'), to: first(params, 'to'), days: first(params, 'days') });
  const canSeeStock = staff.permissions.includes('inventory:read');
  const canSeeReports = staff.permissions.includes('reports:read');
  const [summary, lowStock, reports] = await Promise.all([
    ordersSummary(api, { from: range.from, to: range.to }),
    // The stock panel is an extra: an inventory outage must not take the dashboard down.
    canSeeStock ? api.inventory.list.query({ lowStock: true, sort: 'available_asc', pageSize: 10 }).catch(() => null) : null,
    // The report panels too: analytics down → "Reports unavailable" in each panel (server/reports.ts).
    canSeeReports ? dashboardReports(api) : null,
  ]);
  const currency = summary.currency;
  const period = `${shortDate(summary.range.from)} – ${shortDate(summary.range.to)}`;
  const previous = `${shortDate(summary.previousRange.from)} – ${shortDate(summary.previousRange.to)}`;

  return (
    <div className="stack">
      <div className="page-header">
        <h1 className="page-title">Dashboard</h1>
        <div className={styles.ranges}>
          <nav aria-label="Date range presets" className="oc-cluster">
            {RANGE_PRESETS.map((days) => (
              <Link
                key={days}
                href={`/?days=${days}`}
                className={`oc-button oc-button--sm ${range.preset === days ? 'oc-button--primary' : 'oc-button--secondary'}`}
                aria-current={range.preset === days ? 'page' : undefined}
              >
                Last {days} days
              </Link>
            ))}
          </nav>
          <form method="get" action="/" className={styles.rangeForm}>
            <label>
              From
              <input className="oc-input" type="date" name="from" defaultValue={range.from} required />
            </label>
            <label>
              To
              <input className="oc-input" type="date" name="to" defaultValue={range.to} required />
            </label>
            <button type="submit" className="oc-button oc-button--secondary oc-button--sm">
              Show range
            </button>
          </form>
        </div>
      </div>


      <section aria-labelledby="today-title">
        <h2 id="today-title" className={styles.sectionTitle}>
          Today
        </h2>
        <dl className={styles.kpis}>
          <Kpi label="Revenue today" value={money(summary.today.revenue, currency)} current={summary.today.revenue} />
          <Kpi label="Orders today" value={String(summary.today.orders)} current={summary.today.orders} />
          <Kpi label="Average order value today" value={money(summary.today.averageOrderValue, currency)} current={summary.today.averageOrderValue} />
        </dl>
      </section>

      <section aria-labelledby="range-title">
        <h2 id="range-title" className={styles.sectionTitle}>
          {period} <span className="muted">({summary.timeZone})</span>
        </h2>
        <dl className={styles.kpis}>
          <Kpi label="Revenue" value={money(summary.current.revenue, currency)} current={summary.current.revenue} previous={summary.previous.revenue} comparedTo={previous} />
          <Kpi label="Orders" value={String(summary.current.orders)} current={summary.current.orders} previous={summary.previous.orders} comparedTo={previous} />
          <Kpi
            label="Average order value"
            value={money(summary.current.averageOrderValue, currency)}
            current={summary.current.averageOrderValue}
            previous={summary.previous.averageOrderValue}
            comparedTo={previous}
          />
        </dl>
      </section>

      <div className={styles.grid2}>
        <section aria-labelledby="chart-title" className="panel">
          <h2 id="chart-title" className={styles.sectionTitle}>
            Revenue by day
          </h2>
          <figure style={{ margin: 0 }}>
            <RevenueChart days={summary.byDay} currency={currency} />
            <figcaption>
              <details>
                <summary>Revenue by day as a table</summary>
                <div className="table-scroll">
                  <table className="data-table">
                    <caption className="oc-visually-hidden">Revenue and orders per day, {period}</caption>
                    <thead>
                      <tr>
                        <th scope="col">Day</th>
                        <th scope="col" className="num">
                          Revenue
                        </th>
                        <th scope="col" className="num">
                          Orders
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {summary.byDay.map((day) => (
                        <tr key={day.date}>
                          <th scope="row">{shortDate(day.date)}</th>
                          <td className="num">{money(day.revenue, currency)}</td>
                          <td className="num">{day.orders}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </details>
            </figcaption>
          </figure>
        </section>
        <section aria-labelledby="latest-title">
          <h2 id="latest-title" className={styles.sectionTitle}>
            Latest orders
          </h2>
          {summary.latestOrders.length ? <OrdersTable orders={summary.latestOrders} caption="Latest orders" compact /> : <p>No orders yet.</p>}
          <p>
            <Link href="/orders">All orders</Link>
          </p>
        </section>
        {canSeeStock ? (
          <section aria-labelledby="low-stock-title">
            <h2 id="low-stock-title" className={styles.sectionTitle}>
              Low-stock products
            </h2>
            {lowStock === null ? (
              <p className="muted">The stock levels could not be loaded right now.</p>
            ) : lowStock.items.length ? (
              <StockTable levels={lowStock.items} caption="SKUs low on stock, fewest available first" compact />
            ) : (
              <p>Nothing is low on stock.</p>
            )}
            {lowStock && lowStock.total > 0 ? (
              <p>
                <Link href="/inventory?lowStock=1&sort=available_asc">
                  {lowStock.total > lowStock.items.length ? `All ${lowStock.total} low-stock SKUs` : 'Low stock in the inventory'}
                </Link>
              </p>
            ) : null}
          </section>
        ) : null}
      </div>

      {reports ? (
        <DashboardReports query="?range=30d" timeZone={reports.timeZone} funnel={reports.results.funnel} search={reports.results.search} products={reports.results.products} />
      ) : null}
    </div>
  );
}
