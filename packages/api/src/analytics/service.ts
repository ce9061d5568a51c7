import { createHash, randomUUID } from 'node:crypto';
import { outboxEnvelope } from '../events/index.js';
import type { AuthUser } from '../runtime/auth.js';
import type { CatalogLookup } from './clients.js';
import { toCsv } from './csv.js';
import { analyticsInteractionsRecorded } from './events.js';
import { funnelSteps } from './funnel.js';
import type { AnalyticsRepository, EventRow, PaidOrderFact } from './repository.js';
import {
  behaviourEventSchema,
  FUNNEL_STEPS,
  MAX_EVENT_AGE_MS,
  MAX_EVENT_BYTES,
  MAX_EVENT_SKEW_MS,
  SHELVES,
  type BehaviourEvent,
  type CategoryRow,
  type CsvInput,
  type FunnelReport,
  type IngestInput,
  type IngestResult,
  type ListInput,
  type ProductRow,
  type PromotionsReport,
  type RecommendationsReport,
  type ReportCsv,
  type ReportInput,
  type RetentionInput,
  type RetentionPeriod,
  type RetentionReport,
  type SalesOverview,
  type SalesTotals,
  type SearchReport,
  type SearchRow,
  type TopCategories,
  type TopInput,
  type TopProducts,
} from './schemas.js';
import { addDays, bucketIn, bucketsOf, normaliseQuery, previousPeriod, storeDay } from './timezone.js';

export interface AnalyticsServiceOptions {
  timeZone: string;
  catalog: CatalogLookup;
  /** Called after a commit that wrote outbox rows (the relay publishes them soon). */
  outboxWritten?: () => void;
  now?: () => Date;
  retentionMonths?: number;
}

type Period = { from: string; to: string };

const SHELF_SET = new Set<string>(SHELVES);
const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : 0);
const firstIssue = (issues: { path: PropertyKey[]; message: string }[]) =>
  issues.map((issue) => (issue.path.length ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message)).join('; ');

/** Buyers as analytics keys them: the customer id, or a guest's lowercased e-mail hashed (the e-mail is never stored). */
export function customerKey(order: { customerId: string | null; guestEmail: string | null }): string | null {
  if (order.customerId) return `c:${order.customerId}`;
  if (order.guestEmail) return `g:${createHash('sha256').update(order.guestEmail.trim().toLowerCase()).digest('hex')}`;
  return null;
}

/**
 * Validates one batch event by event: returns the rows to store and the rejected ones with reasons.
 * customerId is the signed-in caller's (never the body's).
 */
export function validateBatch(events: unknown[], options: { now: Date; timeZone: string; customerId: string | null }): { rows: EventRow[]; rejected: IngestResult['rejected'] } {
  const rows: EventRow[] = [];
  const rejected: IngestResult['rejected'] = [];
  const nowMs = options.now.getTime();
  events.forEach((raw, index) => {
    const id = raw && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string' ? ((raw as { id: string }).id.slice(0, 64) as string) : null;
    const size = Buffer.byteLength(JSON.stringify(raw ?? null) ?? '', 'utf8');
    if (size > MAX_EVENT_BYTES) {
      rejected.push({ index, id, reason: `The event is ${size} bytes of JSON; at most ${MAX_EVENT_BYTES}` });
      return;
    }
    const parsed = behaviourEventSchema.safeParse(raw);
    if (!parsed.success) {
      rejected.push({ index, id, reason: firstIssue(parsed.error.issues) });
      return;
    }
    const event = parsed.data;
    const at = Date.parse(event.occurredAt);
    if (at < nowMs - MAX_EVENT_AGE_MS) {
      rejected.push({ index, id, reason: 'occurredAt: more than 24 hours in the past' });
      return;
    }
    if (at > nowMs + MAX_EVENT_SKEW_MS) {
      rejected.push({ index, id, reason: 'occurredAt: more than 5 minutes in the future' });
      return;
    }
    rows.push(eventRow(event, options.timeZone, options.customerId));
  });
  return { rows, rejected };
}

function eventRow(event: BehaviourEvent, timeZone: string, customerId: string | null): EventRow {
  const occurredAt = new Date(event.occurredAt);
  // A Do-Not-Track visitor (no visitor id) leaves no id at all: not even the signed-in customer's.
  const anonymous = event.visitorId === null;
  const row: EventRow = {
    id: event.id,
    occurred_at: occurredAt.toISOString(),
    type: event.type,
    store_day: storeDay(occurredAt, timeZone),
    visitor_id: event.visitorId,
    session_id: anonymous ? null : event.sessionId,
    customer_id: anonymous ? null : customerId,
    path: event.page.path,
    referrer_host: event.page.referrerHost,
    device: event.device,
    product_id: null,
    props: event.props as Record<string, unknown>,
    kind: null,
    search_query: null,
    shelf: null,
    impressions: 0,
  };
  switch (event.type) {
    case 'page_view':
      if (event.props.pageType === 'product' && event.props.productId) {
        row.product_id = event.props.productId;
        row.kind = 'product_view';
      }
      if (event.props.pageType === 'search' && event.props.query !== undefined) row.search_query = normaliseQuery(event.props.query) || null;
      break;
    case 'search_click':
      row.product_id = event.props.productId;
      row.search_query = normaliseQuery(event.props.query) || null;
      break;
    case 'add_to_cart':
      row.product_id = event.props.productId;
      row.kind = 'add_to_cart';
      break;
    case 'remove_from_cart':
      row.product_id = event.props.productId;
      break;
    case 'recommendation_click':
      row.product_id = event.props.productId;
      row.kind = 'recommendation_click';
      row.shelf = event.props.shelf;
      break;
    case 'product_impression':
      if (SHELF_SET.has(event.props.list)) {
        row.shelf = event.props.list;
        row.impressions = event.props.productIds.length;
      }
      break;
    default:
      break;
  }
  return row;
}

const emptyTotals = (): SalesTotals => ({ revenue: 0, gross: 0, refunds: 0, orders: 0, aov: 0, units: 0, newCustomers: 0, returningCustomers: 0 });
function addTo(totals: SalesTotals, day: { gross: number; refunds: number; orders: number; units: number; newCustomers: number; returningCustomers: number }) {
  totals.gross += day.gross;
  totals.refunds += day.refunds;
  totals.orders += day.orders;
  totals.units += day.units;
  totals.newCustomers += day.newCustomers;
  totals.returningCustomers += day.returningCustomers;
}
function finish(totals: SalesTotals): SalesTotals {
  totals.revenue = totals.gross - totals.refunds;
  totals.aov = totals.orders > 0 ? Math.round(totals.gross / totals.orders) : 0;
  return totals;
}

/** Retention of cohort members: share ordering again in month +1 … +months. */
export function cohortTable(members: Array<{ cohort: string; offsets: number[] }>, months: number) {
  const byCohort = new Map<string, { customers: number; again: number[] }>();
  for (const member of members) {
    const entry = byCohort.get(member.cohort) ?? { customers: 0, again: Array.from({ length: months }, () => 0) };
    entry.customers += 1;
    for (const offset of member.offsets) if (offset >= 1 && offset <= months) entry.again[offset - 1]! += 1;
    byCohort.set(member.cohort, entry);
  }
  return [...byCohort.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([cohort, entry]) => ({ cohort, customers: entry.customers, retention: entry.again.map((n) => ratio(n, entry.customers)) }));
}

/** The logic of analytics, framework-free (throws DomainError; never builds HTTP answers). */
export function createAnalyticsService(repository: AnalyticsRepository, options: AnalyticsServiceOptions) {
  const outboxWritten = options.outboxWritten ?? (() => undefined);
  const now = options.now ?? (() => new Date());
  const tz = options.timeZone;

  /** Products of report rows analytics has not heard of are asked of the catalog once and kept. */
  async function productNames(ids: string[]) {
    const known = new Map((await repository.knownProducts(ids)).map((row) => [row.id, row]));
    const missing = ids.filter((id) => !known.has(id));
    if (missing.length > 0) {
      try {
        const fetched = await options.catalog.products(missing);
        await repository.upsertProducts(fetched);
        for (const product of fetched) known.set(product.id, product);
      } catch {
        // The catalog is down: the report answers with ids for names.
      }
    }
    return known;
  }

  async function withPrevious<T>(input: { from: string; to: string; compare: boolean }, build: (period: Period) => Promise<T>): Promise<{ current: T; previous: T | null }> {
    const current = { from: input.from, to: input.to };
    const [a, b] = await Promise.all([build(current), input.compare ? build(previousPeriod(current)) : Promise.resolve(null)]);
    return { current: a, previous: b };
  }

  async function salesPeriod(period: Period, granularity: ReportInput['granularity']) {
    const days = await repository.dailySales(period.from, period.to);
    const totals = emptyTotals();
    const series = new Map(bucketsOf(period, granularity).map((bucket) => [bucket, emptyTotals()]));
    for (const day of days) {
      addTo(totals, day);
      addTo(series.get(bucketIn(day.day, period, granularity))!, day);
    }
    return { period, totals: finish(totals), series: [...series.entries()].map(([bucket, values]) => ({ bucket, ...finish(values) })) };
  }

  async function productsPeriod(period: Period, by: 'revenue' | 'units', limit: number) {
    const rows = await repository.productTotals(period.from, period.to, by, limit);
    const names = await productNames(rows.map((row) => row.productId));
    const items: ProductRow[] = rows.map((row) => {
      const product = names.get(row.productId);
      return {
        productId: row.productId,
        name: product?.name ?? row.productId,
        categoryId: product?.categoryId ?? null,
        categoryName: product?.categoryName ?? null,
        revenue: row.revenue,
        refunds: row.refunds,
        units: row.units,
        orders: row.orders,
        views: row.views,
        addToCarts: row.addToCarts,
        conversion: ratio(row.orders, row.views),
      };
    });
    return { period, items };
  }

  async function categoriesPeriod(period: Period, by: 'revenue' | 'units', limit: number) {
    const rows = await repository.categoryTotals(period.from, period.to, by, limit);
    const items: CategoryRow[] = [];
    for (const row of rows) {
      const name = row.name ?? (await options.catalog.categoryName(row.categoryId).catch(() => null));
      items.push({ categoryId: row.categoryId, name, revenue: row.revenue, refunds: row.refunds, units: row.units, orders: row.orders, views: row.views, conversion: ratio(row.orders, row.views) });
    }
    return { period, items };
  }

  async function searchPeriod(period: Period, limit: number) {
    const rows: SearchRow[] = (await repository.searchRows(period.from, period.to)).map((row) => ({ ...row, clickThrough: ratio(row.clicks, row.searches) }));
    const totals = rows.reduce(
      (sum, row) => ({ searches: sum.searches + row.searches, zeroResults: sum.zeroResults + row.zeroResults, corrected: sum.corrected + row.corrected, clicks: sum.clicks + row.clicks }),
      { searches: 0, zeroResults: 0, corrected: 0, clicks: 0 },
    );
    const top = (key: 'searches' | 'zeroResults' | 'corrected') =>
      rows
        .filter((row) => row[key] > 0)
        .sort((a, b) => b[key] - a[key] || b.searches - a.searches || a.query.localeCompare(b.query))
        .slice(0, limit);
    return { period, totals: { ...totals, clickThrough: ratio(totals.clicks, totals.searches) }, topQueries: top('searches'), zeroResultQueries: top('zeroResults'), correctedQueries: top('corrected') };
  }

  async function retentionPeriod(period: Period, months: number): Promise<RetentionPeriod> {
    const [counts, members] = await Promise.all([repository.buyerOrderCounts(period.from, period.to), repository.cohortMembers(period.from, period.to)]);
    const repeat = counts.filter((n) => n >= 2).length;
    return { period, customers: counts.length, repeatCustomers: repeat, repeatPurchaseRate: ratio(repeat, counts.length), cohorts: cohortTable(members, months) };
  }

  async function shelvesPeriod(period: Period) {
    const rows = new Map((await repository.shelfRows(period.from, period.to)).map((row) => [row.shelf, row]));
    return {
      period,
      shelves: SHELVES.map((shelf) => {
        const row = rows.get(shelf) ?? { impressions: 0, clicks: 0, attributedOrders: 0, attributedRevenue: 0 };
        return { shelf, impressions: row.impressions, clicks: row.clicks, ctr: ratio(row.clicks, row.impressions), attributedOrders: row.attributedOrders, attributedRevenue: row.attributedRevenue };
      }),
    };
  }

  async function promotionsPeriod(period: Period) {
    const [rows, totals] = await Promise.all([repository.promotionRows(period.from, period.to), repository.discountTotals(period.from, period.to)]);
    return {
      period,
      orders: totals.orders,
      discountedOrders: totals.discountedOrders,
      discountedRevenue: totals.revenue,
      discountCost: totals.discountCost,
      promotions: rows.map((row) => ({ ...row, kind: row.kind === 'automatic' ? ('automatic' as const) : ('code' as const) })),
    };
  }

  const service = {
    timeZone: tz,

    /** Validates event by event, stores the good ones once each (one statement), publishes the interactions. */
    async ingest(user: AuthUser | null, input: IngestInput): Promise<IngestResult> {
      const { rows, rejected } = validateBatch(input.events, { now: now(), timeZone: tz, customerId: user?.id ?? null });
      if (rows.length > 0) {
        const batchId = randomUUID();
        const { published } = await repository.ingest(rows, outboxEnvelope(analyticsInteractionsRecorded, batchId));
        if (published) outboxWritten();
      }
      return { accepted: rows.length, rejected };
    },

    async salesOverview(input: ReportInput): Promise<SalesOverview> {
      const { current, previous } = await withPrevious(input, (period) => salesPeriod(period, input.granularity));
      return { current, previous, granularity: input.granularity, timeZone: tz };
    },

    async topProducts(input: TopInput): Promise<TopProducts> {
      const { current, previous } = await withPrevious(input, (period) => productsPeriod(period, input.by, input.limit));
      return { current, previous, by: input.by, timeZone: tz };
    },

    async topCategories(input: TopInput): Promise<TopCategories> {
      const { current, previous } = await withPrevious(input, (period) => categoriesPeriod(period, input.by, input.limit));
      return { current, previous, by: input.by, timeZone: tz };
    },

    async funnel(input: ReportInput): Promise<FunnelReport> {
      const { current, previous } = await withPrevious(input, async (period) => ({ period, steps: funnelSteps(await repository.funnelCounts(period.from, period.to)) }));
      return { current, previous, timeZone: tz };
    },

    async search(input: ListInput): Promise<SearchReport> {
      const { current, previous } = await withPrevious(input, (period) => searchPeriod(period, input.limit));
      return { current, previous, timeZone: tz };
    },

    async retention(input: RetentionInput): Promise<RetentionReport> {
      const { current, previous } = await withPrevious(input, (period) => retentionPeriod(period, input.months));
      return { current, previous, months: input.months, timeZone: tz };
    },

    async recommendations(input: ReportInput): Promise<RecommendationsReport> {
      const { current, previous } = await withPrevious(input, shelvesPeriod);
      return { current, previous, timeZone: tz };
    },

    async promotions(input: ReportInput): Promise<PromotionsReport> {
      const { current, previous } = await withPrevious(input, promotionsPeriod);
      return { current, previous, timeZone: tz };
    },

    /** A report's current period as CSV (what the report's page shows). */
    async reportCsv(input: CsvInput): Promise<ReportCsv> {
      const base = { from: input.from, to: input.to, granularity: input.granularity, compare: false };
      let header: string[] = [];
      let rows: Array<Array<string | number | null>> = [];
      switch (input.report) {
        case 'sales': {
          const report = await service.salesOverview(base);
          header = ['bucket', 'revenue', 'gross', 'refunds', 'orders', 'aov', 'units', 'new_customers', 'returning_customers'];
          rows = report.current.series.map((b) => [b.bucket, b.revenue, b.gross, b.refunds, b.orders, b.aov, b.units, b.newCustomers, b.returningCustomers]);
          break;
        }
        case 'products': {
          const report = await service.topProducts({ ...base, by: input.by, limit: input.limit });
          header = ['product_id', 'name', 'category', 'revenue', 'refunds', 'units', 'orders', 'views', 'add_to_carts', 'conversion'];
          rows = report.current.items.map((p) => [p.productId, p.name, p.categoryName, p.revenue, p.refunds, p.units, p.orders, p.views, p.addToCarts, p.conversion]);
          break;
        }
        case 'categories': {
          const report = await service.topCategories({ ...base, by: input.by, limit: input.limit });
          header = ['category_id', 'name', 'revenue', 'refunds', 'units', 'orders', 'views', 'conversion'];
          rows = report.current.items.map((c) => [c.categoryId, c.name, c.revenue, c.refunds, c.units, c.orders, c.views, c.conversion]);
          break;
        }
        case 'funnel': {
          const report = await service.funnel(base);
          header = ['step', 'count', 'step_conversion', 'overall_conversion', 'drop_off'];
          rows = report.current.steps.map((s) => [s.step, s.count, s.stepConversion, s.overallConversion, s.dropOff]);
          break;
        }
        case 'search': {
          const report = await service.search({ ...base, limit: input.limit });
          header = ['list', 'query', 'searches', 'zero_results', 'corrected', 'corrected_to', 'clicks', 'click_through'];
          const line = (list: string) => (q: SearchRow) => [list, q.query, q.searches, q.zeroResults, q.corrected, q.correctedTo, q.clicks, q.clickThrough];
          rows = [...report.current.topQueries.map(line('top')), ...report.current.zeroResultQueries.map(line('zero_results')), ...report.current.correctedQueries.map(line('corrected'))];
          break;
        }
        case 'retention': {
          const report = await service.retention({ ...base, months: input.months });
          header = ['cohort', 'customers', ...Array.from({ length: input.months }, (_, i) => `month_${i + 1}`)];
          rows = report.current.cohorts.map((c) => [c.cohort, c.customers, ...c.retention]);
          break;
        }
        case 'recommendations': {
          const report = await service.recommendations(base);
          header = ['shelf', 'impressions', 'clicks', 'ctr', 'attributed_orders', 'attributed_revenue'];
          rows = report.current.shelves.map((s) => [s.shelf, s.impressions, s.clicks, s.ctr, s.attributedOrders, s.attributedRevenue]);
          break;
        }
        case 'promotions': {
          const report = await service.promotions(base);
          header = ['promotion_id', 'kind', 'code', 'name', 'orders', 'revenue', 'refunds', 'discount_cost'];
          rows = report.current.promotions.map((p) => [p.promotionId, p.kind, p.code, p.name, p.orders, p.revenue, p.refunds, p.discountCost]);
          break;
        }
      }
      return { report: input.report, filename: `${input.report}-${input.from}-${input.to}.csv`, contentType: 'text/csv', csv: toCsv(header, rows) };
    },

    // --- consumed events

    async orderPaid(event: {
      id: string;
      occurredAt: string;
      data: {
        orderId: string;
        customerId: string | null;
        guestEmail: string | null;
        currency: string;
        subtotal: number;
        shipping: number;
        tax: number;
        total: number;
        lines: Array<{ productId: string; quantity: number; unitPrice: number; lineTotal: number }>;
        discount?: number | undefined;
        discounts?: Array<{ promotionId: string; kind: string; code: string | null; name: string; amount: number }> | undefined;
      };
    }): Promise<void> {
      const products = await productNames([...new Set(event.data.lines.map((line) => line.productId))]);
      const paidAt = new Date(event.occurredAt);
      const fact: PaidOrderFact = {
        eventId: event.id,
        orderId: event.data.orderId,
        customerKey: customerKey(event.data),
        paidAt: paidAt.toISOString(),
        storeDay: storeDay(paidAt, tz),
        currency: event.data.currency,
        subtotal: event.data.subtotal,
        shipping: event.data.shipping,
        tax: event.data.tax,
        total: event.data.total,
        lines: event.data.lines.map((line) => ({ productId: line.productId, categoryId: products.get(line.productId)?.categoryId ?? null, quantity: line.quantity, unitPrice: line.unitPrice, lineTotal: line.lineTotal })),
        discount: event.data.discount ?? 0,
        discounts: (event.data.discounts ?? []).map((d) => ({ promotionId: d.promotionId, kind: d.kind, code: d.code, name: d.name, amount: d.amount })),
      };
      await repository.recordPaidOrder(fact);
    },

    async orderRefunded(event: { id: string; occurredAt: string; data: { orderId: string; amount: number } }): Promise<void> {
      const at = new Date(event.occurredAt);
      await repository.recordRefund({ eventId: event.id, orderId: event.data.orderId, amount: event.data.amount, refundedAt: at.toISOString(), storeDay: storeDay(at, tz) });
    },

    async orderCancelled(event: { id: string; type: string; occurredAt: string; data: { orderId: string } }): Promise<void> {
      await repository.recordCancellation(event, event.data.orderId, new Date(event.occurredAt).toISOString());
    },

    async productChanged(event: { id: string; type: string; data: { productId: string; name: string; categoryId: string; status: string } }): Promise<void> {
      const categoryName = await options.catalog.categoryName(event.data.categoryId).catch(() => null);
      await repository.recordProduct(event, { id: event.data.productId, name: event.data.name, categoryId: event.data.categoryId, categoryName, status: event.data.status });
    },

    async productArchived(event: { id: string; type: string; data: { productId: string } }): Promise<void> {
      await repository.archiveProduct(event, event.data.productId);
    },

    // --- maintenance

    async rebuildRollups(input: { from: string; to: string }): Promise<{ days: number; sessions: number }> {
      const { sessions } = await repository.rebuildRollups(input.from, input.to);
      let days = 0;
      for (let day = input.from; day <= input.to; day = addDays(day, 1)) days += 1;
      return { days, sessions };
    },

    /** Partitions for this month and the next two; drops those older than the retention (UTC months). */
    async maintainPartitions(): Promise<{ created: string[]; dropped: string[] }> {
      const today = now();
      const month = (offset: number) => new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + offset, 1)).toISOString().slice(0, 7);
      return repository.maintainPartitions([month(0), month(1), month(2)], month(-(options.retentionMonths ?? 13)));
    },
  };
  return service;
}

export { FUNNEL_STEPS };
export type AnalyticsService = ReturnType<typeof createAnalyticsService>;
