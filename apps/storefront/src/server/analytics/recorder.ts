import 'server-only';
import { serviceStatus } from '@omnicart/bff';
import { getEnv } from '@/env';
import { analyticsClient } from '../services';
import { EventBatcher } from './batcher';
import { makeEvent, type BehaviourEvent, type EventOrigin, type EventPropsByType, type EventType } from './events';

/**
 * Recording behaviour events from pages and BFF routes: `record(...)` queues them in the process's
 * one EventBatcher and returns at once (nothing awaits analytics; nothing here throws).
 *
 * `identify` (the visitor signed in) is sent with the first event this process records for a
 * signed-in shopper on a visitor id: a bounded in-memory set remembers the (visitor, customer)
 * pairs already sent. Another replica or a restart sends the pair once more, which analytics and
 * recommendations take as the same link (a link is a fact, not a count). This covers every way of
 * signing in (the sign-in page, registration, a session that outlives a restart) without touching
 * next-auth's callbacks, and the sign-in page's own cart merge call makes it immediate.
 */

const GLOBAL_KEY = Symbol.for('omnicart.storefront.analyticsBatcher');
const IDENTIFIED_MAX = 10_000;

interface RecorderState {
  batcher: EventBatcher;
  identified: Set<string>;
}

function state(): RecorderState {
  const holder = globalThis as { [GLOBAL_KEY]?: RecorderState };
  if (!holder[GLOBAL_KEY]) {
    const env = getEnv();
    holder[GLOBAL_KEY] = {
      batcher: new EventBatcher({
        send: async (accessToken, events) => {
          const result = await analyticsClient({ accessToken }).ingest.mutate({ events });
          // Refused events are ours to fix (the rest of the batch is stored): say which and why, now and then.
          if (result.rejected.length) warnRejected(result.rejected.length, events.length, result.rejected[0]?.reason ?? '');
        },
        statusOf: serviceStatus,
        flushIntervalMs: env.ANALYTICS_FLUSH_MS,
        maxQueue: env.ANALYTICS_QUEUE_MAX,
      }),
      identified: new Set(),
    };
  }
  return holder[GLOBAL_KEY];
}

let lastRejectedWarning = -Infinity;
function warnRejected(count: number, total: number, reason: string): void {
  if (Date.now() - lastRejectedWarning < 30_000) return;
  lastRejectedWarning = Date.now();
  console.warn(`analytics refused ${count} of ${total} events (first: ${reason.slice(0, 200)})`);
}

/** The process's batcher (stats for logs and tests). */
export const analyticsBatcher = (): EventBatcher => state().batcher;

export interface Recording {
  origin: EventOrigin;
  /** The shopper's access token (analytics takes the customer from it), when signed in. */
  accessToken: string | undefined;
  /** The signed-in shopper's id (only to decide whether `identify` is due; never sent in an event). */
  customerId: string | null | undefined;
}

/** identify first when this signed-in shopper's visitor id has not been linked by this process yet. */
function withIdentify(recording: Recording, events: BehaviourEvent[], identified: Set<string>): BehaviourEvent[] {
  const { origin, customerId, accessToken } = recording;
  if (!customerId || !accessToken || !origin.visitorId) return events;
  const pair = `${origin.visitorId}:${customerId}`;
  if (identified.has(pair)) return events;
  if (identified.size >= IDENTIFIED_MAX) identified.delete(identified.values().next().value as string);
  identified.add(pair);
  return [makeEvent('identify', {}, origin), ...events];
}

/** Queues events for the shopper of `recording` (fire-and-forget). */
export function recordEvents(recording: Recording, events: BehaviourEvent[]): void {
  try {
    const { batcher, identified } = state();
    batcher.enqueue(withIdentify(recording, events, identified), recording.accessToken);
  } catch (error) {
    console.warn('analytics: an event could not be queued', error instanceof Error ? error.message : error);
  }
}

export function record<T extends EventType>(recording: Recording, type: T, props: EventPropsByType[T]): void {
  try {
    recordEvents(recording, [makeEvent(type, props, recording.origin)]);
  } catch (error) {
    console.warn('analytics: an event could not be made', error instanceof Error ? error.message : error);
  }
}
