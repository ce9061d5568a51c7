/**
 * The Grafana dashboards of k8s/observability/dashboards/, generated from code so every panel's
 * query is checked: `npm run dashboards` writes them, `npm run check:observability` fails when the
 * committed JSON drifts, when a query does not parse (promtool) or names a metric the code does not
 * define (platform/dashboards.test.ts). Import them into Grafana (or mount them with the dashboard
 * sidecar); each asks for a Prometheus data source (`datasource` variable).
 */

export const DASHBOARDS_DIR = 'k8s/observability/dashboards';

type Unit = 'reqps' | 'percentunit' | 's' | 'short' | 'bytes' | 'ops' | 'none';

export interface PanelQuery {
  expr: string;
  legend?: string;
}

interface PanelSpec {
  title: string;
  description: string;
  queries: PanelQuery[];
  unit: Unit;
  /** stat: one number; timeseries (default): lines over time. */
  kind?: 'stat' | 'timeseries';
  /** Grid width out of 24 (default 12). */
  width?: number;
  stacked?: boolean;
}

interface RowSpec {
  title: string;
  panels: PanelSpec[];
}

export interface DashboardSpec {
  uid: string;
  title: string;
  description: string;
  /** Adds a multi-value `service` variable (label values of http_requests_total). */
  serviceVariable?: boolean;
  rows: RowSpec[];
}

/** Every series OmniCart exports carries `service`; `$service` is the dashboard's variable. */
const SVC = 'service=~"$service"';
const RATE = '$__rate_interval';
const NOT_PROBES = 'route!~"metrics|healthz|readyz"';

const serviceOverview: DashboardSpec = {
  uid: 'omnicart-service-overview',
  title: 'OmniCart / Service overview',
  description: 'RED metrics per service and route, PostgreSQL pools, circuit breakers and the Node.js process.',
  serviceVariable: true,
  rows: [
    {
      title: 'Requests',
      panels: [
        {
          title: 'Request rate by service',
          description: 'HTTP requests handled per second (http_requests_total), probes and scrapes excluded.',
          queries: [{ expr: `sum by (service) (rate(http_requests_total{${SVC},${NOT_PROBES}}[${RATE}]))`, legend: '{{service}}' }],
          unit: 'reqps',
        },
        {
          title: '5xx ratio by service',
          description: 'Share of requests answered 5xx over 5 minutes (recording rule service:http_request_error_ratio:rate5m). ServiceHighErrorRate pages above 5%.',
          queries: [{ expr: `service:http_request_error_ratio:rate5m{${SVC}}`, legend: '{{service}}' }],
          unit: 'percentunit',
        },
        {
          title: 'p99 latency by route (slowest 10)',
          description: 'Recording rule service_route:http_request_duration_seconds:p99_5m. RouteHighLatencyP99 opens a ticket above 1 s.',
          queries: [{ expr: `topk(10, service_route:http_request_duration_seconds:p99_5m{${SVC}})`, legend: '{{service}} {{route}}' }],
          unit: 's',
        },
        {
          title: 'p95 latency by service',
          description: '95th percentile of http_request_duration_seconds per service.',
          queries: [
            {
              expr: `histogram_quantile(0.95, sum by (service, le) (rate(http_request_duration_seconds_bucket{${SVC},${NOT_PROBES}}[${RATE}])))`,
              legend: '{{service}}',
            },
          ],
          unit: 's',
        },
        {
          title: 'Errors by route',
          description: 'Requests answered 4xx or 5xx per second, by service, route and status.',
          queries: [{ expr: `sum by (service, route, status) (rate(http_requests_total{${SVC},status=~"[45].."}[${RATE}])) > 0`, legend: '{{service}} {{route}} {{status}}' }],
          unit: 'reqps',
          width: 24,
        },
      ],
    },
    {
      title: 'Resources',
      panels: [
        {
          title: 'PostgreSQL pool',
          description: 'Open and idle connections, and queries waiting for a connection (a pool too small for the load).',
          queries: [
            { expr: `sum by (service) (db_pool_connections_total{${SVC}})`, legend: '{{service}} open' },
            { expr: `sum by (service) (db_pool_connections_idle{${SVC}})`, legend: '{{service}} idle' },
            { expr: `sum by (service) (db_pool_requests_waiting{${SVC}})`, legend: '{{service}} waiting' },
          ],
          unit: 'short',
        },
        {
          title: 'Circuit breakers not closed',
          description: 'Breakers (gateway upstreams, service clients) currently open or half-open: calls to the target fail fast.',
          queries: [{ expr: `max by (scope, service, target, state) (circuit_breaker_state{${SVC},state!="closed"}) > 0`, legend: '{{scope}} {{service}} → {{target}} {{state}}' }],
          unit: 'short',
        },
        {
          title: 'CPU per pod',
          description: 'process_cpu_seconds_total (default Node.js metrics): cores used.',
          queries: [{ expr: `sum by (app, pod) (rate(process_cpu_seconds_total[${RATE}]))`, legend: '{{pod}}' }],
          unit: 'short',
          width: 8,
        },
        {
          title: 'Resident memory per pod',
          description: 'process_resident_memory_bytes.',
          queries: [{ expr: 'sum by (app, pod) (process_resident_memory_bytes)', legend: '{{pod}}' }],
          unit: 'bytes',
          width: 8,
        },
        {
          title: 'Event loop lag p99 per pod',
          description: 'nodejs_eventloop_lag_p99_seconds: a busy or blocked event loop delays every request of the pod.',
          queries: [{ expr: 'max by (app, pod) (nodejs_eventloop_lag_p99_seconds)', legend: '{{pod}}' }],
          unit: 's',
          width: 8,
        },
      ],
    },
  ],
};

const checkout: DashboardSpec = {
  uid: 'omnicart-checkout',
  title: 'OmniCart / Checkout',
  description: 'Checkouts by outcome, payment declines by code, stock reservations and the checkout call latency.',
  rows: [
    {
      title: 'Checkouts',
      panels: [
        {
          title: 'Orders placed (last hour)',
          description: 'Checkouts that ended with an order (placed, or pending a payment action).',
          queries: [{ expr: 'sum(increase(orders_checkouts_total{outcome=~"placed|pending"}[1h]))' }],
          unit: 'short',
          kind: 'stat',
          width: 6,
        },
        {
          title: 'Decline ratio (15 min)',
          description: 'Declined checkouts over those that reached the payment provider (orders:checkout_decline_ratio:rate15m). PaymentFailureSpike pages above 30%.',
          queries: [{ expr: 'orders:checkout_decline_ratio:rate15m' }],
          unit: 'percentunit',
          kind: 'stat',
          width: 6,
        },
        {
          title: 'Checkout p99 latency',
          description: 'orders.place as the orders service and the gateway see it.',
          queries: [{ expr: 'max by (service) (service_route:http_request_duration_seconds:p99_5m{route=~".*orders.place.*"})', legend: '{{service}}' }],
          unit: 's',
          kind: 'stat',
          width: 12,
        },
        {
          title: 'Checkouts by outcome',
          description: 'orders_checkouts_total: placed, pending (payment needs an action), declined, rejected (4xx: stock, limits, conflicts), rate_limited, failed (5xx).',
          queries: [{ expr: `sum by (outcome) (rate(orders_checkouts_total[${RATE}]))`, legend: '{{outcome}}' }],
          unit: 'ops',
          stacked: true,
          width: 24,
        },
      ],
    },
    {
      title: 'Payments and stock',
      panels: [
        {
          title: 'Declines by decline code',
          description: 'payments_declines_total: payments moved to failed, by the provider\'s decline code (codes outside a small known set are "other").',
          queries: [{ expr: `sum by (decline_code) (rate(payments_declines_total[${RATE}]))`, legend: '{{decline_code}}' }],
          unit: 'ops',
          stacked: true,
        },
        {
          title: 'Webhook events refused',
          description: 'payments_webhook_mismatch_total: signed Stripe events that disagreed with our payment (intent, order, amount, currency). Any is worth a look.',
          queries: [{ expr: 'sum by (field) (increase(payments_webhook_mismatch_total[1h]))', legend: '{{field}}' }],
          unit: 'short',
        },
        {
          title: 'Reservations expired',
          description: 'inventory_reservations_expired_total: stock held by checkouts that neither committed nor released it, freed by the sweeper.',
          queries: [{ expr: 'sum(increase(inventory_reservations_expired_total[1h]))', legend: 'per hour' }],
          unit: 'short',
        },
        {
          title: 'Checkout calls between services',
          description: 'Rate and errors of the calls a checkout makes: inventory reserve, promotions reserve, payments charge.',
          queries: [
            { expr: `sum by (service, route) (rate(http_requests_total{service=~"inventory|promotions|payments",route=~".*(reserve|charge).*"}[${RATE}]))`, legend: '{{service}} {{route}}' },
            {
              expr: `sum by (service, route) (rate(http_requests_total{service=~"inventory|promotions|payments",route=~".*(reserve|charge).*",status=~"5.."}[${RATE}]))`,
              legend: '{{service}} {{route}} 5xx',
            },
          ],
          unit: 'reqps',
        },
      ],
    },
  ],
};

const events: DashboardSpec = {
  uid: 'omnicart-events',
  title: 'OmniCart / Events',
  description: 'The transactional outboxes, event deliveries per consumer (both buses) and notification sends.',
  rows: [
    {
      title: 'Outboxes',
      panels: [
        {
          title: 'Oldest unpublished event age',
          description: 'outbox_oldest_unpublished_age_seconds per producing service: how late consumers hear about changes. OutboxLagHigh pages above 60 s.',
          queries: [{ expr: 'max by (service) (outbox_oldest_unpublished_age_seconds)', legend: '{{service}}' }],
          unit: 's',
        },
        {
          title: 'Unpublished events',
          description: 'outbox_unpublished_events: the backlog of each outbox.',
          queries: [{ expr: 'max by (service) (outbox_unpublished_events)', legend: '{{service}}' }],
          unit: 'short',
        },
      ],
    },
    {
      title: 'Deliveries',
      panels: [
        {
          title: 'Handled per consumer',
          description: 'event_deliveries_total{outcome="handled"}: events each consumer handled per second.',
          queries: [{ expr: `sum by (consumer) (rate(event_deliveries_total{outcome="handled"}[${RATE}]))`, legend: '{{consumer}}' }],
          unit: 'ops',
        },
        {
          title: 'Retries per consumer',
          description: 'event_deliveries_total{outcome="retried"}: handler failures that will be redelivered after a backoff.',
          queries: [{ expr: `sum by (consumer) (rate(event_deliveries_total{outcome="retried"}[${RATE}])) > 0`, legend: '{{consumer}}' }],
          unit: 'ops',
        },
        {
          title: 'Dead letters (last hour)',
          description: 'event_deliveries_total{outcome="dead_lettered"}: events parked after their last attempt or for not matching their contract. DeadLettersGrowing opens a ticket.',
          queries: [{ expr: 'sum by (bus, consumer) (increase(event_deliveries_total{outcome="dead_lettered"}[1h])) > 0', legend: '{{consumer}} ({{bus}})' }],
          unit: 'short',
          width: 24,
        },
      ],
    },
    {
      title: 'Notifications',
      panels: [
        {
          title: 'Sends by state',
          description: 'notifications_sends_total: sent, retry (a temporary failure), bounced (refused for good), failed (last attempt), suppressed (unsubscribed).',
          queries: [{ expr: `sum by (channel, state) (rate(notifications_sends_total[${RATE}]))`, legend: '{{channel}} {{state}}' }],
          unit: 'ops',
          stacked: true,
          width: 24,
        },
      ],
    },
  ],
};

const GATEWAY = 'service="gateway"';

const storefront: DashboardSpec = {
  uid: 'omnicart-storefront',
  title: 'OmniCart / Storefront traffic',
  description: 'What shoppers experience through the API gateway: traffic, errors, latency, rate limiting and upstream breakers.',
  rows: [
    {
      title: 'Gateway',
      panels: [
        {
          title: 'Requests per second',
          description: 'Everything the gateway answered.',
          queries: [{ expr: `sum(rate(http_requests_total{${GATEWAY},${NOT_PROBES}}[${RATE}]))` }],
          unit: 'reqps',
          kind: 'stat',
          width: 6,
        },
        {
          title: '5xx ratio',
          description: 'Share of gateway answers that were 5xx (upstream down, breaker open, timeouts).',
          queries: [{ expr: `service:http_request_error_ratio:rate5m{${GATEWAY}}` }],
          unit: 'percentunit',
          kind: 'stat',
          width: 6,
        },
        {
          title: 'Rate-limited (429) per second',
          description: 'gateway_rate_limited_total: requests refused by the per-client token bucket.',
          queries: [{ expr: `sum(rate(gateway_rate_limited_total[${RATE}]))` }],
          unit: 'reqps',
          kind: 'stat',
          width: 6,
        },
        {
          title: 'Upstream breakers open',
          description: 'Gateway breakers currently open: that upstream\'s routes answer 503 at once.',
          queries: [{ expr: 'count(circuit_breaker_state{scope="gateway",state="open"} == 1) or vector(0)' }],
          unit: 'short',
          kind: 'stat',
          width: 6,
        },
        {
          title: 'Busiest routes',
          description: 'Gateway requests per second by route (tRPC procedure or REST route), top 10.',
          queries: [{ expr: `topk(10, sum by (route) (rate(http_requests_total{${GATEWAY},${NOT_PROBES}}[${RATE}])))`, legend: '{{route}}' }],
          unit: 'reqps',
        },
        {
          title: 'p95 latency of the busiest routes',
          description: 'As the shopper\'s browser waits for it (minus the network): gateway p95 per route.',
          queries: [
            {
              expr: `topk(10, histogram_quantile(0.95, sum by (route, le) (rate(http_request_duration_seconds_bucket{${GATEWAY},${NOT_PROBES}}[${RATE}]))))`,
              legend: '{{route}}',
            },
          ],
          unit: 's',
        },
        {
          title: 'Answers by status class',
          description: 'Gateway answers per second: 2xx, 3xx (cached pages), 4xx, 5xx.',
          queries: [
            {
              expr: `sum by (status_class) (label_replace(rate(http_requests_total{${GATEWAY},${NOT_PROBES}}[${RATE}]), "status_class", "\${1}xx", "status", "(.).."))`,
              legend: '{{status_class}}',
            },
          ],
          unit: 'reqps',
          stacked: true,
          width: 24,
        },
      ],
    },
  ],
};

export const DASHBOARDS: readonly DashboardSpec[] = [serviceOverview, checkout, events, storefront];

const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };

function panelJson(panel: PanelSpec, id: number, gridPos: { x: number; y: number; w: number; h: number }): Record<string, unknown> {
  const kind = panel.kind ?? 'timeseries';
  const custom = kind === 'timeseries' ? { custom: { fillOpacity: panel.stacked ? 30 : 10, stacking: { mode: panel.stacked ? 'normal' : 'none' } } } : {};
  return {
    id,
    type: kind,
    title: panel.title,
    description: panel.description,
    datasource: DATASOURCE,
    gridPos,
    fieldConfig: { defaults: { unit: panel.unit, ...custom }, overrides: [] },
    options:
      kind === 'stat'
        ? { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, colorMode: 'value', graphMode: 'area' }
        : { legend: { displayMode: 'list', placement: 'bottom', showLegend: true }, tooltip: { mode: 'multi', sort: 'desc' } },
    targets: panel.queries.map((query, index) => ({
      refId: String.fromCharCode(65 + index),
      datasource: DATASOURCE,
      expr: query.expr,
      legendFormat: query.legend ?? '__auto',
      range: true,
    })),
  };
}

/** The Grafana dashboard JSON model (schemaVersion 39) of one spec. */
export function dashboardJson(spec: DashboardSpec): Record<string, unknown> {
  const panels: Record<string, unknown>[] = [];
  let id = 1;
  let y = 0;
  for (const row of spec.rows) {
    panels.push({ id: id++, type: 'row', title: row.title, collapsed: false, gridPos: { x: 0, y, w: 24, h: 1 }, panels: [] });
    y += 1;
    let x = 0;
    for (const panel of row.panels) {
      const w = panel.width ?? 12;
      const h = panel.kind === 'stat' ? 4 : 8;
      if (x + w > 24) {
        x = 0;
        y += 8;
      }
      panels.push(panelJson(panel, id++, { x, y, w, h }));
      x += w;
    }
    y += 8;
  }
  const variables: Record<string, unknown>[] = [
    { name: 'datasource', label: 'Data source', type: 'datasource', query: 'prometheus', current: {}, hide: 0 },
  ];
  if (spec.serviceVariable) {
    variables.push({
      name: 'service',
      label: 'Service',
      type: 'query',
      datasource: DATASOURCE,
      query: { query: 'label_values(http_requests_total, service)', refId: 'service' },
      definition: 'label_values(http_requests_total, service)',
      includeAll: true,
      allValue: '.*',
      multi: true,
      current: { text: 'All', value: '$__all' },
      refresh: 2,
      sort: 1,
      hide: 0,
    });
  }
  return {
    uid: spec.uid,
    title: spec.title,
    description: spec.description,
    tags: ['omnicart'],
    timezone: 'utc',
    editable: true,
    graphTooltip: 1,
    schemaVersion: 39,
    version: 1,
    refresh: '30s',
    time: { from: 'now-6h', to: 'now' },
    templating: { list: variables },
    annotations: { list: [] },
    panels,
  };
}

/** File (relative to the repository root) → committed text. */
export function renderDashboards(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const spec of DASHBOARDS) {
    const file = `${DASHBOARDS_DIR}/${spec.uid.replace(/^omnicart-/, '')}.json`;
    files[file] = `${JSON.stringify(dashboardJson(spec), null, 2)}\n`;
  }
  return files;
}

/** Every panel query, for validation (promtool parses them; the metric names must exist in the code). */
export function dashboardQueries(): Array<{ dashboard: string; panel: string; expr: string }> {
  return DASHBOARDS.flatMap((spec) => spec.rows.flatMap((row) => row.panels.flatMap((panel) => panel.queries.map((query) => ({ dashboard: spec.uid, panel: panel.title, expr: query.expr })))));
}

/** A dashboard query as plain PromQL: Grafana's variables replaced by values Prometheus accepts. */
export function concreteQuery(expr: string): string {
  return expr.replaceAll('$__rate_interval', '5m').replaceAll('$service', '.*');
}

const PROMQL_WORDS = new Set([
  'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan',
]);

/**
 * The metric (and recording rule) names a PromQL expression reads: identifiers that are neither
 * functions or aggregations (followed by `(`), nor keywords, nor inside label matchers, strings,
 * grouping clauses or range brackets. Enough for the expressions we write; not a full parser.
 */
export function metricNamesIn(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/([A-Za-z_:][A-Za-z0-9_:]*)(\s*\()?/g)) {
    const [, name, call] = match;
    if (!name || call || PROMQL_WORDS.has(name.toLowerCase())) continue;
    // A number's exponent or a duration suffix ("1e3", "5m") starts with a digit and is never matched here.
    names.add(name);
  }
  return [...names];
}
