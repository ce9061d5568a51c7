import { text } from '@omnicart/contracts';
import { z } from 'zod';
import { centsFromDecimal } from '../url-state';
import { money } from '../format';

/**
 * The order actions' form rules (checked in the browser's server action before anything is sent;
 * the orders service checks again and its refusals are shown next to the same fields).
 */
export const CARRIERS = ['UPS', 'FedEx', 'USPS', 'DHL', 'Other'] as const;

export const fulfilForm = z.object({
  carrier: z.enum(CARRIERS, { message: 'Choose the carrier' }),
  trackingNumber: text()
    .trim()
    .min(1, 'Enter the tracking number')
    .max(64, 'A tracking number has at most 64 characters')
    .regex(/^[A-Za-z0-9][A-Za-z0-9 -]*$/, 'Use letters, digits, spaces and dashes only'),
});
export type FulfilForm = z.infer<typeof fulfilForm>;

/** A refund of `amount` dollars, at most what is still refundable (cents). */
export function refundForm(refundable: number, currency: string) {
  return z
    .object({
      kind: z.enum(['full', 'partial'], { message: 'Choose a full or a partial refund' }),
      amount: z.string().optional(),
    })
    .transform((input, ctx) => {
      if (input.kind === 'full') return { kind: 'full' as const, amount: refundable };
      const cents = centsFromDecimal(input.amount?.trim());
      if (cents === undefined || cents < 1) {
        ctx.addIssue({ code: 'custom', path: ['amount'], message: 'Enter the amount to refund, like 12.50' });
        return z.NEVER;
      }
      if (cents > refundable) {
        ctx.addIssue({ code: 'custom', path: ['amount'], message: `You can refund at most ${money(refundable, currency)} (the total less what was already refunded)` });
        return z.NEVER;
      }
      return { kind: 'partial' as const, amount: cents };
    });
}

/** What a server action answers its form with (useActionState). */
export interface ActionState {
  status: 'idle' | 'error' | 'confirm' | 'done';
  message?: string;
  fieldErrors?: Record<string, string>;
  /** What the form had, to show again after an error. */
  values?: Record<string, string>;
  /** The refund about to be sent (status 'confirm'), in cents. */
  amount?: number;
  kind?: 'full' | 'partial';
}

export const IDLE: ActionState = { status: 'idle' };
