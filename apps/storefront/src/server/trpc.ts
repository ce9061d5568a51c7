import 'server-only';
import { initBff } from '@omnicart/bff';
import type { BffContext } from './context';

/** The storefront BFF's tRPC (@omnicart/bff): procedure ladder and error shape. */
export const { router, createCallerFactory, publicProcedure, authedProcedure } = initBff<BffContext>();
