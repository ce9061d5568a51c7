import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { initTRPC } from '@trpc/server';
import { parseOncePerObject } from './output.js';

const itemSchema = z.object({ id: z.uuid(), name: z.string() });
const pageSchema = z.object({ items: z.array(itemSchema) });

describe('parseOncePerObject', () => {
  it('parses an object once and answers the same object again with the same result', async () => {
    const schema = parseOncePerObject(z.object({ items: z.array(itemSchema) }));
    const run = vi.spyOn(schema._zod, 'run');
    const cached = { items: [{ id: '3f0c3f8e-1c1b-4a8e-9a53-0d6f1f5b2a10', name: 'Lamp' }] };
    const first = await schema.parseAsync(cached);
    const again = await schema.parseAsync(cached);
    expect(again).toBe(first);
    expect(first).toEqual(cached);
    expect(run).toHaveBeenCalledTimes(1);
    // Another object (even an equal one) is parsed.
    await schema.parseAsync({ items: [...cached.items] });
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('still refuses a bad object, every time (a failure is not remembered)', async () => {
    const schema = parseOncePerObject(z.object({ items: z.array(itemSchema) }));
    const bad = { items: [{ id: 'not-a-uuid', name: 'Lamp' }] };
    await expect(schema.parseAsync(bad)).rejects.toThrow();
    await expect(schema.parseAsync(bad)).rejects.toThrow();
  });

  it('keeps the schema instance (metadata and OpenAPI components key on it) and is idempotent', () => {
    const schema = pageSchema.meta({ description: 'A page' });
    expect(parseOncePerObject(schema)).toBe(schema);
    expect(parseOncePerObject(schema)).toBe(schema);
    expect(schema.meta()?.description).toBe('A page');
    expect(z.toJSONSchema(schema)).toEqual(z.toJSONSchema(pageSchema.meta({ description: 'A page' })));
  });

  it('is what a tRPC procedure output runs: a cached answer is validated on its first call only', async () => {
    const t = initTRPC.create();
    const schema = z.object({ items: z.array(itemSchema) });
    const cached = { items: [{ id: '3f0c3f8e-1c1b-4a8e-9a53-0d6f1f5b2a10', name: 'Lamp' }] };
    let fresh = false;
    const appRouter = t.router({
      list: t.procedure.output(parseOncePerObject(schema)).query(() => (fresh ? { items: [{ id: 'nope', name: 'x' }] } : cached)),
    });
    const caller = t.createCallerFactory(appRouter)({});
    const run = vi.spyOn(schema._zod, 'run');
    expect(await caller.list()).toEqual(cached);
    expect(await caller.list()).toEqual(cached);
    expect(run).toHaveBeenCalledTimes(1);
    fresh = true;
    await expect(caller.list()).rejects.toThrow('Output validation failed');
  });
});
