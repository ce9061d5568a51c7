// Payments calls no other domain. Its one outbound dependency is Stripe, reached through the
// official SDK (stripe.ts: real Stripe, or the local simulator in development and tests).
export {};
