import type { DomainDocument, OperationExamples } from '../runtime/docs.js';
import { tokenExpired } from '../openapi/example-values.js';

/**
 * recommendations's published REST document (data/docs/recommendation_service_api.yaml): its text, and examples keyed by
 * operationId where the schemas' own cannot say it (checked against the procedures by openapi/generate.ts).
 */
const examples: Record<string, OperationExamples> = {
  recommendationsCreate: {
    errors: { 400: { message: 'name: Name is required' }, 401: tokenExpired },
  },
};

export const document: DomainDocument = {
  file: 'recommendation_service_api.yaml',
  title: 'OmniCart recommendations service API',
  description: [
    'Recommendations (the recommendations service), as served by the gateway under `/api/v1`. Personalised and item-to-item product recommendations (also bought, similar, bought together, for you, trending) learnt from orders, behaviour and catalog events, answered from precomputed top-k lists',
    '',
    'Send an access token from `POST /users/login` as `Authorization: Bearer <token>`. Every error answers `{ "error": { "code", "message" } }`.',
    '',
    'Generated from the tRPC router (packages/api/src/recommendations) by `npm run openapi`; do not edit by hand.',
  ].join('\n'),
  operationIdPrefix: 'recommendations',
  tags: { recommendations: 'Recommendations.' },
  examples,
};
