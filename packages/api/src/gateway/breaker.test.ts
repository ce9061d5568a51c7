import { describe, expect, it } from 'vitest';
import { createCircuitBreaker } from './breaker.js';

describe('circuit breaker', () => {
  it('opens after consecutive failures, lets one trial through after the cool-down, closes on success', () => {
    let now = 0;
    const breaker = createCircuitBreaker({ threshold: 2, openMs: 1000, now: () => now });
    breaker.failure();
    expect(breaker.state).toBe('closed');
    breaker.failure();
    expect(breaker.state).toBe('open');
    expect(breaker.allow()).toBe(false);
    now = 1000;
    expect(breaker.allow()).toBe(true);
    expect(breaker.allow()).toBe(false); // only one trial at a time
    breaker.success();
    expect(breaker.state).toBe('closed');
    expect(breaker.allow()).toBe(true);
  });

  it('re-opens when the trial fails and frees the trial slot when it is abandoned', () => {
    let now = 0;
    const breaker = createCircuitBreaker({ threshold: 1, openMs: 1000, now: () => now });
    breaker.failure();
    now = 1000;
    expect(breaker.allow()).toBe(true);
    breaker.abandon();
    expect(breaker.allow()).toBe(true);
    breaker.failure();
    expect(breaker.allow()).toBe(false);
    expect(breaker.state).toBe('open');
  });

  it('a success resets the failure count', () => {
    const breaker = createCircuitBreaker({ threshold: 2 });
    breaker.failure();
    breaker.success();
    breaker.failure();
    expect(breaker.state).toBe('closed');
  });
});
