import { describe, expect, it } from 'vitest';
import { currentWork, forwardedTraceHeaders, isTraceparent, newTraceparent, runWithWork, traceHeaders, traceIdOf, workFromHeaders } from './trace.js';

const PARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

describe('workFromHeaders', () => {
  it("continues a caller's valid trace with a new span, and keeps its tracestate", () => {
    const work = workFromHeaders({ traceparent: PARENT, tracestate: 'vendor=1' });
    expect(traceIdOf(work.traceparent)).toBe(traceIdOf(PARENT));
    expect(work.traceparent).not.toBe(PARENT);
    expect(isTraceparent(work.traceparent)).toBe(true);
    expect(work.tracestate).toBe('vendor=1');
    // Worked out once: every read gives the same span.
    expect(work.traceparent).toBe(work.traceparent);
  });

  it('starts a new trace when the header is absent, malformed or all zeros', () => {
    for (const traceparent of [undefined, 'nonsense', '00-00000000000000000000000000000000-b7ad6b7169203331-01']) {
      const work = workFromHeaders({ traceparent });
      expect(isTraceparent(work.traceparent)).toBe(true);
      expect(traceIdOf(work.traceparent)).not.toBe('0'.repeat(32));
    }
    // Without a parent, a tracestate means nothing: dropped.
    expect(workFromHeaders({ traceparent: 'nonsense', tracestate: 'vendor=1' }).tracestate).toBeNull();
    expect(workFromHeaders({ tracestate: 'vendor=1' }).tracestate).toBeNull();
  });

  it('carries the actor set during the work, and service calls get a child of its span', () => {
    const work = workFromHeaders({ traceparent: PARENT });
    runWithWork(work, () => {
      currentWork()!.actor = { type: 'user', id: 'u1' };
      const headers = traceHeaders();
      expect(traceIdOf(headers.traceparent!)).toBe(traceIdOf(PARENT));
      expect(headers.traceparent).not.toBe(work.traceparent);
    });
    expect(work.actor).toEqual({ type: 'user', id: 'u1' });
    expect(traceHeaders()).toEqual({});
  });
});

describe('forwardedTraceHeaders (the gateway)', () => {
  it("forwards a child of the client's trace, and nothing for an invalid one", () => {
    const forwarded = forwardedTraceHeaders({ traceparent: PARENT, tracestate: 'vendor=1' });
    expect(traceIdOf(forwarded.traceparent!)).toBe(traceIdOf(PARENT));
    expect(forwarded.tracestate).toBe('vendor=1');
    expect(forwardedTraceHeaders({ traceparent: 'nonsense', tracestate: 'vendor=1' })).toEqual({});
    expect(forwardedTraceHeaders({})).toEqual({});
  });
});

describe('trace ids', () => {
  it('are unique and well-formed across refills of the random pool', () => {
    const ids = Array.from({ length: 5_000 }, () => newTraceparent());
    expect(ids.every(isTraceparent)).toBe(true);
    expect(new Set(ids.map(traceIdOf)).size).toBe(ids.length);
  });
});
