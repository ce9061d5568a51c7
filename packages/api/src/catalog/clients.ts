// The catalog calls no other domain: it learns stock levels from inventory's events
// (consumers/availability.ts). Outbound clients would live here, behind small ports, as in
// orders/clients.ts.
export {};
