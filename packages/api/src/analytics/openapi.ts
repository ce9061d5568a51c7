import type { DomainDocument, OperationExamples } from '../runtime/docs.js';
import { tokenExpired } from '../openapi/example-values.js';

/**
 * analytics's published REST document (data/docs/analytics_service_api.yaml): its text, and examples keyed by
 * operationId where the schemas' own cannot say it (checked against the procedures by openapi/generate.ts).
 */
const examples: Record<string, OperationExamples> = {
  analyticsCreate: {
    errors: { 400: { message: 'name: Name is required' }, 401: tokenExpired },
  },
};

export const document: DomainDocument = {
  file: 'analytics_service_api.yaml',
  title: 'OmniCart analytics service API',
  description: [
    'Analytics (the analytics service), as served by the gateway under `/api/v1`. Behaviour events, sales facts and rollups; admin reports (sales, products, categories, funnel, search, retention, recommendations)',
    '',
    'Send an access token from `POST /users/login` as `Authorization: Bearer <token>`. Every error answers `{ "error": { "code", "message" } }`.',
    '',
    'Generated from the tRPC router (packages/api/src/analytics) by `npm run openapi`; do not edit by hand.',
  ].join('\n'),
  operationIdPrefix: 'analytics',
  tags: { analytics: 'Analytics.' },
  examples,
};
