import { Counter } from 'prom-client';
import { metricsRegistry } from '../runtime/metrics.js';

let attempts: Counter<'outcome'> | undefined;

/**
 * `identity_login_attempts_total{outcome}`: `succeeded` and `failed` are password checks,
 * `throttled_<limit>` are attempts refused before one (limit: account_ip, ip, account, global).
 * A rising `throttled_global` is an attack across accounts: alert on it.
 */
export function loginAttempts(): Counter<'outcome'> {
  attempts ??= new Counter({
    name: 'identity_login_attempts_total',
    help: 'Login attempts by outcome: succeeded/failed (a password was checked) or throttled_<limit> (refused before)',
    labelNames: ['outcome'],
    registers: [metricsRegistry()],
  });
  return attempts;
}
