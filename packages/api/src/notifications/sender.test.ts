import { describe, expect, it } from 'vitest';
import { createLogger } from '../runtime/logger.js';
import { ProviderError, type EmailProvider, type OutgoingEmail, type SmsProvider } from './providers/types.js';
import type { ClaimedMessage } from './repository.js';
import { createPacer, createSender, retryDelayMs } from './sender.js';

const logger = createLogger({ level: 'silent' });

function claimed(overrides: Partial<ClaimedMessage> = {}): ClaimedMessage {
  return {
    id: overrides.id ?? crypto.randomUUID(),
    channel: 'email',
    recipient: 'shopper@example.com',
    kind: 'transactional',
    userId: null,
    subject: 'Hello',
    html: '<p>Hello</p>',
    text: 'Hello',
    headers: null,
    attempt: 1,
    maxAttempts: 8,
    marketingAllowed: null,
    ...overrides,
  };
}

/** A queue of claimed messages handed out once, and every outcome recorded. */
function fakeQueue(messages: ClaimedMessage[]) {
  const due = [...messages];
  const outcomes: Array<{ id: string; attempt: number; outcome: { state: string; error?: string; nextAttemptAt?: Date; providerMessageId?: string } }> = [];
  return {
    outcomes,
    repository: {
      async claimDue(channel: 'email' | 'sms', limit: number) {
        const taken = [];
        for (let i = 0; i < due.length && taken.length < limit; ) {
          if (due[i]!.channel === channel) taken.push(...due.splice(i, 1));
          else i++;
        }
        return taken;
      },
      async settle(id: string, attempt: number, outcome: (typeof outcomes)[number]['outcome']) {
        outcomes.push({ id, attempt, outcome });
      },
    },
  };
}

const settings = { emailRate: 1_000, smsRate: 1_000, retryBaseMs: 10_000, leaseMs: 60_000, mailFrom: 'OmniCart <no-reply@omnicart.test>' };
const noSms: SmsProvider = { send: async () => ({ providerMessageId: 'SM1' }), close: async () => undefined };

function emailProvider(answer: (email: OutgoingEmail) => Promise<{ providerMessageId: string }>): EmailProvider & { sent: OutgoingEmail[] } {
  const sent: OutgoingEmail[] = [];
  return {
    sent,
    async send(email) {
      sent.push(email);
      return answer(email);
    },
    close: async () => undefined,
  };
}

describe('the sender', () => {
  it('records each outcome: sent, bounced (permanent, no retry), queued again with backoff, failed after the last attempt', async () => {
    const ok = claimed({ recipient: 'ok@example.com' });
    const refused = claimed({ recipient: 'gone@reject.test' });
    const flaky = claimed({ recipient: 'later@example.com', attempt: 2 });
    const last = claimed({ recipient: 'last@example.com', attempt: 8 });
    const queue = fakeQueue([ok, refused, flaky, last]);
    const email = emailProvider(async (message) => {
      if (message.to === 'ok@example.com') return { providerMessageId: '<ok@omnicart>' };
      if (message.to.endsWith('@reject.test')) throw new ProviderError('550 5.1.1 mailbox unavailable', true, 550);
      throw new ProviderError('connect ECONNREFUSED', false);
    });
    const started = Date.now();
    await createSender({ repository: queue.repository, email, sms: noSms, settings, logger }).drain();
    const byId = new Map(queue.outcomes.map((entry) => [entry.id, entry.outcome]));
    expect(byId.get(ok.id)).toMatchObject({ state: 'sent', providerMessageId: '<ok@omnicart>' });
    expect(byId.get(refused.id)).toMatchObject({ state: 'bounced', error: expect.stringContaining('550') });
    expect(byId.get(last.id)).toMatchObject({ state: 'failed' });
    const retry = byId.get(flaky.id)!;
    expect(retry.state).toBe('queued');
    // Attempt 2 waits base × 2 ± 20 %.
    const delay = retry.nextAttemptAt!.getTime() - started;
    expect(delay).toBeGreaterThanOrEqual(16_000 - 50);
    expect(delay).toBeLessThanOrEqual(24_000 + 1_000);
    expect(email.sent.find((message) => message.to === 'ok@example.com')).toMatchObject({ from: settings.mailFrom, messageId: ok.id, subject: 'Hello' });
  });

  it('suppresses marketing whose recipient withdrew consent after it was queued, without sending', async () => {
    const withdrawn = claimed({ kind: 'marketing', marketingAllowed: false, userId: crypto.randomUUID() });
    const queue = fakeQueue([withdrawn]);
    const email = emailProvider(async () => ({ providerMessageId: 'x' }));
    await createSender({ repository: queue.repository, email, sms: noSms, settings, logger }).drain();
    expect(queue.outcomes[0]!.outcome).toMatchObject({ state: 'suppressed' });
    expect(email.sent).toHaveLength(0);
  });

  it('sends SMS through the SMS provider, with the stored body', async () => {
    const sms = claimed({ channel: 'sms', recipient: '+14155550123', subject: null, html: null, text: 'Order OC-1 confirmed' });
    const queue = fakeQueue([sms]);
    const texts: Array<{ to: string; body: string }> = [];
    const provider: SmsProvider = { send: async (message) => (texts.push(message), { providerMessageId: 'SM123' }), close: async () => undefined };
    await createSender({ repository: queue.repository, email: emailProvider(async () => ({ providerMessageId: 'x' })), sms: provider, settings, logger }).drain();
    expect(texts).toEqual([{ to: '+14155550123', body: 'Order OC-1 confirmed' }]);
    expect(queue.outcomes[0]!.outcome).toMatchObject({ state: 'sent', providerMessageId: 'SM123' });
  });
});

describe('retry delays and pacing', () => {
  it('doubles from the base with ±20 % jitter: about 32 minutes over 8 attempts at the default 15 s', () => {
    expect(retryDelayMs(1, 15_000, () => 0.5)).toBe(15_000);
    expect(retryDelayMs(3, 15_000, () => 0.5)).toBe(60_000);
    expect(retryDelayMs(3, 15_000, () => 0)).toBe(48_000);
    expect(retryDelayMs(3, 15_000, () => 1)).toBe(72_000);
    const total = [1, 2, 3, 4, 5, 6, 7].reduce((sum, attempt) => sum + retryDelayMs(attempt, 15_000, () => 0.5), 0);
    expect(total / 60_000).toBeCloseTo(31.75, 1);
  });

  it('paces to the rate: a burst of one second’s worth at once, then one per 1/rate', async () => {
    let now = 0;
    const pacer = createPacer(10, () => now);
    for (let i = 0; i < 10; i++) await pacer.take(); // the bucket's burst
    let done = false;
    const next = pacer.take().then(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(done).toBe(false);
    now = 100; // 1/10 s later one token is back
    await next;
    expect(done).toBe(true);
  });
});
