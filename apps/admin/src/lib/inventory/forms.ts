import { text } from '@omnicart/contracts';
import { z } from 'zod';
import { MAX_LOW_STOCK_THRESHOLD, MAX_ON_HAND } from './types';

/** A whole number of units from a form field ("12"), within 0..max. */
const units = (label: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `Enter the ${label}`)
    .regex(/^\d+$/, `The ${label} is a whole number of units, like 12`)
    .transform(Number)
    .refine((value) => value <= max, `The ${label} is at most ${max.toLocaleString('en-US')}`);

/**
 * Setting a SKU's stock (a count, damage, a delivery): the new number on hand and why, kept in the
 * movement history; the low-stock threshold only when given. inventory checks again.
 */
export const adjustStockForm = z.object({
  onHand: units('new number on hand', MAX_ON_HAND),
  reason: text().trim().min(1, 'Say why the stock changes (kept in the history)').max(200, 'A reason has at most 200 characters'),
  lowStockThreshold: z
    .string()
    .trim()
    .transform((value) => (value === '' ? undefined : value))
    .pipe(units('low-stock threshold', MAX_LOW_STOCK_THRESHOLD).optional()),
});
export type AdjustStockForm = z.output<typeof adjustStockForm>;
