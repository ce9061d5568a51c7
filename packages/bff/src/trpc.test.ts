import { TRPC_MAX_BATCH_SIZE } from '@omnicart/contracts';
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ServiceErrorCause } from './service-errors';
import { bffRouteHandler, initBff, type SessionContext } from './trpc';

const { router, createCallerFactory, publicProcedure, authedProcedure } = initBff<SessionContext>();
const app = router({
  me: authedProcedure.query(({ ctx }) => ctx.session.id),
  address: publicProcedure.input(z.object({ shippingAddress: z.object({ city: z.string().min(1, 'Enter your city') }) })).mutation(() => 'ok'),
  pay: publicProcedure.mutation(() => {
    throw new TRPCError({ code: 'PAYMENT_REQUIRED', message: 'Declined', cause: new ServiceErrorCause('Declined', 'PAYMENT_DECLINED', 402, { declineCode: 'x' }) });
  }),
  crash: publicProcedure.query(() => {
    throw new Error('secret detail');
  }),
});
const guest = createCallerFactory(app)({ session: null, accessToken: undefined });

/** The error shape the browser would receive for a failed call (formatBffError). */
async function shapeOf(call: Promise<unknown>) {
  const error = await call.then(
    () => null,
    (failure: unknown) => failure as TRPCError,
  );
  if (!error) throw new Error('expected a failure');
  const { getErrorShape } = await import('@trpc/server');
  return getErrorShape({ config: app._def._config, error, type: 'mutation', path: 'x', input: undefined, ctx: undefined });
}

describe('the BFF procedure ladder and error shape', () => {
  it('asks guests to sign in for authed procedures', async () => {
    await expect(guest.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: 'Please sign in to continue.' });
    expect(await createCallerFactory(app)({ session: { id: 'u1', email: 'a@b.c', name: 'A', role: 'customer' }, accessToken: 't' }).me()).toBe('u1');
  });

  it('answers bad input per field, keeps a service’s reason, and hides internal errors', async () => {
    const invalid = await shapeOf(guest.address({ shippingAddress: { city: '' } }));
    expect(invalid).toMatchObject({ message: 'Please check the highlighted fields.', data: { fieldErrors: { 'shippingAddress.city': 'Enter your city' } } });
    const declined = await shapeOf(guest.pay());
    expect(declined).toMatchObject({ message: 'Declined', data: { httpStatus: 402, domainCode: 'PAYMENT_DECLINED', details: { declineCode: 'x' } } });
    const crashed = await shapeOf(guest.crash());
    expect(crashed.message).toBe('Something went wrong on our side. Please try again.');
  });
});

describe('the BFF route handler', () => {
  let calls = 0;
  const counting = router({ count: publicProcedure.query(() => ++calls) });
  const handler = bffRouteHandler({
    endpoint: '/api/trpc',
    router: counting,
    createContext: async () => ({ session: null, accessToken: undefined }),
    publicUrl: () => 'http://shop.test',
  });
  const batch = (size: number) =>
    handler(new Request(`http://shop.test/api/trpc/${Array.from({ length: size }, () => 'count').join(',')}?batch=1`));

  it(`runs a batch of ${TRPC_MAX_BATCH_SIZE} and refuses a larger one before any procedure runs`, async () => {
    expect((await batch(TRPC_MAX_BATCH_SIZE)).status).toBe(200);
    const before = calls;
    const refused = await batch(TRPC_MAX_BATCH_SIZE + 1);
    expect(refused.status).toBe(400);
    expect(calls).toBe(before);
  });
});
