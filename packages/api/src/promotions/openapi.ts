import type { DomainDocument, OperationExamples } from '../runtime/docs.js';
import { tokenExpired } from '../openapi/example-values.js';

/**
 * promotions's published REST document (data/docs/promotion_service_api.yaml): its text, and examples keyed by
 * operationId where the schemas' own cannot say it (checked against the procedures by openapi/generate.ts).
 */
const examples: Record<string, OperationExamples> = {
  promotionsCreate: {
    errors: { 400: { message: 'name: Name is required' }, 401: tokenExpired },
  },
};

export const document: DomainDocument = {
  file: 'promotion_service_api.yaml',
  title: 'OmniCart promotions service API',
  description: [
    'Promotions (the promotions service), as served by the gateway under `/api/v1`. Discount codes and automatic promotions: evaluation, exactly-once redemptions reserved at checkout, committed when paid, released on failure.',
    '',
    'Send an access token from `POST /users/login` as `Authorization: Bearer <token>`. Every error answers `{ "error": { "code", "message" } }`.',
    '',
    'Generated from the tRPC router (packages/api/src/promotions) by `npm run openapi`; do not edit by hand.',
  ].join('\n'),
  operationIdPrefix: 'promotions',
  tags: { promotions: 'Promotions.' },
  examples,
};
