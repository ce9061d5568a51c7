import type pg from 'pg';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * One Prometheus registry per process. Several services may share a process (the laptop
 * topology), so every series carries a `service` label.
 */
export interface HttpMetrics {
  /** Records one finished request. `route` must be low-cardinality (procedure path or route pattern). */
  observe(route: string, method: string, status: number, seconds: number): void;
}

const pools = new Map<string, pg.Pool>();
let registry: Registry | undefined;
let requests: Counter<'service' | 'route' | 'method' | 'status'>;
let duration: Histogram<'service' | 'route' | 'method' | 'status'>;

function ensureRegistry(): Registry {
  if (registry) return registry;
  const created = new Registry();
  collectDefaultMetrics({ register: created });
  requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests handled, by service, route (procedure or route pattern), method and status',
    labelNames: ['service', 'route', 'method', 'status'],
    registers: [created],
  });
  duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency in seconds, by service, route, method and status',
    labelNames: ['service', 'route', 'method', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [created],
  });
  const poolGauge = (name: string, help: string, read: (pool: pg.Pool) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['service'],
      registers: [created],
      collect() {
        this.reset();
        for (const [service, pool] of pools) this.set({ service }, read(pool));
      },
    });
  poolGauge('db_pool_connections_total', 'PostgreSQL pool: open connections', (pool) => pool.totalCount);
  poolGauge('db_pool_connections_idle', 'PostgreSQL pool: idle connections', (pool) => pool.idleCount);
  poolGauge('db_pool_requests_waiting', 'PostgreSQL pool: queries waiting for a connection', (pool) => pool.waitingCount);
  registry = created;
  return created;
}

/** The process registry (created on first use, with default process metrics). */
export function metricsRegistry(): Registry {
  return ensureRegistry();
}

/** Reports the pool's total/idle/waiting connections under this service's label. */
export function registerPoolMetrics(service: string, pool: pg.Pool): void {
  ensureRegistry();
  pools.set(service, pool);
}

export function unregisterPoolMetrics(service: string): void {
  pools.delete(service);
}

/** Request metrics for one service. Labelled children are cached so the hot path only looks up a map. */
export function createHttpMetrics(service: string): HttpMetrics {
  ensureRegistry();
  const children = new Map<string, { count: { inc(): void }; time: { observe(value: number): void } }>();
  return {
    observe(route, method, status, seconds) {
      const key = `${route}\u0000${method}\u0000${status}`;
      let child = children.get(key);
      if (!child) {
        const labels = { service, route, method, status: String(status) };
        child = { count: requests.labels(labels), time: duration.labels(labels) };
        children.set(key, child);
      }
      child.count.inc();
      child.time.observe(seconds);
    },
  };
}

/** Prometheus text exposition of the whole process. */
export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  const reg = ensureRegistry();
  return { contentType: reg.contentType, body: await reg.metrics() };
}
