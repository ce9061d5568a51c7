import { TRPCError } from '@trpc/server';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const getViewer = vi.fn();
const me = vi.fn();
vi.mock('@/server/caller', () => ({ getViewer, getServerApi: async () => ({ account: { me } }) }));
const { hasUsableSession } = await import('./signed-in');

describe('hasUsableSession', () => {
  beforeEach(() => {
    getViewer.mockReset();
    me.mockReset();
  });

  it('is false for guests without asking identity', async () => {
    getViewer.mockResolvedValue(null);
    expect(await hasUsableSession()).toBe(false);
    expect(me).not.toHaveBeenCalled();
  });

  it('is false when identity refuses the session’s token (so /login shows its form instead of looping)', async () => {
    getViewer.mockResolvedValue({ id: 'u1' });
    me.mockRejectedValue(new TRPCError({ code: 'UNAUTHORIZED', message: 'Invalid access token' }));
    expect(await hasUsableSession()).toBe(false);
  });

  it('trusts the cookie when identity accepts it or cannot be reached', async () => {
    getViewer.mockResolvedValue({ id: 'u1' });
    me.mockResolvedValueOnce({ id: 'u1' });
    expect(await hasUsableSession()).toBe(true);
    me.mockRejectedValueOnce(new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: 'down' }));
    expect(await hasUsableSession()).toBe(true);
  });
});
