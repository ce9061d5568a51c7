import { z } from 'zod';
import { defineConfig } from '../runtime/env.js';

/**
 * The cart's settings: its slice of the environment. None yet — its limits (1–99 units a line, 100
 * lines, guest carts kept 30 days) are part of the API (see @omnicart/contracts and schemas.ts).
 */
export const cartConfig = defineConfig(z.object({}));
export type CartSettings = z.output<typeof cartConfig.schema>;
