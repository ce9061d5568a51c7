import { TRPCClientError } from '@trpc/client';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AdminContext } from './context';

const context = vi.hoisted(() => ({ current: null as unknown }));
vi.mock('./context', () => ({ getAdminContext: async () => context.current }));
vi.mock('next/cache', () => ({ revalidatePath: vi.fn() }));

const { customerPreferences, orderMessages } = await import('./messages');
const { resendMessage } = await import('./message-actions');

const MESSAGE = '0193b7a4-5c2e-7d10-9a4b-3c1f2e0d9a87';
const USER = '8d1f7c9e-2b3a-4c5d-9e0f-1a2b3c4d5e6f';

/** A service's refusal as the gateway client throws it (status and message). */
const refusal = (httpStatus: number, message: string) => new TRPCClientError(message, { result: { error: { message, code: -32600, data: { httpStatus } } } } as never);

function signedIn(permissions: string[], notifications: Record<string, unknown>) {
  context.current = {
    user: { id: USER },
    staff: { staffRole: 'owner', roleLabel: 'Owner', permissions },
    api: { notifications },
  } as unknown as AdminContext;
}

function form(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(values)) data.set(name, value);
  return data;
}

const IDLE = { status: 'idle' } as const;

describe('resendMessage', () => {
  beforeEach(() => {
    context.current = null;
  });

  it('answers the new message’s id', async () => {
    const mutate = vi.fn(async () => ({ id: 'new-message' }));
    signedIn(['customers:read', 'customers:write'], { resend: { mutate } });
    expect(await resendMessage(IDLE, form({ id: MESSAGE }))).toEqual({ status: 'done', messageId: 'new-message' });
    expect(mutate).toHaveBeenCalledWith({ id: MESSAGE });
  });

  it('refuses without customers:write, before asking the API', async () => {
    const mutate = vi.fn();
    signedIn(['customers:read'], { resend: { mutate } });
    expect(await resendMessage(IDLE, form({ id: MESSAGE }))).toEqual({ status: 'error', message: "You don't have permission to resend messages." });
    expect(mutate).not.toHaveBeenCalled();
  });

  it('says a signed-out session has ended', async () => {
    context.current = { user: null, staff: null, api: {} };
    expect(await resendMessage(IDLE, form({ id: MESSAGE }))).toMatchObject({ status: 'error', message: expect.stringMatching(/session has ended/) });
  });

  it('shows the API’s 409 in its words while the original is still being sent', async () => {
    const busy = 'This message is still being sent; resend it once it is sent, failed or bounced';
    signedIn(['customers:write'], { resend: { mutate: async () => Promise.reject(refusal(409, busy)) } });
    expect(await resendMessage(IDLE, form({ id: MESSAGE }))).toEqual({ status: 'error', message: `Not resent: ${busy}` });
  });

  it('tells a missing message, a malformed id and an unreachable service apart', async () => {
    signedIn(['customers:write'], { resend: { mutate: async () => Promise.reject(refusal(404, 'No such message')) } });
    expect(await resendMessage(IDLE, form({ id: MESSAGE }))).toEqual({ status: 'error', message: 'This message no longer exists.' });
    expect(await resendMessage(IDLE, form({ id: 'nope' }))).toEqual({ status: 'error', message: 'This message no longer exists.' });
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    signedIn(['customers:write'], { resend: { mutate: async () => Promise.reject(new Error('fetch failed')) } });
    expect(await resendMessage(IDLE, form({ id: MESSAGE }))).toMatchObject({ status: 'error', message: expect.stringMatching(/did not answer/) });
    log.mockRestore();
  });
});

describe('the order’s and the customer’s panels', () => {
  it('an order’s messages: hidden without customers:read, unavailable when notifications fails', async () => {
    signedIn(['orders:read'], {});
    expect(await orderMessages(MESSAGE)).toEqual({ state: 'hidden' });
    const page = { items: [], total: 0, page: 1, pageSize: 20 };
    const query = vi.fn(async () => page);
    signedIn(['orders:read', 'customers:read'], { messages: { query } });
    expect(await orderMessages(MESSAGE)).toEqual({ state: 'ok', page });
    expect(query).toHaveBeenCalledWith({ orderId: MESSAGE, page: 1, pageSize: 20 });
    signedIn(['customers:read'], { messages: { query: async () => Promise.reject(refusal(503, 'down')) } });
    expect(await orderMessages(MESSAGE)).toEqual({ state: 'unavailable' });
  });

  it('a customer’s preferences: a 404 means no contact details yet, anything else unavailable', async () => {
    const preferences = { email: 'jane@example.com', marketingEmail: false, smsOptIn: true, phone: '+14155550123' };
    signedIn(['customers:read'], { customerPreferences: { query: async () => preferences } });
    expect(await customerPreferences(USER)).toEqual({ state: 'ok', preferences });
    signedIn(['customers:read'], { customerPreferences: { query: async () => Promise.reject(refusal(404, 'Unknown customer')) } });
    expect(await customerPreferences(USER)).toEqual({ state: 'unknown' });
    signedIn(['customers:read'], { customerPreferences: { query: async () => Promise.reject(new Error('timeout')) } });
    expect(await customerPreferences(USER)).toEqual({ state: 'unavailable' });
    signedIn(['orders:read'], {});
    expect(await customerPreferences(USER)).toEqual({ state: 'hidden' });
  });
});
