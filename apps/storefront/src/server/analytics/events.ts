import type { ShelfName } from '@/lib/analytics/client-events';
import type { DeviceClass } from './device';

/**
 * Behaviour events as analytics.ingest takes them (issue-13 contract, `BehaviourEventInput`).
 * customerId is never part of an event: analytics takes it from the access token the batch is
 * sent with (the shopper's own), so the batcher groups events by token.
 */
export type { ShelfName };

export type PageType = 'home' | 'category' | 'search' | 'product' | 'cart' | 'checkout' | 'account' | 'other';

export interface EventPropsByType {
  page_view: { pageType: PageType; categoryId?: string; productId?: string; query?: string; resultCount?: number; correctedQuery?: string };
  product_impression: { productIds: string[]; list: string; position?: number };
  recommendation_click: { productId: string; shelf: ShelfName; sourceProductId?: string; position?: number };
  search_click: { query: string; productId: string; position: number };
  add_to_cart: { productId: string; quantity: number; unitPrice?: number };
  remove_from_cart: { productId: string; quantity: number; unitPrice?: number };
  checkout_started: { cartValue?: number; itemCount?: number };
  checkout_step_completed: { step: 'address' | 'shipping' | 'payment' };
  order_placed: { orderId: string; total?: number };
  identify: Record<string, never>;
}
export type EventType = keyof EventPropsByType;

interface EventBase {
  id: string;
  occurredAt: string;
  visitorId: string | null;
  sessionId: string | null;
  page: { path: string; referrerHost: string | null };
  device: DeviceClass;
}
export type BehaviourEvent = { [T in EventType]: EventBase & { type: T; props: EventPropsByType[T] } }[EventType];

/** Who did it, where: what every event of one request shares. */
export interface EventOrigin {
  visitorId: string | null;
  sessionId: string | null;
  path: string;
  referrerHost: string | null;
  device: DeviceClass;
}

const PATH_MAX = 512;

/** A page path for analytics: the path only (query strings can carry tokens), at most 512 characters. */
export function eventPath(path: string): string {
  const bare = path.split(/[?#]/, 1)[0] || '/';
  return bare.length > PATH_MAX ? bare.slice(0, PATH_MAX) : bare;
}

export function makeEvent<T extends EventType>(type: T, props: EventPropsByType[T], origin: EventOrigin, now: Date = new Date()): BehaviourEvent {
  return {
    id: crypto.randomUUID(),
    type,
    occurredAt: now.toISOString(),
    visitorId: origin.visitorId,
    sessionId: origin.sessionId,
    page: { path: eventPath(origin.path), referrerHost: origin.referrerHost },
    device: origin.device,
    props,
  } as BehaviourEvent;
}
