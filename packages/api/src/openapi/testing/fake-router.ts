import { z } from 'zod';
import { staffProcedure, authedProcedure, publicProcedure, router } from '../../runtime/trpc.js';
import type { ServiceDocumentSpec } from '../generate.js';

/**
 * A small router shaped like the real domain routers (public, authenticated and admin
 * procedures; create → 201, delete → 204). The generator's tests run against it so they do
 * not depend on a domain being finished.
 */
const Money = z.object({ amount: z.number().int(), currency: z.literal('USD') }).meta({ id: 'Money' });
const Widget = z
  .object({ id: z.uuid(), slug: z.string(), name: z.string(), price: Money, createdAt: z.iso.datetime() })
  .meta({ id: 'Widget' });
const WidgetInput = z.object({ name: z.string().min(1).max(200), priceCents: z.number().int().positive() });

const widget = {
  id: '0b8f6c1e-5d2a-4c3b-9f4e-7a1d2c3b4e5f',
  slug: 'blue-widget',
  name: 'Blue widget',
  price: { amount: 1999, currency: 'USD' },
  createdAt: '2026-01-15T09:30:00.000Z',
} as const;

const notImplemented = (): never => {
  throw new Error('fake router: only its shape is used');
};

export const fakeRouter = router({
  list: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/widgets', tags: ['widgets'], summary: 'List widgets' } })
    .input(z.object({ q: z.string().optional(), limit: z.coerce.number().int().min(1).max(100).default(20) }))
    .output(z.object({ items: z.array(Widget), nextCursor: z.string().nullable() }))
    .query(notImplemented),
  byId: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/widgets/{id}', tags: ['widgets'], summary: 'Get a widget' } })
    .input(z.object({ id: z.string() }))
    .output(Widget)
    .query(notImplemented),
  create: staffProcedure('products:write')
    .meta({ openapi: { method: 'POST', path: '/widgets', tags: ['widgets'], summary: 'Create a widget' }, successStatus: 201 })
    .input(WidgetInput)
    .output(Widget)
    .mutation(notImplemented),
  archive: staffProcedure('products:write')
    .meta({ openapi: { method: 'DELETE', path: '/widgets/{id}', tags: ['widgets'], summary: 'Archive a widget' }, successStatus: 204 })
    .input(z.object({ id: z.uuid() }))
    .output(z.void())
    .mutation(notImplemented),
  mine: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/widgets/mine', tags: ['widgets'], summary: 'My widgets' } })
    .output(z.array(Widget))
    .query(notImplemented),
});

export const fakeSpec: ServiceDocumentSpec = {
  file: 'fake_service_api.yaml',
  title: 'Fake widget service',
  description: 'A fixture for the OpenAPI generator tests.',
  version: '1.0.0',
  router: fakeRouter,
  tags: { widgets: 'Widgets for tests.' },
  examples: {
    list: { parameters: { q: 'blue', limit: 20 }, response: { items: [widget], nextCursor: null } },
    byId: { parameters: { id: widget.slug }, response: widget },
    create: { request: { name: 'Blue widget', priceCents: 1999 }, response: widget },
    archive: { parameters: { id: widget.id } },
    mine: { response: [widget] },
  },
};
