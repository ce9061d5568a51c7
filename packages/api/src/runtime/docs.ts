import type { DomainErrorCode } from '@omnicart/contracts';

/**
 * What a domain says about its published REST document (its `openapi.ts`): the text around the
 * routes its router generates, the schemas to publish as named components, and examples. The
 * generator (openapi/) adds the router and the version; the platform lists every domain's.
 */

export type ErrorStatus = 400 | 401 | 402 | 403 | 404 | 409 | 415 | 422 | 429 | 503;

/** Hand-written examples for one operation (trpc-to-openapi cannot carry media-type examples). */
export interface OperationExamples {
  /** JSON request body. */
  request?: Record<string, unknown>;
  /** Path and query parameter values. */
  parameters?: Record<string, string | number | boolean | string[]>;
  /** Success body; omit for 204. */
  response?: unknown;
  /** Extra or more specific error responses than the ones derived from the procedure's access and input. */
  errors?: Partial<Record<ErrorStatus, ErrorExample>>;
  /** Statuses a router's `errorResponses` declares that the operation cannot produce (say why beside it). */
  omitErrors?: ErrorStatus[];
  /** Request headers the operation reads (e.g. Idempotency-Key), documented as header parameters. */
  headers?: HeaderParameter[];
}

export interface HeaderParameter {
  name: string;
  required: boolean;
  description: string;
  example: string;
}

export interface ErrorExample {
  description?: string;
  code?: DomainErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

/** A domain's OpenAPI document, less what the generator adds (the router, the version). */
export interface DomainDocument {
  /** File name under data/docs/, e.g. `product_service_api.yaml`. */
  file: string;
  title: string;
  description: string;
  /**
   * zod schemas to publish as named components (`#/components/schemas/<name>`); every use of the
   * same schema object becomes a $ref instead of an inline copy.
   */
  components?: Record<string, unknown>;
  /** Prefixed to derived operationIds so they read well in generated clients (`users` → `usersLogin`). */
  operationIdPrefix?: string;
  /** Every tag used by an operation, with its description. */
  tags: Record<string, string>;
  /**
   * Keyed by operationId. Wins over examples carried by the zod schemas (`.meta({ example })`);
   * every operation must end up with a request example (if it takes a body) and a success example.
   */
  examples: Record<string, OperationExamples>;
}

/** The footer most documents end their description with. */
export const ERROR_BODY_NOTE = 'Every error answers `{ "error": { "code", "message" } }`.';
