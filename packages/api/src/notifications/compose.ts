import { randomUUID } from 'node:crypto';
import { renderEmail, renderSms, type Brand } from '@omnicart/emails';
import type { MessagePlan } from './plans.js';
import type { NewMessage } from './repository.js';
import { signUnsubscribeToken } from './unsubscribe.js';

/**
 * Turns message plans into rows: renders each once (the log keeps exactly what was sent, and a
 * resend sends the same), adds the unsubscribe link and RFC 8058 headers to marketing e-mail, and
 * marks what must not go out as `suppressed` with the reason.
 */

/** Account and order messages always go ahead of marketing in the send queue. */
export const PRIORITY = { transactional: 0, marketing: 10 } as const;

export interface ComposeContext {
  brand: Brand;
  maxAttempts: number;
  unsubscribeKey: Buffer;
  /** The contact's unsubscribe version and consent, for marketing plans (by user id). */
  consent(userId: string): { marketingEmail: boolean; unsubscribeVersion: number } | null;
}

export interface TriggeringEvent {
  id: string;
  type: string;
}

export async function composeMessages(event: TriggeringEvent, plans: readonly MessagePlan[], context: ComposeContext): Promise<NewMessage[]> {
  const messages: NewMessage[] = [];
  for (const plan of plans) {
    const base = {
      id: randomUUID(),
      eventId: event.id,
      eventType: event.type,
      template: plan.template,
      channel: plan.channel,
      recipient: plan.recipient,
      userId: plan.userId,
      orderId: plan.orderId,
      kind: plan.kind,
      priority: PRIORITY[plan.kind],
      maxAttempts: context.maxAttempts,
    };
    if (plan.channel === 'sms') {
      messages.push({ ...base, subject: null, html: null, text: renderSms(plan.template, plan.data as never, context.brand), headers: null, state: 'queued', lastError: null });
      continue;
    }
    let suppressed: string | null = null;
    let headers: Record<string, string> | null = null;
    let unsubscribeUrl: string | undefined;
    if (plan.kind === 'marketing') {
      const consent = plan.userId ? context.consent(plan.userId) : null;
      if (!consent?.marketingEmail) {
        suppressed = 'The recipient has not opted in to marketing e-mail';
        // Never sent: the log still shows what it would have said (its footer points at the preferences).
        unsubscribeUrl = `${context.brand.storefrontUrl}/account`;
      } else {
        const token = signUnsubscribeToken(context.unsubscribeKey, { userId: plan.userId!, version: consent.unsubscribeVersion });
        unsubscribeUrl = `${context.brand.storefrontUrl}/unsubscribe?token=${encodeURIComponent(token)}`;
        headers = {
          'List-Unsubscribe': `<${context.brand.storefrontUrl}/api/unsubscribe?token=${encodeURIComponent(token)}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        };
      }
    }
    const rendered = await renderEmail(plan.template, plan.data as never, context.brand, unsubscribeUrl ? { unsubscribeUrl } : undefined);
    messages.push({
      ...base,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      headers,
      state: suppressed ? 'suppressed' : 'queued',
      lastError: suppressed,
    });
  }
  return messages;
}
