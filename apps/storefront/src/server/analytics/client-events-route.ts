import 'server-only';
import { isSameOrigin } from '@omnicart/bff';
import { getEnv } from '@/env';
import { CLIENT_EVENTS_MAX_BYTES, clientEventsBodySchema } from '@/lib/analytics/client-events';
import { sessions } from '../auth';
import { makeEvent, type BehaviourEvent } from './events';
import { recordEvents } from './recorder';
import { requestOrigin } from './request-origin';

const json = (status: number, body: unknown) => Response.json(body, { status, headers: { 'cache-control': 'no-store' } });

/** Reads at most `limit` bytes of the body; null when it is longer. */
async function boundedText(request: Request, limit: number): Promise<string | null> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit) return null;
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * POST /api/events. 202 `{ accepted }` when queued; 400 for a body that is not the schema, 413 for
 * one over 16 KB, 403 cross-site, 415 for anything but JSON (sendBeacon's Blob carries its type).
 */
export async function handleClientEvents(request: Request): Promise<Response> {
  if (!isSameOrigin(request, getEnv().STOREFRONT_URL)) return json(403, { error: 'Cross-site requests are not accepted' });
  const type = request.headers.get('content-type') ?? '';
  if (!/^(application\/json|text\/plain)\b/i.test(type)) return json(415, { error: 'Send application/json' });
  const text = await boundedText(request, CLIENT_EVENTS_MAX_BYTES).catch(() => null);
  if (text === null) return json(413, { error: `At most ${CLIENT_EVENTS_MAX_BYTES} bytes` });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return json(400, { error: 'The body is not JSON' });
  }
  const parsed = clientEventsBodySchema.safeParse(body);
  if (!parsed.success) {
    return json(400, { error: 'Invalid events', issues: parsed.error.issues.slice(0, 10).map((issue) => ({ path: issue.path.join('.'), message: issue.message })) });
  }
  try {
    const [origin, current] = await Promise.all([requestOrigin(), sessions.currentSession()]);
    const events: BehaviourEvent[] = parsed.data.events.map((event) => makeEvent(event.type, event.props as never, origin));
    recordEvents({ origin, accessToken: current.accessToken, customerId: current.user?.id }, events);
  } catch (error) {
    // Analytics is never a reason to fail the shopper's page: log and answer as usual.
    console.warn('analytics: client events not recorded', error instanceof Error ? error.message : error);
  }
  return json(202, { accepted: parsed.data.events.length });
}
