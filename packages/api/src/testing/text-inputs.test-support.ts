import type { AnyRouter, AnyTRPCProcedure } from '@trpc/server';
import { storableText } from '@omnicart/contracts';
import type { z } from 'zod';
import { loadDomains, DOMAIN_NAMES, type DomainName } from '../platform/index.js';
import type { Access, ProcedureMeta } from '../runtime/trpc.js';

/**
 * Finds every string an API input takes, from the procedures' own zod input schemas (the same
 * schemas the REST adapter, tRPC and the OpenAPI documents use), so the text rule's tests cover a
 * procedure or a field the day it is added. Used by `platform/text-inputs.test.ts` (each string
 * follows @omnicart/contracts' `storableText` rule) and `testing/text-inputs.integration.test.ts`
 * (each one refused with a NUL or a lone surrogate, over REST and tRPC).
 */

/** A path segment standing for "any key" of a record (z.record). */
export const ANY_KEY = '*';

export interface StringField {
  /** Where the string sits in the input, e.g. ['shippingAddress', 'name'], ['images', 0, 'url'], ['attributes', '*']. */
  path: Array<string | number>;
  /** true: the string is a record's key (the path names the record). */
  isKey: boolean;
  /** The schema that receives the raw string (for a pipe, its input side). */
  schema: z.ZodType;
}

interface Def {
  type: string;
  format?: string;
  checks?: unknown[];
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
  items?: z.ZodType[];
  rest?: z.ZodType | null;
  getter?: () => z.ZodType;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'catch', 'readonly', 'nonoptional', 'success']);

/** The string fields of an input schema (a pipe counts once, by its input side). */
export function stringFields(schema: z.ZodType): StringField[] {
  const found: StringField[] = [];
  const seen = new Set<z.ZodType>();
  const visit = (node: z.ZodType, path: Array<string | number>, isKey: boolean, depth: number): void => {
    if (depth > 20) return;
    const def = defOf(node);
    if (WRAPPERS.has(def.type) && def.innerType) return visit(def.innerType, path, isKey, depth + 1);
    switch (def.type) {
      case 'string':
        found.push({ path, isKey, schema: node });
        return;
      case 'pipe':
        if (def.in) visit(def.in, path, isKey, depth + 1);
        return;
      case 'lazy':
        if (def.getter && !seen.has(node)) {
          seen.add(node);
          visit(def.getter(), path, isKey, depth + 1);
        }
        return;
      case 'object':
        for (const [key, child] of Object.entries(def.shape ?? {})) visit(child, [...path, key], false, depth + 1);
        return;
      case 'array':
        if (def.element) visit(def.element, [...path, 0], false, depth + 1);
        return;
      case 'record':
        if (def.keyType) visit(def.keyType, path, true, depth + 1);
        if (def.valueType) visit(def.valueType, [...path, ANY_KEY], false, depth + 1);
        return;
      case 'union':
        for (const option of def.options ?? []) visit(option, path, isKey, depth + 1);
        return;
      case 'intersection':
        if (def.left) visit(def.left, path, isKey, depth + 1);
        if (def.right) visit(def.right, path, isKey, depth + 1);
        return;
      case 'tuple':
        (def.items ?? []).forEach((item, index) => visit(item, [...path, index], false, depth + 1));
        if (def.rest) visit(def.rest, [...path, (def.items ?? []).length], false, depth + 1);
        return;
      default:
        // numbers, booleans, enums, literals...: no free text.
        return;
    }
  };
  visit(schema, [], false, 0);
  return found;
}

/**
 * String formats whose own pattern admits neither NUL nor a surrogate (ASCII only). `url` is not
 * one: WHATWG URL parsing accepts what it would percent-encode, and zod keeps the raw string.
 */
const ASCII_FORMATS = new Set(['uuid', 'guid', 'email', 'datetime', 'date', 'time', 'duration', 'ipv4', 'ipv6', 'cidrv4', 'cidrv6', 'ulid', 'cuid', 'cuid2', 'nanoid']);

/** Does this string schema follow the shared rule (or take only an ASCII format)? */
export function followsTextRule(field: StringField): boolean {
  const def = defOf(field.schema);
  return (def.checks ?? []).includes(storableText) || (def.format !== undefined && ASCII_FORMATS.has(def.format));
}

export interface ApiProcedure {
  domain: DomainName;
  /** The procedure's path in its domain's router, e.g. `checkout`. */
  name: string;
  type: 'query' | 'mutation' | 'subscription';
  access: Access;
  /** Its REST route, when it has one. */
  rest?: { method: string; path: string };
  inputs: z.ZodType[];
}

/** Every procedure of every registered domain, from the metadata-only routers (no database). */
export async function apiProcedures(): Promise<ApiProcedure[]> {
  const procedures: ApiProcedure[] = [];
  for (const { manifest, module } of await loadDomains(DOMAIN_NAMES)) {
    const router: AnyRouter = module.describeRouter();
    for (const [name, procedure] of Object.entries(router._def.procedures as Record<string, AnyTRPCProcedure>)) {
      const def = procedure._def as unknown as { type: ApiProcedure['type']; meta?: ProcedureMeta; inputs?: z.ZodType[] };
      const openapi = def.meta?.openapi;
      procedures.push({
        domain: manifest.name as DomainName,
        name,
        type: def.type,
        access: def.meta?.access ?? 'public',
        ...(openapi ? { rest: { method: openapi.method.toUpperCase(), path: openapi.path } } : {}),
        inputs: def.inputs ?? [],
      });
    }
  }
  return procedures;
}
