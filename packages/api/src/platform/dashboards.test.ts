import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from '../openapi/files.js';
import { createPaymentsMetrics } from '../payments/metrics.js';
import { metricsRegistry } from '../runtime/metrics.js';
import { concreteQuery, dashboardQueries, metricNamesIn, renderDashboards } from './dashboards.js';

interface RuleFile {
  groups: Array<{ name: string; rules: Array<{ record?: string; alert?: string; expr: string }> }>;
}
const rules = (file: string) => parse(readFileSync(join(REPO_ROOT, 'k8s/observability/rules', file), 'utf8')) as RuleFile;

/** Every metric the code defines (the process registry with every domain's metrics), by exposition name. */
function definedMetrics(): Set<string> {
  createPaymentsMetrics();
  const names = new Set<string>();
  for (const metric of metricsRegistry().getMetricsAsArray()) {
    const { name, type } = metric as unknown as { name: string; type: string };
    names.add(name);
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(name + suffix);
    if (type === 'summary') for (const suffix of ['_sum', '_count']) names.add(name + suffix);
  }
  return names;
}

/** Names a query may read besides the code's metrics: the recording rules and Prometheus' own `up`. */
function knownNames(): Set<string> {
  const names = definedMetrics();
  for (const group of rules('recording.yml').groups) for (const rule of group.rules) if (rule.record) names.add(rule.record);
  names.add('up');
  return names;
}

describe('metricNamesIn', () => {
  it('finds metric names, not functions, keywords, labels or durations', () => {
    expect(
      metricNamesIn('histogram_quantile(0.99, sum by (service, le) (rate(http_request_duration_seconds_bucket{route!~"a|b"}[5m]))) > 1 and on (service) up'),
    ).toEqual(['http_request_duration_seconds_bucket', 'up']);
    expect(metricNamesIn('(sum(increase(orders_checkouts_total{outcome=~"placed"}[30m])) or on () vector(0)) < 1 and on () hour() >= 8')).toEqual(['orders_checkouts_total']);
    expect(metricNamesIn('service:http_request_errors:rate5m / (service:http_requests:rate5m > 0)')).toEqual([
      'service:http_request_errors:rate5m',
      'service:http_requests:rate5m',
    ]);
  });
});

describe('observability: metric names', () => {
  it('the business metrics are defined with low-cardinality labels', () => {
    const defined = definedMetrics();
    for (const name of [
      'orders_checkouts_total',
      'payments_declines_total',
      'outbox_oldest_unpublished_age_seconds',
      'outbox_unpublished_events',
      'event_deliveries_total',
      'inventory_reservations_expired_total',
      'notifications_sends_total',
      'gateway_rate_limited_total',
      'circuit_breaker_state',
      'circuit_breaker_opened_total',
    ]) {
      expect(defined, name).toContain(name);
    }
  });

  it('every dashboard query reads only metrics the code defines (or recording rules)', () => {
    const known = knownNames();
    const unknown = dashboardQueries().flatMap(({ dashboard, panel, expr }) =>
      metricNamesIn(concreteQuery(expr))
        .filter((name) => !known.has(name))
        .map((name) => `${dashboard} / ${panel}: ${name}`),
    );
    expect(unknown).toEqual([]);
    expect(dashboardQueries().length).toBeGreaterThan(20);
  });

  it('every recording rule and alert reads only metrics the code defines (or recording rules)', () => {
    const known = knownNames();
    const unknown = ['recording.yml', 'alerts.yml'].flatMap((file) =>
      rules(file).groups.flatMap((group) =>
        group.rules.flatMap((rule) =>
          metricNamesIn(rule.expr)
            .filter((name) => !known.has(name))
            .map((name) => `${file} ${rule.record ?? rule.alert}: ${name}`),
        ),
      ),
    );
    expect(unknown).toEqual([]);
  });

  it('a misspelt metric would be caught', () => {
    expect(knownNames().has('orders_checkout_total')).toBe(false);
  });
});

describe('dashboards', () => {
  it('are valid Grafana JSON with unique uids and panel ids, every panel with a Prometheus query', () => {
    const files = renderDashboards();
    expect(Object.keys(files).sort()).toEqual([
      'k8s/observability/dashboards/checkout.json',
      'k8s/observability/dashboards/events.json',
      'k8s/observability/dashboards/service-overview.json',
      'k8s/observability/dashboards/storefront.json',
    ]);
    const uids = new Set<string>();
    for (const text of Object.values(files)) {
      const dashboard = JSON.parse(text) as { uid: string; panels: Array<{ id: number; type: string; targets?: Array<{ expr: string }> }> };
      expect(uids.has(dashboard.uid)).toBe(false);
      uids.add(dashboard.uid);
      const ids = dashboard.panels.map((panel) => panel.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const panel of dashboard.panels.filter((p) => p.type !== 'row')) expect(panel.targets?.length).toBeGreaterThan(0);
    }
  });
});
