import type { Logger } from 'pino';
import type { NotificationSendState } from '../runtime/metrics.js';
import { ProviderError, type EmailProvider, type SmsProvider } from './providers/types.js';
import type { Channel, ClaimedMessage, NotificationsRepository } from './repository.js';

/**
 * The send queue's worker. Each round takes due messages per channel (lowest priority number
 * first, SKIP LOCKED so replicas share the work), sends them through the provider at no more than
 * the channel's rate, and records the outcome:
 * - accepted → `sent` with the provider's message id;
 * - a permanent refusal (SMTP 5xx, an invalid number) → `bounced`, never retried;
 * - anything else → retried after base × 2^(attempt−1) ± 20 %, and `failed` after the last attempt;
 * - marketing whose recipient withdrew consent since it was queued → `suppressed`.
 * A sender that dies mid-send leaves the message `sending`; when its lease ends another takes it
 * over (the attempt counts). The unique key of the messages keeps one row per message on our side.
 */

export interface SenderSettings {
  emailRate: number;
  smsRate: number;
  retryBaseMs: number;
  leaseMs: number;
  mailFrom: string;
}

export interface Sender {
  /** Sends whatever is due now (and what arrives while it runs); resolves when the queue is idle. */
  drain(): Promise<void>;
  /** Wake the sender (a consumer just queued messages). */
  kick(): void;
  stop(): Promise<void>;
}

/** Paces sends to `rate` per second (a token bucket holding at most one second's worth). */
export function createPacer(rate: number, clock: () => number = () => performance.now()) {
  const capacity = Math.max(1, rate);
  let tokens = capacity;
  let last = clock();
  return {
    async take(): Promise<void> {
      for (;;) {
        const now = clock();
        tokens = Math.min(capacity, tokens + ((now - last) / 1000) * rate);
        last = now;
        if (tokens >= 1) {
          tokens -= 1;
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, Math.ceil(((1 - tokens) / rate) * 1000)));
      }
    },
  };
}

/** When the next attempt goes: base × 2^(attempt−1), ±20 % so a burst of failures spreads out. */
export function retryDelayMs(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const exact = baseMs * 2 ** Math.max(0, attempt - 1);
  return Math.round(exact * (0.8 + random() * 0.4));
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.length > 500 ? `${message.slice(0, 497)}...` : message;
}

export function createSender(deps: {
  repository: Pick<NotificationsRepository, 'claimDue' | 'settle'>;
  email: EmailProvider;
  sms: SmsProvider;
  settings: SenderSettings;
  logger: Logger;
  onOutcome?: (channel: Channel, state: NotificationSendState) => void;
}): Sender {
  const { repository, settings, logger } = deps;
  const pacers = { email: createPacer(settings.emailRate), sms: createPacer(settings.smsRate) };
  // Sends in flight at once per channel (SMTP pool connections, parallel HTTP calls).
  const CONCURRENCY = 8;
  // Per round: a few sends per lane (and never more than a second's worth), so a new order message
  // waits behind at most one small round of a campaign; each round takes the lowest priority first.
  const batchOf = (channel: Channel) => Math.max(1, Math.min(CONCURRENCY * 3, Math.ceil(channel === 'email' ? settings.emailRate : settings.smsRate)));
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  async function sendOne(message: ClaimedMessage): Promise<void> {
    if (message.kind === 'marketing' && message.marketingAllowed === false) {
      await repository.settle(message.id, message.attempt, { state: 'suppressed', error: 'The recipient unsubscribed before it went out' });
      deps.onOutcome?.(message.channel, 'suppressed');
      return;
    }
    await pacers[message.channel].take();
    try {
      const receipt =
        message.channel === 'email'
          ? await deps.email.send({
              from: settings.mailFrom,
              to: message.recipient,
              subject: message.subject ?? '',
              html: message.html ?? '',
              text: message.text,
              messageId: message.id,
              ...(message.headers ? { headers: message.headers } : {}),
            })
          : await deps.sms.send({ to: message.recipient, body: message.text });
      await repository.settle(message.id, message.attempt, { state: 'sent', providerMessageId: receipt.providerMessageId });
      deps.onOutcome?.(message.channel, 'sent');
    } catch (error) {
      const reason = describe(error);
      if (error instanceof ProviderError && error.permanent) {
        logger.warn({ messageId: message.id, channel: message.channel, code: error.code }, 'message bounced: the provider refused it permanently');
        await repository.settle(message.id, message.attempt, { state: 'bounced', error: reason });
        deps.onOutcome?.(message.channel, 'bounced');
      } else if (message.attempt >= message.maxAttempts) {
        logger.warn({ messageId: message.id, channel: message.channel, attempts: message.attempt }, 'message failed after its last attempt');
        await repository.settle(message.id, message.attempt, { state: 'failed', error: reason });
        deps.onOutcome?.(message.channel, 'failed');
      } else {
        const nextAttemptAt = new Date(Date.now() + retryDelayMs(message.attempt, settings.retryBaseMs));
        logger.debug({ messageId: message.id, channel: message.channel, attempt: message.attempt, nextAttemptAt, err: error }, 'send failed; will retry');
        await repository.settle(message.id, message.attempt, { state: 'queued', error: reason, nextAttemptAt });
        deps.onOutcome?.(message.channel, 'retry');
      }
    }
  }

  /** One channel until nothing is due. */
  async function drainChannel(channel: Channel): Promise<void> {
    while (!stopped) {
      const batch = await repository.claimDue(channel, batchOf(channel), settings.leaseMs);
      if (batch.length === 0) return;
      let next = 0;
      const lane = async () => {
        while (next < batch.length) {
          const message = batch[next++]!;
          await sendOne(message);
        }
      };
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, batch.length) }, lane));
    }
  }

  function drain(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        // The channels have their own providers and rates: neither waits for the other.
        await Promise.all([drainChannel('email'), drainChannel('sms')]);
      } while (again && !stopped);
    })().finally(() => {
      running = undefined;
    });
    return running;
  }

  return {
    drain,
    kick() {
      if (stopped) return;
      drain().catch((error: unknown) => logger.warn({ err: error }, 'sending failed; the next round retries'));
    },
    async stop() {
      stopped = true;
      await running?.catch(() => undefined);
    },
  };
}
