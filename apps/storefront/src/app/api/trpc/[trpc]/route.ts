import { bffRouteHandler } from '@omnicart/bff';
import { getEnv } from '@/env';
import { createContext } from '@/server/context';
import { appRouter } from '@/server/routers';

/**
 * The browser's only API: the BFF router over tRPC (@omnicart/bff bffRouteHandler: cross-site
 * POSTs refused, answers never cached). It runs with the shopper's session (the identity token
 * from the encrypted session cookie is added to every service call here).
 */
const handler = bffRouteHandler({ endpoint: '/api/trpc', router: appRouter, createContext, publicUrl: () => getEnv().STOREFRONT_URL });

export { handler as GET, handler as POST };
