import 'server-only';
import { cache } from 'react';
import { createContext } from './context';
import { appRouter } from './routers';
import { createCallerFactory } from './trpc';

const createCaller = createCallerFactory(appRouter);

/** The request's BFF context, made once per server render. */
export const getRequestContext = cache(createContext);

/** The BFF procedures for server components (same code path as /api/trpc, no HTTP hop). */
export const getServerApi = cache(async () => createCaller(await getRequestContext()));

/** The signed-in shopper for this request, or null. */
export const getViewer = cache(async () => (await getRequestContext()).session);
