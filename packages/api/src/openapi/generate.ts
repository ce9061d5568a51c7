import type { AnyRouter } from '@trpc/server';
import { forEachOpenApiProcedure, generateOpenApiDocument, getInputOutputParsers, normalizePath, type OpenApiRouter } from 'trpc-to-openapi';
import { stringify } from 'yaml';
import { DOMAIN_ERROR_CODES, type DomainErrorCode } from '../runtime/errors.js';
import type { DomainDocument, ErrorStatus, OperationExamples } from '../runtime/docs.js';
import { permissionRefusal } from '../runtime/auth.js';
import { isStaffAccess, type Access, type ProcedureMeta } from '../runtime/trpc.js';

/** Where integrators reach every REST route: the gateway. */
export const REST_BASE_URL = 'http://localhost:4000/api/v1';
export const OPENAPI_VERSION = '3.0.3';
const BEARER = 'bearerAuth';

export type { ErrorExample, ErrorStatus, HeaderParameter, OperationExamples } from '../runtime/docs.js';

/** A published document: a domain's description of it (see runtime/docs.ts), its router and version. */
export interface ServiceDocumentSpec extends DomainDocument {
  version: string;
  router: AnyRouter;
}

type Json = Record<string, unknown>;

/** The error each status stands for when an operation does not say more. */
const DEFAULT_ERRORS: Record<ErrorStatus, { description: string; code: DomainErrorCode; message: string }> = {
  400: {
    description: 'The input failed validation (a field, or a query parameter the operation does not know); nothing was changed.',
    code: 'VALIDATION_FAILED',
    message: 'Invalid input',
  },
  401: {
    description: 'Missing, malformed, expired or tampered access token.',
    code: 'UNAUTHORIZED',
    message: 'Authentication required: send a Bearer access token',
  },
  402: { description: 'The payment was declined; nothing was charged.', code: 'PAYMENT_DECLINED', message: 'Your card was declined.' },
  403: { description: 'The caller is signed in but lacks the permission the operation requires (see x-omnicart-permission).', code: 'FORBIDDEN', message: 'This operation requires the products:write permission' },
  404: { description: 'No such resource (or not visible to the caller).', code: 'NOT_FOUND', message: 'Not found' },
  409: { description: 'The request conflicts with the current state.', code: 'CONFLICT', message: 'Conflict' },
  415: {
    description: 'The body is not `application/json` (or has no Content-Type); nothing was changed.',
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'Unsupported Content-Type "text/plain": send the body as application/json',
  },
  422: {
    description: 'The Idempotency-Key was already used with a different request body (draft-ietf-httpapi-idempotency-key-header); use a new key.',
    code: 'IDEMPOTENCY_KEY_REUSED',
    message: 'Idempotency-Key "…" was already used with a different request body; use a new key for a new order',
  },
  429: {
    description: 'Too many requests from this client (gateway per-IP rate limit); `Retry-After` says when to try again.',
    code: 'TOO_MANY_REQUESTS',
    message: 'Rate limit exceeded; retry in 1 s',
  },
  503: {
    description: 'A service this operation depends on is unavailable; nothing was committed, retry later.',
    code: 'UNAVAILABLE',
    message: 'The inventory service is unavailable; try again shortly',
  },
};

const METHOD_ORDER = ['get', 'put', 'post', 'delete', 'patch'];

interface OperationInfo {
  procedurePath: string;
  meta: ProcedureMeta;
  inputParser: { safeParse(value: unknown): { success: boolean; error?: unknown } };
  outputParser: { safeParse(value: unknown): { success: boolean; error?: unknown } } | undefined;
}

/** `meta.openapi.operationId`, else camelCase of prefix + tRPC path: (`users`, `byId`) → `usersById`. */
export function operationIdFor(procedurePath: string, meta: ProcedureMeta, prefix = ''): string {
  if (meta.openapi?.operationId) return meta.openapi.operationId;
  return [prefix, ...procedurePath.split('.')]
    .filter(Boolean)
    .map((part, index) => (index === 0 ? part : part.charAt(0).toUpperCase() + part.slice(1)))
    .join('');
}

function collectOperations(appRouter: AnyRouter): Map<string, OperationInfo> {
  const operations = new Map<string, OperationInfo>();
  forEachOpenApiProcedure<ProcedureMeta>(appRouter._def.procedures as never, ({ path, procedure, meta }) => {
    const { inputParser, outputParser } = getInputOutputParsers(procedure);
    const key = `${meta.openapi.method.toLowerCase()} ${normalizePath(meta.openapi.path)}`;
    operations.set(key, { procedurePath: path, meta, inputParser, outputParser });
  });
  return operations;
}

/**
 * The OpenAPI 3.0 document of one service, describing what the REST adapter behind the gateway
 * really does: success statuses from `meta.successStatus`, our `{ error: { code, message } }`
 * body for every error, bearer security on authenticated and admin operations, examples.
 */
export function generateServiceDocument(spec: ServiceDocumentSpec): Json {
  const raw = generateOpenApiDocument(spec.router as OpenApiRouter, {
    title: spec.title,
    description: spec.description,
    version: spec.version,
    baseUrl: REST_BASE_URL,
    openApiVersion: OPENAPI_VERSION,
    ...(spec.components ? { defs: spec.components as NonNullable<Parameters<typeof generateOpenApiDocument>[1]['defs']> } : {}),
    securitySchemes: {
      [BEARER]: {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'Access token from `POST /users/login` (EdDSA-signed JWT, verified against identity\'s JWKS).',
      },
    },
  });
  // JSON round trip: drops `undefined` members so the YAML is clean and comparisons are exact.
  const doc = JSON.parse(JSON.stringify(raw)) as Json;
  const operations = collectOperations(spec.router);
  const paths = (doc.paths ?? {}) as Record<string, Record<string, Json>>;
  const usedTags = new Set<string>();
  const seenOperationIds = new Set<string>();
  const problems: string[] = [];

  for (const [path, item] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!METHOD_ORDER.includes(method)) continue;
      const info = operations.get(`${method} ${path}`);
      if (!info) throw new Error(`No procedure found for ${method.toUpperCase()} ${path}`);
      if (info.meta.access === 'internal') {
        // The gateway answers 404 for these: a REST route on an internal procedure is a bug.
        problems.push(`${method.toUpperCase()} ${path}: internal procedure ${info.procedurePath} must not have REST meta`);
        continue;
      }
      const operationId = operationIdFor(info.procedurePath, info.meta, spec.operationIdPrefix);
      if (seenOperationIds.has(operationId)) problems.push(`duplicate operationId ${operationId}`);
      seenOperationIds.add(operationId);
      const examples = resolveExamples(info, spec.examples[operationId] ?? {}, operation);
      const missing = checkExamples(operationId, info, examples, operation);
      if (missing.length) {
        problems.push(...missing);
        continue;
      }
      for (const tag of (operation.tags as string[] | undefined) ?? []) usedTags.add(tag);
      item[method] = rewriteOperation(operation, operationId, info, examples, path, method);
    }
  }
  for (const operationId of Object.keys(spec.examples)) {
    // A typo in the table would otherwise silently leave an operation on schema examples.
    if (!seenOperationIds.has(operationId)) problems.push(`examples table names unknown operation ${operationId}`);
  }
  for (const tag of usedTags) if (!spec.tags[tag]) problems.push(`tag "${tag}" has no description`);
  if (problems.length) throw new Error(`Cannot generate ${spec.file}:\n  - ${problems.join('\n  - ')}`);

  mergeIdenticalPaths(paths);
  allowNullInNullableEnums(doc);
  doc.info = { title: spec.title, description: spec.description, version: spec.version };
  doc.servers = [{ url: REST_BASE_URL, description: 'Gateway on a developer machine (`npm start`)' }];
  doc.tags = [...usedTags].sort().map((name) => ({ name, description: spec.tags[name] }));
  const components = (doc.components ?? {}) as Json;
  components.schemas = { ...((components.schemas as Json | undefined) ?? {}), Error: ERROR_SCHEMA };
  doc.components = components;
  pruneSchemas(doc);
  delete doc.externalDocs;
  return canonicalize(doc);
}

const ERROR_SCHEMA = {
  type: 'object',
  description: 'The body of every error response.',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: [...DOMAIN_ERROR_CODES], description: 'Stable machine-readable code.' },
        message: { type: 'string', description: 'Human-readable explanation; never a stack trace or SQL.' },
        details: { type: 'object', additionalProperties: true, description: 'Extra facts safe to show, e.g. retryAfterSeconds.' },
      },
    },
  },
};

function rewriteOperation(operation: Json, operationId: string, info: OperationInfo, examples: OperationExamples, path: string, method: string): Json {
  const { meta, inputParser } = info;
  const access: Access = meta.access ?? 'public';
  const successStatus = meta.successStatus ?? 200;
  const parameters = (operation.parameters as Json[] | undefined)?.map((parameter) => {
    const name = parameter.name as string;
    const value = examples.parameters?.[name];
    // trpc-to-openapi unwraps `.optional()` and drops the description attached to the wrapper.
    const description = parameter.description ?? (parameter.schema as Json | undefined)?.description ?? fieldDescription(inputParser, name);
    return {
      ...parameter,
      ...(typeof description === 'string' ? { description } : {}),
      ...(value === undefined ? {} : { example: value }),
    };
  });
  const headerParameters = (examples.headers ?? []).map((header) => ({
    name: header.name,
    in: 'header',
    required: header.required,
    description: header.description,
    schema: { type: 'string' },
    example: header.example,
  }));
  const allParameters = [...(parameters ?? []), ...headerParameters];
  const requestBody = operation.requestBody as { content?: Record<string, Json> } | undefined;
  if (requestBody?.content) {
    for (const media of Object.values(requestBody.content)) media.example = examples.request;
  }

  const oldSuccess = ((operation.responses as Record<string, Json> | undefined) ?? {})['200'] ?? {};
  const responses: Record<string, Json> = {};
  if (successStatus === 204) {
    responses['204'] = { description: meta.openapi?.successDescription ?? 'Done; no content.' };
  } else {
    const content = (oldSuccess.content ?? {}) as Record<string, Json>;
    for (const media of Object.values(content)) media.example = examples.response;
    responses[String(successStatus)] = {
      description: meta.openapi?.successDescription ?? (successStatus === 201 ? 'Created' : successStatus === 202 ? 'Accepted' : 'OK'),
      content,
    };
  }

  const statuses = new Set<ErrorStatus>([429]);
  // GET/DELETE refuse unknown query parameters (runtime/rest.ts), whatever the operation declares.
  if (requestBody || parameters?.some(canFailValidation) || method === 'get' || method === 'delete') statuses.add(400);
  if (requestBody) statuses.add(415);
  if (access !== 'public') statuses.add(401);
  if (isStaffAccess(access)) statuses.add(403);
  if (/\{[^}]+\}/.test(path)) statuses.add(404);
  const declared = meta.openapi?.errorResponses;
  const declaredStatuses = Array.isArray(declared) ? declared : Object.keys(declared ?? {}).map(Number);
  for (const status of declaredStatuses) if (status in DEFAULT_ERRORS) statuses.add(status as ErrorStatus);
  for (const status of Object.keys(examples.errors ?? {})) statuses.add(Number(status) as ErrorStatus);
  for (const status of examples.omitErrors ?? []) statuses.delete(status);
  const declaredDescriptions: Partial<Record<number, string>> = Array.isArray(declared) ? {} : (declared ?? {});
  for (const status of [...statuses].sort()) {
    const fallback = DEFAULT_ERRORS[status];
    const specific = examples.errors?.[status];
    const error = {
      code: specific?.code ?? fallback.code,
      message: specific?.message ?? (status === 403 && isStaffAccess(access) ? permissionRefusal(access) : fallback.message),
      ...(specific?.details ? { details: specific.details } : {}),
    };
    responses[String(status)] = {
      description: specific?.description ?? declaredDescriptions[status] ?? fallback.description,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' }, example: { error } } },
    };
  }

  const rewritten: Json = {
    ...operation,
    operationId,
    // A public operation marked `protect` reads a token when one is sent (optional bearer: `{}` or the token).
    security: access === 'public' ? (meta.openapi?.protect ? [{}, { [BEARER]: [] }] : []) : [{ [BEARER]: [] }],
    // The staff permission the gateway and the service check (roles: packages/contracts permissions.ts).
    ...(isStaffAccess(access) ? { 'x-omnicart-permission': access } : {}),
    responses,
  };
  if (allParameters.length) rewritten.parameters = allParameters;
  else delete rewritten.parameters;
  if (!rewritten.summary) rewritten.summary = operationId;
  return rewritten;
}

interface MetaCarrier {
  meta?: () => Record<string, unknown> | undefined;
}

interface ZodNode extends MetaCarrier {
  description?: string;
  shape?: Record<string, ZodNode>;
  _zod?: { def?: { innerType?: ZodNode } };
}

/** The description of an input field, looking through optional/default wrappers. */
function fieldDescription(inputParser: unknown, name: string): string | undefined {
  let node: ZodNode | undefined = (inputParser as ZodNode).shape?.[name];
  for (let depth = 0; node && depth < 5; depth++) {
    const description = node.description ?? (node.meta?.()?.description as string | undefined);
    if (description) return description;
    node = node._zod?.def?.innerType;
  }
  return undefined;
}

function schemaExample(schema: unknown): unknown {
  const meta = (schema as MetaCarrier | undefined)?.meta?.();
  return meta?.example;
}

/** Table entry first, then the examples the zod schemas carry (`.meta({ example })`). */
function resolveExamples(info: OperationInfo, table: OperationExamples, operation: Json): OperationExamples {
  const parameters = (operation.parameters as Json[] | undefined) ?? [];
  const inputExample = schemaExample(info.inputParser) as Record<string, unknown> | undefined;
  const parameterNames = new Set(parameters.map((parameter) => parameter.name as string));
  const resolvedParameters: Record<string, string | number | boolean | string[]> = {};
  for (const parameter of parameters) {
    const name = parameter.name as string;
    const value = table.parameters?.[name] ?? inputExample?.[name] ?? (parameter.schema as Json | undefined)?.example;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') resolvedParameters[name] = value;
    // A repeated query parameter (`?ids=a&ids=b`).
    else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) resolvedParameters[name] = value as string[];
  }
  let request = table.request;
  if (!request && operation.requestBody && inputExample) {
    request = Object.fromEntries(Object.entries(inputExample).filter(([key]) => !parameterNames.has(key)));
  }
  const response = table.response ?? (info.meta.successStatus === 204 ? undefined : schemaExample(info.outputParser));
  return {
    ...(request ? { request } : {}),
    ...(Object.keys(resolvedParameters).length ? { parameters: resolvedParameters } : {}),
    ...(response !== undefined ? { response } : {}),
    ...(table.errors ? { errors: table.errors } : {}),
    ...(table.omitErrors ? { omitErrors: table.omitErrors } : {}),
    ...(table.headers ? { headers: table.headers } : {}),
  };
}

/** A query parameter, or a path parameter with more than "any string" (e.g. a uuid), can be rejected with 400. */
function canFailValidation(parameter: Json): boolean {
  if (parameter.in !== 'path') return true;
  const schema = (parameter.schema ?? {}) as Json;
  return !(schema.type === 'string' && Object.keys(schema).length === 1);
}

function checkExamples(operationId: string, info: OperationInfo, examples: OperationExamples, operation: Json): string[] {
  const problems: string[] = [];
  if (operation.requestBody && !examples.request) problems.push(`${operationId}: missing request body example`);
  for (const parameter of (operation.parameters as Json[] | undefined) ?? []) {
    if (parameter.required && examples.parameters?.[parameter.name as string] === undefined) {
      problems.push(`${operationId}: missing example for required parameter "${String(parameter.name)}"`);
    }
  }
  const hasInput = examples.parameters !== undefined || examples.request !== undefined;
  // No input at all: the REST adapter passes `undefined` (z.void()) — or `{}` for an empty object schema.
  const parsedInput = hasInput
    ? info.inputParser.safeParse({ ...examples.parameters, ...examples.request })
    : [undefined, {}].map((value) => info.inputParser.safeParse(value)).find((result) => result.success) ??
      info.inputParser.safeParse(undefined);
  if (!parsedInput.success) problems.push(`${operationId}: request example does not satisfy the input schema: ${String(parsedInput.error)}`);
  const successStatus = info.meta.successStatus ?? 200;
  if (successStatus === 204) {
    if (examples.response !== undefined) problems.push(`${operationId}: 204 operations have no response example`);
  } else if (examples.response === undefined) {
    problems.push(`${operationId}: missing response example`);
  } else if (!info.outputParser) {
    problems.push(`${operationId}: procedure has no .output() schema`);
  } else {
    const parsedOutput = info.outputParser.safeParse(examples.response);
    if (!parsedOutput.success) problems.push(`${operationId}: response example does not satisfy the output schema: ${String(parsedOutput.error)}`);
  }
  return problems;
}

/**
 * OpenAPI forbids two templates that differ only in parameter names (`/products/{idOrSlug}` and
 * `/products/{id}`: "no-identical-paths"). On the wire they are one URL shape — our REST adapter
 * matches them as one — so the operations move under the template most of them use and
 * their path parameters are renamed by position; each keeps its own schema and description.
 */
function mergeIdenticalPaths(paths: Record<string, Record<string, Json>>): void {
  const byShape = new Map<string, string[]>();
  for (const path of Object.keys(paths).sort()) {
    const shape = path.replace(/\{[^}]+\}/g, '{}');
    byShape.set(shape, [...(byShape.get(shape) ?? []), path]);
  }
  for (const group of byShape.values()) {
    // The template most operations use wins (PUT+DELETE /products/{id} over GET /products/{idOrSlug}).
    const operationCount = (path: string) => Object.keys(paths[path] ?? {}).length;
    const [target, ...others] = [...group].sort((a, b) => operationCount(b) - operationCount(a) || (a < b ? -1 : 1));
    if (!target) continue;
    const targetNames = [...target.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
    for (const other of others) {
      const otherNames = [...other.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
      const rename = new Map(otherNames.map((name, index) => [name, targetNames[index] as string]));
      for (const [method, operation] of Object.entries(paths[other] ?? {})) {
        if ((paths[target] as Json)[method]) throw new Error(`${method.toUpperCase()} ${other} and ${target} are the same route`);
        const parameters = (operation.parameters as Json[] | undefined)?.map((parameter) =>
          parameter.in === 'path' && rename.has(parameter.name as string) ? { ...parameter, name: rename.get(parameter.name as string) } : parameter,
        );
        (paths[target] as Json)[method] = parameters ? { ...operation, parameters } : operation;
      }
      delete paths[other];
    }
  }
}

/**
 * Keeps only the component schemas the operations reach. trpc-to-openapi registers its own
 * `error.<TRPC_CODE>` schemas for the tRPC error shape (our REST adapter answers with `Error`
 * instead), and zod-openapi registers an input and an output variant of each named schema
 * (`Product`, `ProductOutput`) even when only one is used. A lone `<Name>Output` is then renamed
 * `<Name>`.
 */
/**
 * OpenAPI 3.0.3: `nullable: true` does not widen an `enum`, so a nullable enum must list `null`
 * itself (validators such as redocly reject a `null` example otherwise).
 */
function allowNullInNullableEnums(node: unknown): void {
  if (Array.isArray(node)) node.forEach(allowNullInNullableEnums);
  else if (node && typeof node === 'object') {
    const record = node as Json;
    if (record.nullable === true && Array.isArray(record.enum) && !record.enum.includes(null)) record.enum = [...record.enum, null];
    for (const [key, value] of Object.entries(record)) if (key !== 'example' && key !== 'examples') allowNullInNullableEnums(value);
  }
}

function pruneSchemas(doc: Json): void {
  const components = doc.components as Json;
  const schemas = components.schemas as Json;
  const { components: _components, ...rest } = doc;
  const referenced = new Set<string>();
  const queue: unknown[] = [rest];
  while (queue.length) {
    const node = queue.pop();
    if (Array.isArray(node)) queue.push(...node);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/schemas/')) {
          const name = value.slice('#/components/schemas/'.length);
          if (!referenced.has(name)) {
            referenced.add(name);
            queue.push(schemas[name]);
          }
        } else queue.push(value);
      }
    }
  }
  for (const name of Object.keys(schemas)) if (!referenced.has(name)) delete schemas[name];

  const renames = new Map<string, string>();
  for (const name of Object.keys(schemas)) {
    const base = name.endsWith('Output') ? name.slice(0, -'Output'.length) : undefined;
    if (base && !(base in schemas)) renames.set(name, base);
  }
  if (renames.size === 0) return;
  const renamed: Json = {};
  for (const [name, schema] of Object.entries(schemas)) renamed[renames.get(name) ?? name] = schema;
  components.schemas = renamed;
  const rewrite = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(rewrite);
    else if (node && typeof node === 'object') {
      const record = node as Json;
      for (const [key, value] of Object.entries(record)) {
        if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/schemas/')) {
          const name = value.slice('#/components/schemas/'.length);
          const target = renames.get(name);
          if (target) record[key] = `#/components/schemas/${target}`;
        } else rewrite(value);
      }
    }
  };
  rewrite(doc);
}

const TOP_LEVEL_ORDER = ['openapi', 'info', 'servers', 'tags', 'security', 'paths', 'components'];
const OPERATION_ORDER = ['operationId', 'summary', 'description', 'tags', 'security', 'parameters', 'requestBody', 'responses', 'deprecated'];

function ordered(object: Json, order: readonly string[], sortRest = false): Json {
  const rest = Object.keys(object).filter((key) => !order.includes(key));
  if (sortRest) rest.sort();
  const result: Json = {};
  for (const key of [...order.filter((key) => key in object), ...rest]) result[key] = object[key];
  return result;
}

/** Fixed key order for the parts whose order is not given by the code (paths, methods, statuses, components). */
function canonicalize(doc: Json): Json {
  const paths = doc.paths as Record<string, Record<string, Json>>;
  const sortedPaths: Json = {};
  for (const path of Object.keys(paths).sort()) {
    const item = ordered(paths[path] as Json, METHOD_ORDER);
    for (const method of METHOD_ORDER) {
      const operation = item[method] as Json | undefined;
      if (!operation) continue;
      const responses = operation.responses as Json;
      item[method] = { ...ordered(operation, OPERATION_ORDER), responses: ordered(responses, [], true) };
    }
    sortedPaths[path] = item;
  }
  const components = doc.components as Json;
  const sortedComponents: Json = {};
  for (const section of Object.keys(components).sort()) sortedComponents[section] = ordered(components[section] as Json, [], true);
  return ordered({ ...doc, paths: sortedPaths, components: sortedComponents }, TOP_LEVEL_ORDER);
}

/** Deterministic YAML: no anchors/aliases, no line folding. */
export function renderYaml(doc: Json): string {
  return stringify(doc, { aliasDuplicateObjects: false, lineWidth: 0 });
}
