import type { DomainDocument, OperationExamples } from '../runtime/docs.js';

/**
 * recommendations' published REST document (data/docs/recommendation_service_api.yaml): its text,
 * and examples keyed by operationId where the schemas' own cannot say it (checked against the
 * procedures by openapi/generate.ts).
 */
const PRODUCT = '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const OTHER = '0b7e4a1c-2d3f-4a5b-9c6d-7e8f9a0b1c2d';
const at = '2026-12-07T10:30:00.000Z';

const examples: Record<string, OperationExamples> = {
  recommendationsAlsoBought: {
    parameters: { productId: PRODUCT, limit: 8 },
    response: {
      shelf: 'also_bought',
      items: [
        { productId: OTHER, score: 0.42, reason: 'Bought together by 14 customers', source: 'model' },
        { productId: PRODUCT, score: 0.05, reason: 'Viewed together in 9 sessions', source: 'model' },
      ],
      fallback: false,
      generatedAt: at,
    },
    errors: { 400: { message: 'limit: limit must be at most 24' }, 404: { message: `Unknown product ${PRODUCT}` } },
  },
  recommendationsSimilar: {
    parameters: { productId: PRODUCT, limit: 8 },
    response: { shelf: 'similar', items: [{ productId: OTHER, score: 0.81, reason: 'Same category, shares brand and 2 attributes', source: 'model' }], fallback: false, generatedAt: at },
    errors: { 400: { message: 'productId: productId must be a UUID' }, 404: { message: `Unknown product ${PRODUCT}` } },
  },
  recommendationsBoughtTogether: {
    request: { productIds: [PRODUCT], limit: 8 },
    response: { shelf: 'bought_together', items: [{ productId: OTHER, score: 0.63, reason: 'Often bought with 2 items in your cart', source: 'model' }], fallback: false, generatedAt: at },
    errors: { 400: { message: 'productIds: productIds needs at least one product' } },
  },
  recommendationsForYou: {
    parameters: { visitorId: OTHER, limit: 8 },
    response: { shelf: 'for_you', items: [{ productId: OTHER, score: 1.7, reason: 'Based on 3 products you viewed or bought', source: 'model' }], fallback: false, generatedAt: at },
    errors: { 400: { message: 'visitorId: visitorId must be a UUID' } },
  },
  recommendationsTrending: {
    parameters: { limit: 8 },
    response: { shelf: 'trending', items: [{ productId: OTHER, score: 61.5, reason: 'Trending: 31 views and 6 orders this week', source: 'trending' }], fallback: false, generatedAt: at },
    errors: { 400: { message: 'limit: limit must be at least 1' }, 404: { message: `Unknown category ${PRODUCT}` } },
  },
};

export const document: DomainDocument = {
  file: 'recommendation_service_api.yaml',
  title: 'OmniCart recommendations service API',
  description: [
    'Recommendations (the recommendations service), as served by the gateway under `/api/v1`: shelves of products with the reason each was chosen — customers also bought, similar products, frequently bought together (a cart), recommended for you, trending — answered from precomputed top-k lists learnt from orders, behaviour (analytics) and catalog events.',
    '',
    'Every shelf is public; `for-you` uses the signed-in shopper (`Authorization: Bearer <token>`) when there is one. Never a draft, archived or out-of-stock product. Every error answers `{ "error": { "code", "message" } }`.',
    '',
    'Generated from the tRPC router (packages/api/src/recommendations) by `npm run openapi`; do not edit by hand.',
  ].join('\n'),
  operationIdPrefix: 'recommendations',
  tags: { recommendations: 'Product recommendation shelves.' },
  examples,
};
