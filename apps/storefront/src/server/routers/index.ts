import 'server-only';
import { router } from '../trpc';
import { accountRouter } from './account';
import { cartRouter } from './cart';
import { catalogRouter } from './catalog';
import { checkoutRouter } from './checkout';
import { preferencesRouter } from './preferences';

/** The storefront's backend-for-frontend: what its pages and client components may ask for. */
export const appRouter = router({
  catalog: catalogRouter,
  cart: cartRouter,
  checkout: checkoutRouter,
  account: accountRouter,
  preferences: preferencesRouter,
});
export type AppRouter = typeof appRouter;
