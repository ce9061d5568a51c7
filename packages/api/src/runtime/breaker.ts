import { recordBreakerOpened, registerBreakerMetrics, type BreakerScope } from './metrics.js';

/**
 * A small circuit breaker per upstream (the gateway's) or per callee (service clients): after
 * `threshold` consecutive transport failures or timeouts it opens
 * for `openMs` (callers get 503 at once), then lets one trial request through (half-open); a
 * success closes it, a failure opens it again.
 */
export type BreakerState = 'closed' | 'open' | 'half-open';

export interface CircuitBreaker {
  readonly state: BreakerState;
  /** May a request go to the upstream now? (In half-open, only the single trial may.) */
  allow(): boolean;
  success(): void;
  failure(): void;
  /** The allowed request ended without telling either way: let another trial through. */
  abandon(): void;
}

/** Names a breaker for `circuit_breaker_state` / `circuit_breaker_opened_total` (runtime/metrics.ts). */
export interface BreakerMetricsName {
  scope: BreakerScope;
  /** The service that owns the breaker (the gateway, or the calling service). */
  service: string;
  /** The upstream or callee it guards. */
  target: string;
}

export function createCircuitBreaker(
  options: { threshold?: number; openMs?: number; now?: () => number; metrics?: BreakerMetricsName } = {},
): CircuitBreaker {
  const threshold = options.threshold ?? 5;
  const openMs = options.openMs ?? 5_000;
  const now = options.now ?? Date.now;
  let state: BreakerState = 'closed';
  let failures = 0;
  let openedAt = 0;
  let trialInFlight = false;
  const named = options.metrics;
  const open = () => {
    if (state !== 'open' && named) recordBreakerOpened(named.scope, named.service, named.target);
    state = 'open';
    openedAt = now();
  };
  const breaker: CircuitBreaker = {
    get state() {
      if (state === 'open' && now() - openedAt >= openMs) return 'half-open';
      return state;
    },
    allow() {
      if (state === 'closed') return true;
      if (state === 'open') {
        if (now() - openedAt < openMs) return false;
        state = 'half-open';
        trialInFlight = false;
      }
      if (trialInFlight) return false;
      trialInFlight = true;
      return true;
    },
    success() {
      state = 'closed';
      failures = 0;
      trialInFlight = false;
    },
    abandon() {
      trialInFlight = false;
    },
    failure() {
      failures++;
      trialInFlight = false;
      if (state === 'half-open' || failures >= threshold) open();
    },
  };
  if (named) registerBreakerMetrics({ ...named, state: () => breaker.state });
  return breaker;
}
