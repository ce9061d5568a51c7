// Analytics calls no other domain yet. Outbound calls live here, behind small ports the service
// depends on (see orders/clients.ts): `deps.client<OtherRouter>('other')` gives a typed tRPC client
// with this service's token, the call timeout and the trace headers.
export {};
