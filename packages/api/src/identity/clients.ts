// Identity calls no other domain: it is the root of trust the others ask (JWKS, tokens). Outbound
// clients would live here, behind small ports, as in orders/clients.ts.
export {};
