// @omnicart/bff: the server side of the Next.js apps (backends-for-frontends). Server-only.
export * from './service-clients.js';
export * from './service-errors.js';
export * from './auth.js';
export * from './request.js';
export * from './address.js';
export * from './trpc.js';
export { tracedFetch } from './tracing.js';
