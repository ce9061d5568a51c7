/** The gateway's per-upstream breaker is the runtime's (services use the same one per callee). */
export { createCircuitBreaker, type BreakerState, type CircuitBreaker } from '../runtime/breaker.js';
