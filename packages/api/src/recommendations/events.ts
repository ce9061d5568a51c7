/**
 * Recommendations announces nothing: it learns from orders', catalog's, inventory's and
 * analytics' events (consumers/) and answers shelves. Its outbox exists as every domain's does.
 */
export const recommendationsEvents = [] as const;
