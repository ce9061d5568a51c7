import type { z } from 'zod';

/**
 * Output validation once per object. tRPC parses every answer with the procedure's `.output()`
 * schema (REST goes through the same call machinery). A read served from a service's read cache
 * is the very object the service built and that schema already passed: parsing it again on every
 * hit (24 products × every field, uuid patterns included) was a measured hot spot of the catalog's
 * listings. `parseOncePerObject(schema)` memoises the schema's `parseAsync` — what tRPC calls — per
 * input object (a WeakMap, so nothing outlives the cache entry): a new object is parsed as before
 * (a bad one still fails as "Output validation failed"), the same object again gets the same parsed
 * result back. Services must treat what they cache and return as immutable (they do: viewers get
 * copies made before caching).
 *
 * The schema instance is kept (patched in place, once), so OpenAPI components, `.meta()` and type
 * inference, which key on the instance, are untouched; `parse`/`safeParse` are not memoised.
 */
const memoised = new WeakSet<object>();

export function parseOncePerObject<S extends z.ZodType>(schema: S): S {
  if (memoised.has(schema)) return schema;
  const parseAsync = schema.parseAsync.bind(schema);
  const parsed = new WeakMap<object, unknown>();
  const once = async (value: unknown, params?: Parameters<S['parseAsync']>[1]) => {
    if (typeof value !== 'object' || value === null) return parseAsync(value, params);
    if (parsed.has(value)) return parsed.get(value);
    const result = await parseAsync(value, params);
    parsed.set(value, result);
    return result;
  };
  Object.defineProperty(schema, 'parseAsync', { value: once, configurable: true, writable: true });
  memoised.add(schema);
  return schema;
}
