import { TRPCClientError } from '@trpc/client';
import { describe, expect, it, vi } from 'vitest';
import type { BffContext } from '../context';
import { createCallerFactory } from '../trpc';
import { accountRouter } from './account';

const TOKEN = 'Zr4bT0qk3V9mXe1s8uWc5yH2aB7nE0fG6iL1oQ3pR9d';
const SENT = 'If an account exists for that email, we have sent a link to reset its password.';

function serviceError(httpStatus: number, message: string, details?: Record<string, unknown>) {
  return new TRPCClientError(message, { result: { error: { message, code: -32000, data: { httpStatus, code: 'X', ...(details ? { details } : {}) } } } } as never);
}

/** A signed-out BFF context whose identity client is in memory. */
function fakeContext() {
  const identity = {
    register: { mutate: vi.fn() },
    requestPasswordReset: { mutate: vi.fn() },
    confirmPasswordReset: { mutate: vi.fn() },
  };
  const ctx = {
    session: null,
    accessToken: undefined,
    api: { identity } as unknown as BffContext['api'],
    cartId: () => undefined,
    setCartId: vi.fn(async () => undefined),
    clearCartId: vi.fn(async () => undefined),
    discountCode: () => undefined,
    setDiscountCode: vi.fn(async () => undefined),
    clearDiscountCode: vi.fn(async () => undefined),
    guestOrderToken: () => undefined,
    rememberGuestOrder: vi.fn(async () => undefined),
    track: vi.fn(),
  } satisfies BffContext;
  return { ctx, identity };
}

const caller = createCallerFactory(accountRouter);

describe('registration', () => {
  it('passes the marketing opt-in to identity: false unless the box was ticked', async () => {
    const { ctx, identity } = fakeContext();
    identity.register.mutate.mockResolvedValue({ id: 'u1', email: 'jane@example.com', name: 'Jane' });
    await caller(ctx).register({ name: 'Jane', email: 'jane@example.com', password: 'long-enough' });
    await caller(ctx).register({ name: 'Jane', email: 'jane@example.com', password: 'long-enough', marketingOptIn: true });
    expect(identity.register.mutate.mock.calls.map(([input]) => input.marketingOptIn)).toEqual([false, true]);
  });
});

describe('password reset', () => {
  it('asks identity with the normalised email and answers its message', async () => {
    const { ctx, identity } = fakeContext();
    identity.requestPasswordReset.mutate.mockResolvedValue({ message: SENT });
    expect(await caller(ctx).requestPasswordReset({ email: ' Jane@Example.com ' })).toEqual({ message: SENT });
    expect(identity.requestPasswordReset.mutate).toHaveBeenCalledWith({ email: 'jane@example.com' });
  });

  it('refuses a malformed email in the shopper’s words without asking identity', async () => {
    const { ctx, identity } = fakeContext();
    await expect(caller(ctx).requestPasswordReset({ email: 'jane' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(identity.requestPasswordReset.mutate).not.toHaveBeenCalled();
  });

  it('passes on identity’s 429 with its retry delay', async () => {
    const { ctx, identity } = fakeContext();
    identity.requestPasswordReset.mutate.mockRejectedValue(serviceError(429, 'Too many password reset requests from this address; try again in 60 seconds', { retryAfterSeconds: 60 }));
    await expect(caller(ctx).requestPasswordReset({ email: 'jane@example.com' })).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      message: 'Too many password reset requests from this address; try again in 60 seconds',
    });
  });

  it('sets the new password and answers the account’s email (for the sign-in that follows), never the password', async () => {
    const { ctx, identity } = fakeContext();
    identity.confirmPasswordReset.mutate.mockResolvedValue({ email: 'jane@example.com', message: 'Your password has been changed.' });
    expect(await caller(ctx).confirmPasswordReset({ token: TOKEN, password: 'brand-new-secret' })).toEqual({ email: 'jane@example.com' });
    expect(identity.confirmPasswordReset.mutate).toHaveBeenCalledWith({ token: TOKEN, password: 'brand-new-secret' });
  });

  it('passes on identity’s answer for a dead link, and words a weak password before asking', async () => {
    const { ctx, identity } = fakeContext();
    identity.confirmPasswordReset.mutate.mockRejectedValue(serviceError(400, 'This reset link is invalid or has expired; ask for a new one.'));
    await expect(caller(ctx).confirmPasswordReset({ token: TOKEN, password: 'brand-new-secret' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'This reset link is invalid or has expired; ask for a new one.',
    });
    identity.confirmPasswordReset.mutate.mockClear();
    await expect(caller(ctx).confirmPasswordReset({ token: TOKEN, password: 'short' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(identity.confirmPasswordReset.mutate).not.toHaveBeenCalled();
  });
});
