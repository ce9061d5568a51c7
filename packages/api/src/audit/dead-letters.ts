// The operations surface for the event bus's dead letters, hosted by the audit service (the
// staff's window on platform-wide records; no new service for four procedures). The store itself
// is shared infrastructure (events/dead-letters.ts) on the events schema both buses write to.
// Staff only, with `events:manage` (owners). tRPC only: no REST routes.
import type { Logger } from 'pino';
import { z } from 'zod';
import { text } from '@omnicart/contracts';
import { ConsumerQueueMissingError, type DeadLetterStore } from '../events/index.js';
import { DomainError } from '../runtime/errors.js';
import { router, staffProcedure } from '../runtime/trpc.js';

const PERMISSION = 'events:manage';
const idSchema = text().regex(/^[1-9][0-9]{0,18}$/, 'a dead-letter id is a positive integer');
const nameSchema = text()
  .trim()
  .regex(/^[A-Za-z0-9_.:-]{1,200}$/, 'letters, digits, _ . : and - only');

export const listDeadLettersInput = z.object({
  consumer: nameSchema.optional(),
  type: nameSchema.optional(),
  limit: z.number().int().min(1).max(200).default(50),
  before: idSchema.optional(),
});

export const discardDeadLetterInput = z.object({
  id: idSchema,
  reason: text().trim().min(3, 'say why (3 characters at least)').max(500),
});

/** One letter (`id`) or every letter of one consumer (`consumer`): exactly one of them. */
export const replayDeadLettersInput = z
  .object({ id: idSchema.optional(), consumer: nameSchema.optional() })
  .refine((input) => (input.id === undefined) !== (input.consumer === undefined), 'give either an id or a consumer');

/** A replay RabbitMQ cannot route (the consumer's queue is gone) is the caller's to fix: INVALID_STATE, with why. */
async function routable<T>(replay: Promise<T>): Promise<T> {
  try {
    return await replay;
  } catch (error) {
    if (error instanceof ConsumerQueueMissingError) throw new DomainError('INVALID_STATE', error.message);
    throw error;
  }
}

export function createDeadLettersRouter(store: DeadLetterStore, logger: Logger) {
  return router({
    counts: staffProcedure(PERMISSION).query(() => store.counts()),

    list: staffProcedure(PERMISSION)
      .input(listDeadLettersInput)
      .query(({ input }) => store.list(input)),

    get: staffProcedure(PERMISSION)
      .input(z.object({ id: idSchema }))
      .query(async ({ input }) => {
        const letter = await store.get(input.id);
        if (!letter) throw new DomainError('NOT_FOUND', `No dead letter ${input.id}`);
        return letter;
      }),

    /** One letter, or every letter of one consumer. A letter someone else replayed or discarded meanwhile is 409. */
    replay: staffProcedure(PERMISSION)
      .input(replayDeadLettersInput)
      .mutation(async ({ input, ctx }) => {
        const { id, consumer } = input;
        if (consumer !== undefined) {
          const replayed = await routable(store.replayConsumer(consumer));
          logger.warn({ consumer, replayed, by: ctx.user.email }, 'dead letters replayed');
          return { replayed };
        }
        if (id === undefined) throw new DomainError('VALIDATION_FAILED', 'give either an id or a consumer');
        const outcome = await routable(store.replay(id));
        if (outcome.status === 'gone') throw new DomainError('CONFLICT', `Dead letter ${id} is not waiting any more: it was replayed or discarded, or never existed`);
        logger.warn({ id, consumer: outcome.letter.consumer, eventId: outcome.letter.eventId, by: ctx.user.email }, 'dead letter replayed');
        return { replayed: 1 };
      }),

    discard: staffProcedure(PERMISSION)
      .input(discardDeadLetterInput)
      .mutation(async ({ input, ctx }) => {
        const outcome = await store.discard(input.id, ctx.user.email, input.reason);
        if (outcome.status === 'gone') throw new DomainError('CONFLICT', `Dead letter ${input.id} is not waiting any more: it was replayed or discarded, or never existed`);
        logger.warn({ id: input.id, consumer: outcome.letter.consumer, eventId: outcome.letter.eventId, by: ctx.user.email, reason: input.reason }, 'dead letter discarded');
        return outcome.letter;
      }),
  });
}
