import { describe, expect, it } from 'vitest';
import { diffTimings, routeTimings } from './checkout.js';

// A made-up /metrics excerpt: the breakdown's arithmetic, never the machine's speed.
const metrics = (reserveSum: number, reserveCount: number) =>
  [
    '# HELP http_request_duration_seconds Request duration',
    `http_request_duration_seconds_bucket{le="0.005",service="inventory",route="trpc reserve",method="POST",status="200"} 3`,
    `http_request_duration_seconds_sum{service="inventory",route="trpc reserve",method="POST",status="200"} ${reserveSum}`,
    `http_request_duration_seconds_count{service="inventory",route="trpc reserve",method="POST",status="200"} ${reserveCount}`,
    `http_request_duration_seconds_sum{service="inventory",route="trpc reserve",method="POST",status="409"} 0.5`,
    `http_request_duration_seconds_count{service="inventory",route="trpc reserve",method="POST",status="409"} 10`,
    `http_request_duration_seconds_sum{service="inventory",route="healthz",method="GET",status="200"} 0.01`,
    `http_request_duration_seconds_count{service="inventory",route="healthz",method="GET",status="200"} 0`,
  ].join('\n');

describe('checkout breakdown from /metrics', () => {
  it('sums every status of a route and skips routes never called', () => {
    expect(routeTimings(metrics(1.5, 90), 'inventory')).toEqual([{ service: 'inventory', route: 'trpc reserve', calls: 100, meanMs: 20 }]);
  });

  it('keeps only the measured window', () => {
    const before = routeTimings(metrics(1.5, 90), 'inventory');
    const after = routeTimings(metrics(5.5, 190), 'inventory');
    expect(diffTimings(before, after)).toEqual([{ service: 'inventory', route: 'trpc reserve', calls: 100, meanMs: 40 }]);
    expect(diffTimings(after, after)).toEqual([]);
  });
});
