import { beforeEach, describe, expect, it, vi } from 'vitest';

const origin = { visitorId: '0b7e4a1c-2d3f-4a5b-9c6d-7e8f9a0b1c2d', sessionId: '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b', path: '/products/mug', referrerHost: null, device: 'desktop' };
const recordEvents = vi.fn();
vi.mock('@/server/analytics/recorder', () => ({ recordEvents }));
vi.mock('@/server/analytics/request-origin', () => ({ requestOrigin: vi.fn(async () => origin) }));
vi.mock('@/server/auth', () => ({ sessions: { currentSession: vi.fn(async () => ({ user: { id: 'c1' }, accessToken: 'shopper-token' })) } }));

const { POST } = await import('./route');

const PRODUCT = '3f0c3f8e-1c1b-4a8e-9a53-0d6f1f5b2a10';
const click = { type: 'recommendation_click', props: { productId: PRODUCT, shelf: 'also_bought', position: 2, sourceProductId: origin.sessionId } };

function post(body: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return POST(new Request('http://127.0.0.1:3000/api/events', { method: 'POST', headers: { host: '127.0.0.1:3000', 'content-type': 'application/json', ...headers }, body: text }));
}

describe('POST /api/events', () => {
  beforeEach(() => recordEvents.mockClear());

  it('queues valid events with the ids, page and device from the server, and the shopper token', async () => {
    const impression = { type: 'product_impression', props: { productIds: [PRODUCT], list: 'similar', position: 1 } };
    const search = { type: 'search_click', props: { query: 'mug', productId: PRODUCT, position: 3 } };
    const response = await post({ events: [impression, click, search] });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ accepted: 3 });
    expect(recordEvents).toHaveBeenCalledTimes(1);
    const [recording, events] = recordEvents.mock.calls[0]!;
    expect(recording).toEqual({ origin, accessToken: 'shopper-token', customerId: 'c1' });
    expect(events.map((e: { type: string }) => e.type)).toEqual(['product_impression', 'recommendation_click', 'search_click']);
    expect(events[1]).toMatchObject({ visitorId: origin.visitorId, sessionId: origin.sessionId, page: { path: '/products/mug', referrerHost: null }, device: 'desktop', props: click.props });
    expect(events[1].id).toMatch(/^[0-9a-f-]{36}$/);
    expect(events[1]).not.toHaveProperty('customerId');
  });

  it.each([
    ['not JSON', '{nope'],
    ['no events', { events: [] }],
    ['an unknown type', { events: [{ type: 'order_placed', props: { orderId: PRODUCT } }] }],
    ['bad props', { events: [{ ...click, props: { ...click.props, productId: 'x' } }] }],
    ['an unknown shelf', { events: [{ ...click, props: { ...click.props, shelf: 'bestsellers' } }] }],
    ['extra fields (no ids from the page)', { events: [{ ...click, visitorId: origin.visitorId }] }],
    ['too many events', { events: Array.from({ length: 21 }, () => click) }],
    ['too many products in one impression', { events: [{ type: 'product_impression', props: { productIds: Array.from({ length: 51 }, () => PRODUCT), list: 'x' } }] }],
  ])('400 for %s, nothing queued', async (_label, body) => {
    expect((await post(body)).status).toBe(400);
    expect(recordEvents).not.toHaveBeenCalled();
  });

  it('413 for a body over 16 KB, 415 for a form post, 403 cross-site', async () => {
    expect((await post({ events: [click], pad: 'x'.repeat(17_000) })).status).toBe(413);
    expect((await post('a=b', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect((await post({ events: [click] }, { origin: 'https://evil.example' })).status).toBe(403);
    expect(recordEvents).not.toHaveBeenCalled();
  });
});
