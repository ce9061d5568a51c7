import { z } from 'zod';

/** Money is integer minor units plus an ISO-4217 code; the shop sells in one currency. */
export const CURRENCY = 'USD';

export const moneySchema = z
  .object({
    amount: z.number().int().describe('Integer minor units (cents)'),
    currency: z.string().length(3).describe('ISO-4217 code'),
  })
  .meta({ example: { amount: 12999, currency: 'USD' } });
export type Money = z.infer<typeof moneySchema>;
