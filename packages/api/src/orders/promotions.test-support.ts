import type { DiscountRequest, Evaluation, Promotions } from './clients.js';

/**
 * A promotions port under which no promotion applies (orders' own suites; the promotions suite and
 * the commerce platform cover discounts against the real service).
 */
const nothingOff = (request: DiscountRequest): Evaluation => ({
  discount: 0,
  shippingDiscount: 0,
  lines: request.lines.map((line) => ({ productId: line.productId, amount: 0 })),
  applied: [],
  codeRefusal: null,
});

export const NO_PROMOTIONS: Promotions = {
  evaluate: async (request) => nothingOff(request),
  reserve: async (_orderId, request) => nothingOff(request),
  release: async () => undefined,
};
