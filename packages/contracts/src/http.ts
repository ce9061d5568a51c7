/**
 * What the API's clients and the services agree on about the wire, beyond schemas.
 *
 * A tRPC batch (`/trpc/a,b,c?batch=1`) runs every operation it names; an unbounded batch lets one
 * request run hundreds of procedures (e.g. 500 password checks in one login batch). The services
 * and the gateway answer 400 to a larger batch before any procedure runs; every batch link of
 * ours sets `maxItems` to at most this.
 */
export const TRPC_MAX_BATCH_SIZE = 10;

/** The media type every JSON body must declare (`Content-Type: application/json`, parameters allowed). */
export const JSON_MEDIA_TYPE = 'application/json';
