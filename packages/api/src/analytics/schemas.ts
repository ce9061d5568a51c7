import { z } from 'zod';
import { text } from '@omnicart/contracts';

/**
 * The request and response shapes of analytics: the tRPC validators and the OpenAPI source.
 * Unknown fields are ignored (zod objects strip them).
 */

export const itemSchema = z
  .object({
    id: z.string().meta({ format: 'uuid', example: '3f0c4a52-8a8e-4c0b-9f7e-2a1d7c9b6e11' }),
    name: z.string().meta({ example: 'First item' }),
    createdAt: z.string().meta({ format: 'date-time', description: 'When it was created (ISO 8601, UTC)', example: '2026-01-15T09:30:00.000Z' }),
  })
  .meta({ id: 'Item', example: { id: '3f0c4a52-8a8e-4c0b-9f7e-2a1d7c9b6e11', name: 'First item', createdAt: '2026-01-15T09:30:00.000Z' } });
export type ItemDto = z.infer<typeof itemSchema>;

export const createItemInput = z
  .object({
    name: text().trim().min(1, { message: 'Name is required' }).max(200, { message: 'Name must be at most 200 characters' }).meta({ example: 'First item' }),
  })
  .meta({ example: { name: 'First item' } });
export type CreateItemInput = z.output<typeof createItemInput>;
