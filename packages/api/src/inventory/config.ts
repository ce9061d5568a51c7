import { z } from 'zod';
import { ordersConfig } from '../orders/index.js';
import { defineConfig, positiveInt } from '../runtime/env.js';

/** Inventory's settings: its slice of the environment. */
export const inventoryConfig = defineConfig(
  z.object({
    /** How long a checkout's reservation holds stock: the setting orders declares (it sizes its recovery with it). */
    RESERVATION_TTL_SECONDS: ordersConfig.schema.shape.RESERVATION_TTL_SECONDS,
    /** How often expired reservations are released. */
    RESERVATION_SWEEP_MS: positiveInt(5_000),
  }),
);
export type InventorySettings = z.output<typeof inventoryConfig.schema>;
