import { z } from 'zod';
import { defineConfig, positiveInt } from '../runtime/env.js';

/** Inventory's settings: its slice of the environment. */
export const inventoryConfig = defineConfig(
  z.object({
    /** How long a checkout's reservation holds stock (orders reads it too, to size its recovery). */
    RESERVATION_TTL_SECONDS: positiveInt(900),
    /** How often expired reservations are released. */
    RESERVATION_SWEEP_MS: positiveInt(5_000),
  }),
);
export type InventorySettings = z.output<typeof inventoryConfig.schema>;
