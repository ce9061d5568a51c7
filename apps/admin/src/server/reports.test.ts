import { TRPCClientError } from '@trpc/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Services } from './services';

const forbidden = vi.hoisted(() => vi.fn(() => {
  throw new Error('NEXT_HTTP_ERROR_FALLBACK;403');
}));
vi.mock('next/navigation', () => ({ forbidden }));

const { dashboardReports, loadReport } = await import('./reports');

const refusal = (httpStatus: number, message: string) => new TRPCClientError(message, { result: { error: { message, code: -32600, data: { httpStatus } } } } as never);
const funnelAnswer = (timeZone: string) => ({ current: { period: { from: 'x', to: 'y' }, steps: [] }, previous: null, timeZone });

/** A Services stand-in: orders' settings and the analytics procedures the test needs. */
function api(analytics: Record<string, (input: unknown) => Promise<unknown>>, settingsZone = 'America/New_York'): Services {
  const procedures = Object.fromEntries(Object.entries(analytics).map(([name, query]) => [name, { query }]));
  return { orders: { settings: { query: async () => ({ timeZone: settingsZone }) } }, analytics: procedures } as unknown as Services;
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('report reads', () => {
  it('a preset is worked out in the zone analytics answers in, and asked again', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const inputs: { from: string; to: string }[] = [];
    const funnel = async (input: unknown) => {
      inputs.push(input as { from: string; to: string });
      return funnelAnswer('Pacific/Kiritimati');
    };
    const { range, timeZone, result } = await loadReport(api({ funnel }, 'Pacific/Pago_Pago'), 'funnel', { range: '7d' });
    expect(result.status).toBe('ok');
    expect(timeZone).toBe('Pacific/Kiritimati');
    // UTC+14 and UTC−11 are always on different calendar days.
    expect(inputs).toHaveLength(2);
    expect(inputs[0]!.to).not.toBe(inputs[1]!.to);
    expect(range.to).toBe(inputs[1]!.to);
  });

  it('a custom range is asked once, as typed', async () => {
    const funnel = vi.fn(async () => funnelAnswer('America/New_York'));
    const { range } = await loadReport(api({ funnel }), 'funnel', { from: '2026-10-01', to: '2026-10-31', compare: '0' });
    expect(funnel).toHaveBeenCalledTimes(1);
    expect(funnel).toHaveBeenCalledWith({ from: '2026-10-01', to: '2026-10-31', granularity: 'day', compare: false });
    expect(range.preset).toBeNull();
  });

  it('analytics failing or down: "unavailable", never an error page', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { result } = await loadReport(api({ salesOverview: async () => Promise.reject(refusal(503, 'Service unavailable')) }), 'sales', {});
    expect(result).toEqual({ status: 'unavailable' });
    expect(error).toHaveBeenCalled();
  });

  it('analytics refusing the role (403): the not-allowed page', async () => {
    await expect(loadReport(api({ search: async () => Promise.reject(refusal(403, 'Needs reports:read')) }), 'search', {})).rejects.toThrow('403');
    expect(forbidden).toHaveBeenCalled();
  });

  it('the dashboard waits at most 4 s for its panels, then says unavailable', async () => {
    vi.useFakeTimers();
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const never = () => new Promise<never>(() => undefined);
    const pending = dashboardReports(api({ funnel: never, search: never, topProducts: never }));
    await vi.advanceTimersByTimeAsync(4_001);
    const answer = await pending;
    expect(answer.results).toEqual({ funnel: { status: 'unavailable' }, search: { status: 'unavailable' }, products: { status: 'unavailable' } });
  });
});
